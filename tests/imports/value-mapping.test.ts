// Imports in the office's own words, through the pages and the API: list columns read forgivingly,
// the value mapping step (confirm, pick another, reject), value mappings remembered for the next
// file and reviewed by an admin, cells corrected in the preview, and the API doing all the page does.
import type { Express } from 'express';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/database/connect.js';
import { addPartner, apiClient, bearerFor, signedInAgent, testApp } from '../helpers/app.js';

let app: Express;
let db: Db;
let officer: ReturnType<typeof apiClient>;

beforeEach(async () => {
  ({ app, db } = await testApp());
  officer = apiClient(app, await bearerFor(db, 'officer'));
});

const csv = (text: string) => Buffer.from(text, 'utf8');

function upload(type: string, file: Buffer, name: string, extra: Record<string, string> = {}, lang = 'es') {
  let req = officer.post(`/api/v1/imports?type=${type}`).set('Accept-Language', lang);
  for (const [key, value] of Object.entries(extra)) req = req.field(key, value);
  return req.attach('file', file, name);
}

const stored = (name: string) =>
  db.selectFrom('partners').selectAll().where('name', '=', name).executeTakeFirstOrThrow();
const linkedCodes = async (partnerId: number) => ({
  territories: (
    await db
      .selectFrom('partnerTerritories')
      .innerJoin('territories', 'territories.id', 'partnerTerritories.territoryId')
      .select('territories.code')
      .where('partnerId', '=', partnerId)
      .orderBy('territories.code')
      .execute()
  ).map((r) => r.code),
  assistanceTypes: (
    await db
      .selectFrom('partnerAssistanceTypes')
      .innerJoin('assistanceTypes', 'assistanceTypes.id', 'partnerAssistanceTypes.assistanceTypeId')
      .select('assistanceTypes.code')
      .where('partnerId', '=', partnerId)
      .orderBy('assistanceTypes.code')
      .execute()
  ).map((r) => r.code),
});

// Every list column in an office's own words; none needs a confirmation.
const OFFICE_WORDS =
  'Nombre;Tipo;Localización;Estado;Personal;Territorios;Sectores\n' +
  'Red Uno;ONG local;local;vigente;8;UIO, Carchi / Tulcán;ASH, efectivo\n' +
  'Parroquia San José;Iglesia;Actor local;activa;5;GYE;Alimentos\n' +
  'Comité Barrial Norte;Org. comunitaria;no estatal;Suspendido;3;nueva loja;VBG, niñez\n';

describe('list columns in the office’s words', () => {
  it('reads every list column of a partner file without asking, and stores the app’s values', async () => {
    const res = await upload('partners', csv(OFFICE_WORDS), 'socios.csv').expect(200);
    expect(res.body.counts).toMatchObject({ rows: 3, created: 3, rejected: 0 });
    expect(res.body.unrecognizedValues).toEqual([]);
    await officer.post(`/api/v1/imports/${res.body.id}/commit`).expect(201);
    const red = await stored('Red Uno');
    expect([red.organizationType, red.localizationCategory, red.status]).toEqual([
      'national_ngo',
      'local_national_non_state',
      'active',
    ]);
    expect(await linkedCodes(red.id)).toEqual({
      territories: ['quito', 'tulcan'],
      assistanceTypes: ['multipurpose_cash', 'wash'],
    });
    expect((await stored('Parroquia San José')).organizationType).toBe('faith_based');
    const comite = await stored('Comité Barrial Norte');
    expect([comite.organizationType, comite.status]).toEqual(['cbo', 'inactive']);
    expect(await linkedCodes(comite.id)).toEqual({
      territories: ['lago_agrio'],
      assistanceTypes: ['child_protection', 'gbv'],
    });
  });

  it('reads events, agreements and reviews in the office’s words', async () => {
    await addPartner(db, { name: 'Red Dos', ruc: '1790085783001' });
    const events = await upload(
      'events',
      csv(
        'RUC;Territorio;Sector;Fecha de solicitud;Primera asistencia\n1790085783001;UIO;alimentos;02/03/2026;03/03/2026\n',
      ),
      'eventos.csv',
    ).expect(200);
    expect(events.body.counts).toMatchObject({ created: 1, rejected: 0 });
    const procurement = apiClient(app, await bearerFor(db, 'procurement'));
    const agreements = await procurement
      .post('/api/v1/imports?type=agreements&dryRun=false')
      .attach(
        'file',
        csv(
          'Código;RUC;Título;Inicio;Fin;Monto;Territorios;Sectores;Estado\n' +
            'CONV-9;1790085783001;Kits;01/01/2026;30/06/2026;1000;Quito;Salud;En ejecución\n',
        ),
        'convenios.csv',
      )
      .expect(201);
    expect(agreements.body.counts).toMatchObject({ created: 1, rejected: 0 });
    const agreement = await db.selectFrom('agreements').select('status').executeTakeFirstOrThrow();
    expect(agreement.status).toBe('active');
    const reviews = await upload(
      'reviews',
      csv('RUC;Inicio;Fin;Calificación\n1790085783001;01/01/2025;31/12/2025;Muy bueno\n'),
      'evaluaciones.csv',
    ).expect(200);
    expect(reviews.body.counts).toMatchObject({ created: 1, rejected: 0 });
    await officer.post(`/api/v1/imports/${reviews.body.id}/commit`).expect(201);
    const review = await db.selectFrom('performanceReviews').select('rating').executeTakeFirstOrThrow();
    expect(review.rating).toBe(4);
  });
});

// A typo close enough to take (listed as such) and one that needs a confirmation.
const NEAR_MISSES =
  'Nombre;Tipo;Personal;Territorios;Sectores\n' +
  'Red Uno;Organizacion basada en la fee;8;Tulcn;Salud\n' +
  'Red Dos;ONG nacional;4;Tulcn;Salud\n' +
  'Red Tres;ONG nacional;4;Quito;Salud\n';

describe('the value mapping step', () => {
  it('lists each unrecognized value once, with its rows and suggestion, and rejects its rows until confirmed', async () => {
    const res = await upload('partners', csv(NEAR_MISSES), 'socios.csv').expect(200);
    expect(res.body.counts).toMatchObject({ rows: 3, rejected: 2 });
    expect(res.body.unrecognizedValues).toEqual([
      expect.objectContaining({
        column: 'Tipo',
        value: 'Organizacion basada en la fee',
        rows: 1,
        status: 'auto',
        means: { code: 'faith_based', label: 'Organización basada en la fe' },
      }),
      expect.objectContaining({
        column: 'Territorios',
        value: 'Tulcn',
        rows: 2,
        firstRow: 2,
        status: 'unconfirmed',
        means: null,
        suggestion: { code: 'tulcan', label: 'Tulcán', confidence: 0.83 },
      }),
    ]);
    expect(res.body.rejections[0].message).toBe(
      '«Tulcn» no está en la lista; ¿quiso decir «Tulcán» (83 %)? Confírmelo en «Valores no reconocidos» o corrija la celda. Se acepta: Quito, Tulcán, Huaquillas, Lago Agrio (Nueva Loja), Ibarra, Guayaquil, Manta, Machala, Cuenca, Quevedo.',
    );
    const english = await officer.get(`/api/v1/imports/${res.body.id}`).set('Accept-Language', 'en').expect(200);
    expect(english.body.rejections[0].message).toBe(
      '“Tulcn” is not in the list; did you mean “Tulcán” (83%)? Confirm it under “Unrecognized values” or correct the cell. Accepted: Quito, Tulcán, Huaquillas, Lago Agrio (Nueva Loja), Ibarra, Guayaquil, Manta, Machala, Cuenca, Quevedo.',
    );
  });

  it('confirms a suggestion on the page, remembers it for the next file, and an admin can delete it', async () => {
    const { agent, csrf } = await signedInAgent(app, db, 'officer');
    const first = await agent
      .post('/imports')
      .field('_csrf', csrf)
      .field('type', 'partners')
      .attach('file', csv(NEAR_MISSES), 'socios.csv')
      .expect(303);
    expect(first.headers.location).toMatch(/\/imports\/\d+\/values$/);
    const step = await agent.get(first.headers.location!).expect(200);
    expect(step.text).toContain('«Tulcn»');
    expect(step.text).toContain('Sugerencia: Tulcán (83 %)');
    expect(step.text).toContain('Reconocido por similitud');
    // The suggestion is preselected; saving the page is the confirmation.
    expect(step.text).toMatch(/<option value="tulcan" selected>Tulcán — sugerido<\/option>/);
    await agent
      .post(first.headers.location!)
      .type('form')
      .send({ _csrf: csrf, value0: 'faith_based', value1: 'tulcan' })
      .expect(303);
    const id = /\/imports\/(\d+)/.exec(first.headers.location!)![1];
    const preview = await officer.get(`/api/v1/imports/${id}`).expect(200);
    expect(preview.body.counts).toMatchObject({ rejected: 0, created: 3 });
    expect(preview.body.unrecognizedValues.map((v: { status: string }) => v.status)).toEqual([
      'confirmed',
      'confirmed',
    ]);

    // The next file with the same words needs no confirmation.
    const again = await upload('partners', csv(NEAR_MISSES.replace(/Red /g, 'Otra Red ')), 'otro.csv').expect(200);
    expect(again.body.counts).toMatchObject({ rejected: 0 });
    expect(again.body.unrecognizedValues.map((v: { status: string }) => v.status)).toEqual([
      'remembered',
      'remembered',
    ]);

    // Officers cannot manage remembered values; an admin reviews and deletes one.
    await agent.get('/admin/import-values').expect(403);
    const admin = await signedInAgent(app, db, 'admin');
    const list = await admin.agent.get('/admin/import-values').expect(200);
    expect(list.text).toContain('«Tulcn»');
    expect(list.text).toContain('Tulcán');
    const mappings = await db.selectFrom('importValueMappings').select(['id', 'valueKey']).execute();
    const tulcn = mappings.find((m) => m.valueKey === 'tulcn')!;
    await admin.agent
      .post(`/admin/import-values/${tulcn.id}/delete`)
      .type('form')
      .send({ _csrf: admin.csrf })
      .expect(303);
    const audit = await db
      .selectFrom('auditEvents')
      .select('action')
      .where('entity', '=', 'import_value_mapping')
      .executeTakeFirst();
    expect(audit?.action).toBe('delete');
    const third = await upload('partners', csv(NEAR_MISSES.replace(/Red /g, 'Tercera Red ')), 'tercero.csv');
    expect(third.body.counts.rejected).toBe(2);
  });

  it('keeps the rows of a rejected value rejected, with a message that says so', async () => {
    const res = await upload('partners', csv(NEAR_MISSES), 'socios.csv').expect(200);
    const answered = await officer
      .post(`/api/v1/imports/${res.body.id}/mapping`)
      .send({ values: { territories: { Tulcn: null } } })
      .expect(200);
    expect(answered.body.counts.rejected).toBe(2);
    expect(answered.body.unrecognizedValues[1].status).toBe('rejected');
    expect(answered.body.rejections[0].message).toMatch(
      /^«Tulcn» se rechazó en «Valores no reconocidos»: corrija la celda/,
    );
    expect(await db.selectFrom('importValueMappings').selectAll().execute()).toEqual([]);
  });
});

describe('cells corrected in the preview', () => {
  const BAD_CELLS =
    'Nombre;Tipo;Personal;Territorios;Sectores\nRed Uno;ONG nacional;ocho;Quito;Salud\nRed Dos;ONG nacional;4;Quito;Salud\n';

  it('re-checks a corrected cell on save and commits it, without a new upload', async () => {
    const { agent, csrf } = await signedInAgent(app, db, 'officer');
    const uploaded = await agent
      .post('/imports')
      .field('_csrf', csrf)
      .field('type', 'partners')
      .attach('file', csv(BAD_CELLS), 'socios.csv')
      .expect(303);
    const page = await agent.get(uploaded.headers.location!).expect(200);
    expect(page.text).toContain('name="cell-2-2" value="ocho"');
    await agent
      .post(`${uploaded.headers.location!}/cells`)
      .type('form')
      .send({ _csrf: csrf, 'cell-2-2': '8' })
      .expect(303);
    const fixed = await agent.get(`${uploaded.headers.location!}?notice=cellsSaved`).expect(200);
    expect(fixed.text).toContain('Correcciones guardadas');
    expect(fixed.text).toContain('Confirmar la importación de 2 filas');
    await agent.post(`${uploaded.headers.location!}/commit`).type('form').send({ _csrf: csrf }).expect(303);
    expect((await stored('Red Uno')).staffCount).toBe(8);
  });

  it('refuses a correction with control characters, or of a cell that was not rejected', async () => {
    const res = await upload('partners', csv(BAD_CELLS), 'socios.csv').expect(200);
    const control = await officer
      .post(`/api/v1/imports/${res.body.id}/cells`)
      .send({ cells: [{ row: 2, column: 'Personal', value: '8\u001b' }] })
      .expect(400);
    expect(control.body.errors[0].message).toBe(
      'La corrección contiene caracteres de control (fila 2); escríbala de nuevo',
    );
    const other = await officer
      .post(`/api/v1/imports/${res.body.id}/cells`)
      .send({ cells: [{ row: 3, column: 'Nombre', value: 'Otra' }] })
      .expect(400);
    expect(other.body.errors[0].message).toBe('No hay una celda rechazada que corregir aquí en la fila 3');
    await officer.post(`/api/v1/imports/${res.body.id}/cells`).send({ cells: 'x' }).expect(400);
    const fixed = await officer
      .post(`/api/v1/imports/${res.body.id}/cells`)
      .send({ cells: [{ row: 2, column: 'Personal', value: '8' }] })
      .expect(200);
    expect(fixed.body.counts.rejected).toBe(0);
    expect(fixed.body.cellEdits).toEqual([{ row: 2, column: 'Personal', value: '8' }]);
  });
});

describe('the API does all the page does', () => {
  it('takes the column and value mapping as JSON in the multipart field "mapping"', async () => {
    const file = csv('Organización;Clase;Gente;Sitio;Sectores\nRed Uno;Fundacion rara;8;Tulcn;Salud\n');
    const mapping = {
      columns: { Organización: 'name', Clase: 'organizationType', Gente: 'staffCount', Sitio: 'territories' },
      values: { organizationType: { 'Fundacion rara': 'national_ngo' }, territories: { Tulcn: 'tulcan' } },
    };
    const res = await upload('partners', file, 'socios.csv', { mapping: JSON.stringify(mapping) }).expect(200);
    expect(res.body.counts).toMatchObject({ created: 1, rejected: 0 });
    const wrong = await upload('partners', file, 'socios.csv', {
      mapping: JSON.stringify({ ...mapping, values: { territories: { Tulcn: 'marte' } } }),
    }).expect(400);
    expect(wrong.body.errors[0].message).toBe('«marte» no es un valor de la lista para «Tulcn»');
  });

  it('takes a raw text/csv body, with the mapping in the query', async () => {
    const body = 'Nombre;Tipo;Personal;Territorios;Sectores\nRed Uno;ONG nacional;8;Tulcn;Salud\n';
    const mapping = encodeURIComponent(JSON.stringify({ values: { territories: { Tulcn: 'tulcan' } } }));
    const res = await officer
      .post(`/api/v1/imports?type=partners&fileName=socios.csv&mapping=${mapping}`)
      .set('Content-Type', 'text/csv; charset=utf-8')
      .send(body)
      .expect(200);
    expect(res.body).toMatchObject({ fileName: 'socios.csv', counts: { created: 1, rejected: 0 } });
    const committed = await officer.post(`/api/v1/imports/${res.body.id}/commit`).expect(201);
    expect(committed.body.status).toBe('committed');
    expect(await linkedCodes((await stored('Red Uno')).id)).toMatchObject({ territories: ['tulcan'] });
  });

  it('refuses a mapping that is not the documented JSON', async () => {
    const res = await upload('partners', csv(NEAR_MISSES), 'socios.csv').expect(200);
    const bad = await officer.post(`/api/v1/imports/${res.body.id}/mapping`).send({ values: { territories: 'x' } });
    expect(bad.status).toBe(400);
    const field = await officer
      .post(`/api/v1/imports/${res.body.id}/mapping`)
      .send({ values: { staffCount: { ocho: '8' } } })
      .expect(400);
    expect(field.body.errors[0].message).toBe('La columna «staffCount» no toma sus valores de una lista');
  });
});
