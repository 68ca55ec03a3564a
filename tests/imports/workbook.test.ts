// Whole workbooks: sheets recognized by name in either language (or chosen by the user), one preview
// across the sheets, a commit in dependency order that writes all of it or nothing, and the roles.
import ExcelJS from 'exceljs';
import type { Express } from 'express';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/database/connect.js';
import { sheetType } from '../../src/imports/workbook-sheets.js';
import { purgeExpiredData } from '../../src/operations/retention.js';
import { apiClient, bearerFor, signedInAgent, testApp } from '../helpers/app.js';

let app: Express;
let db: Db;
let admin: ReturnType<typeof apiClient>;

beforeEach(async () => {
  ({ app, db } = await testApp());
  admin = apiClient(app, await bearerFor(db, 'admin'));
});

async function workbook(sheets: Record<string, unknown[][]>): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) {
    const sheet = book.addWorksheet(name);
    for (const row of rows) sheet.addRow(row);
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

const RUC = '1790085783001';
const PARTNERS = [
  ['Nombre', 'RUC', 'Tipo de organización', 'Personal remunerado', 'Territorios', 'Tipos de asistencia'],
  ['Red Uno', RUC, 'ONG nacional', 3, 'Quito', 'Salud'],
  ['Colectivo Dos', '', 'ONG nacional', 5, 'Quito', 'Salud'],
];
const AGREEMENTS = [
  ['Código', 'Socio', 'Título', 'Fecha de inicio', 'Fecha de fin', 'Monto (USD)', 'Territorios', 'Tipos de asistencia'],
  ['CV-1', 'Red Uno', 'Agua segura', '2026-01-01', '2026-12-31', 1000, 'Quito', 'Salud'],
];
const EVENTS = [
  ['RUC del socio', 'Socio', 'Territorio', 'Tipo de asistencia', 'Fecha de solicitud', 'Fecha de primera asistencia'],
  [RUC, '', 'Quito', 'Salud', '2026-02-01', '2026-02-02'],
  ['', 'Colectivo Dos', 'Quito', 'Salud', '2026-02-03', '2026-02-05'],
];
const REVIEWS = [
  ['Socio', 'Inicio del período', 'Fin del período', 'Calificación (1 a 5)'],
  ['Red Uno', '2026-01-01', '2026-03-31', 4],
];

// The sheets in the opposite order to the one they import in: the order is the app's, not the file's.
const spanishBook = (reviews = REVIEWS) =>
  workbook({
    Instrucciones: [['Llene una fila por registro en cada hoja.']],
    Evaluaciones: reviews,
    Eventos: EVENTS,
    Convenios: AGREEMENTS,
    Socios: PARTNERS,
  });

function upload(file: Buffer, name: string, dryRun: boolean, client = admin, sheets?: Record<string, string | null>) {
  let req = client.post(`/api/v1/imports?type=workbook&dryRun=${dryRun}`).set('Accept-Language', 'es');
  if (sheets) req = req.field('sheets', JSON.stringify(sheets));
  return req.attach('file', file, name);
}

const count = async (table: 'partners' | 'responseEvents' | 'performanceReviews' | 'agreements' | 'auditEvents') =>
  Number(
    (
      await db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('sheet names', () => {
  it.each([
    ['Socios', 'partners'],
    ['PARTNERS', 'partners'],
    ['Organización', 'partners'],
    ['Organizaciones 2026', 'partners'],
    ['Eventos de respuesta', 'events'],
    ['Respuestas', 'events'],
    ['Responses', 'events'],
    ['Evaluaciones', 'reviews'],
    ['Partner reviews', 'reviews'],
    ['Evaluaciones de socios', 'reviews'],
    ['Convenios', 'agreements'],
    ['Acuerdos', 'agreements'],
    ['agreement', 'agreements'],
    ['Instrucciones', null],
    ['Listas', null],
    ['Hoja1', null],
    ['Socios y convenios', null],
  ])('“%s” holds %s', (name, type) => {
    expect(sheetType(name)).toBe(type);
  });
});

describe('a workbook through the API', () => {
  it('previews four sheets in one answer, then commits them all, events naming partners the workbook creates', async () => {
    const file = await spanishBook();
    const preview = await upload(file, 'cartera.xlsx', true).expect(200);
    expect(preview.body).toMatchObject({
      type: 'workbook',
      status: 'preview',
      ignoredSheets: ['Instrucciones'],
      counts: { rows: 6, created: 6, rejected: 0 },
    });
    expect(preview.body.sheets.map((s: any) => [s.name, s.type, s.counts.created, s.counts.rejected])).toEqual([
      ['Socios', 'partners', 2, 0],
      ['Convenios', 'agreements', 1, 0],
      ['Eventos', 'events', 2, 0],
      ['Evaluaciones', 'reviews', 1, 0],
    ]);
    expect(preview.body.sheets[2].columns[0]).toEqual({
      header: 'RUC del socio',
      field: 'partnerRuc',
      suggestion: null,
    });
    expect(await count('partners')).toBe(0);

    const audit = await count('auditEvents');
    const committed = await upload(file, 'cartera.xlsx', false).expect(201);
    expect(committed.body).toMatchObject({ status: 'committed', counts: { created: 6, rejected: 0 } });
    expect(await count('partners')).toBe(2);
    expect(await count('agreements')).toBe(1);
    expect(await count('performanceReviews')).toBe(1);
    const events = await db
      .selectFrom('responseEvents')
      .innerJoin('partners', 'partners.id', 'responseEvents.partnerId')
      .select('partners.name')
      .orderBy('responseEvents.requestedAt')
      .execute();
    expect(events.map((e) => e.name)).toEqual(['Red Uno', 'Colectivo Dos']);
    // One audit entry for the whole workbook, and the workbook answers by its id as it did on commit.
    expect((await count('auditEvents')) - audit).toBe(1);
    const again = await admin.get(`/api/v1/imports/${committed.body.id}`).expect(200);
    expect(again.body).toMatchObject({ type: 'workbook', status: 'committed', counts: { created: 6 } });
    expect(again.body.sheets).toHaveLength(4);
  });

  it('commits nothing at all when the last sheet to import has one rejected row', async () => {
    const file = await spanishBook([...REVIEWS, ['Colectivo Dos', '2026-01-01', '2026-03-31', 9]]);
    const preview = await upload(file, 'cartera.xlsx', true).expect(200);
    expect(preview.body.counts).toMatchObject({ rejected: 1 });
    const res = await upload(file, 'cartera.xlsx', false).expect(422);
    const reviews = res.body.import.sheets.find((s: any) => s.type === 'reviews');
    expect(reviews.rejections).toEqual([
      expect.objectContaining({ row: 3, column: 'Calificación (1 a 5)', field: 'rating' }),
    ]);
    expect(await count('partners')).toBe(0);
    expect(await count('agreements')).toBe(0);
    expect(await count('responseEvents')).toBe(0);
    expect(await db.selectFrom('imports').select('id').where('status', '=', 'committed').execute()).toEqual([]);
  });

  it('recognizes sheet names in English', async () => {
    const file = await workbook({
      Partners: PARTNERS,
      Responses: EVENTS,
      'Performance reviews': REVIEWS,
      Agreements: AGREEMENTS,
      Lists: [['Quito'], ['Cuenca']],
    });
    const res = await upload(file, 'portfolio.xlsx', false).expect(201);
    expect(res.body.sheets.map((s: any) => [s.name, s.type])).toEqual([
      ['Partners', 'partners'],
      ['Agreements', 'agreements'],
      ['Responses', 'events'],
      ['Performance reviews', 'reviews'],
    ]);
    expect(res.body.ignoredSheets).toEqual(['Lists']);
    expect(await count('responseEvents')).toBe(2);
  });

  it('takes the type of a sheet whose name says nothing from the "sheets" field, and ignores a sheet on request', async () => {
    const file = await workbook({ Hoja1: PARTNERS, Hoja2: EVENTS, Socios: [['Nombre'], ['Nadie']] });
    const guessed = await upload(file, 'libro.xlsx', true).expect(200);
    expect(guessed.body.ignoredSheets).toEqual(['Hoja1', 'Hoja2']);
    const chosen = await upload(file, 'libro.xlsx', false, admin, {
      Hoja1: 'partners',
      hoja2: 'events',
      Socios: null,
    }).expect(201);
    expect(chosen.body.sheets.map((s: any) => [s.name, s.type])).toEqual([
      ['Hoja1', 'partners'],
      ['Hoja2', 'events'],
    ]);
    expect(chosen.body.ignoredSheets).toEqual(['Socios']);
    expect(await count('partners')).toBe(2);

    const bad = await upload(file, 'libro.xlsx', true, admin, { Hoja9: 'partners' }).expect(400);
    expect(bad.body.errors).toEqual([{ path: 'sheets', message: 'El libro no tiene una hoja llamada «Hoja9»' }]);
    const notJson = await admin
      .post('/api/v1/imports?type=workbook')
      .field('sheets', '{"Hoja1": "socios"}')
      .attach('file', file, 'libro.xlsx')
      .expect(400);
    expect(notJson.body.errors[0].path).toBe('sheets');
  });

  it('refuses a workbook with an agreements sheet to a role that may not import agreements', async () => {
    const officer = apiClient(app, await bearerFor(db, 'officer'));
    const res = await upload(await spanishBook(), 'cartera.xlsx', true, officer).expect(403);
    expect(res.body.errors).toEqual([
      {
        path: 'sheets',
        message:
          'La hoja «Convenios» contiene convenios, que su rol no puede importar; quítela del libro o márquela para ignorarla',
      },
    ]);
    expect(await db.selectFrom('imports').select('id').execute()).toEqual([]);
    // Ignoring that sheet, the rest is the officer's to import.
    await upload(await spanishBook(), 'cartera.xlsx', false, officer, { Convenios: null }).expect(201);
    expect(await count('partners')).toBe(2);
  });

  it('refuses a CSV sent as a workbook with a clear 415', async () => {
    const res = await admin
      .post('/api/v1/imports?type=workbook')
      .set('Accept-Language', 'en')
      .attach('file', Buffer.from('Name\nRed Uno\n'), 'partners.csv')
      .expect(415);
    expect(res.body.errors).toEqual([
      {
        path: 'file',
        message:
          'A whole workbook must be an Excel file (.xlsx); a CSV has one sheet only: upload it choosing the record type it holds',
      },
    ]);
  });
});

describe('a sheet’s column mapping', () => {
  it('previews the whole workbook again, so the sheet still finds the partners an earlier sheet creates', async () => {
    const { agent, csrf } = await signedInAgent(app, db, 'admin');
    const events = [
      ['RUC del socio', 'Punto de atención', 'Tipo de asistencia', 'Fecha de solicitud'],
      [RUC, 'Quito', 'Salud', '2026-02-01'],
    ];
    const preview = await upload(await workbook({ Socios: PARTNERS, Eventos: events }), 'cartera.xlsx', true).expect(
      200,
    );
    const sheet = preview.body.sheets.find((s: any) => s.type === 'events');
    expect(sheet.counts.rejected).toBe(1);
    await agent
      .post(`/imports/${sheet.id}/mapping`)
      .type('form')
      .send({
        _csrf: csrf,
        column0: 'partnerRuc',
        column1: 'territory',
        column2: 'assistanceType',
        column3: 'requestedDate',
      })
      .expect(303);
    // The sheet's own page is the workbook's.
    const page = await agent.get(`/imports/${sheet.id}`).expect(303);
    expect(page.headers.location).toBe(`/imports/${preview.body.id}`);
    const again = await admin.get(`/api/v1/imports/${preview.body.id}`).expect(200);
    expect(again.body.counts).toMatchObject({ rows: 3, created: 3, rejected: 0 });
    // A sheet is committed with its workbook, never alone.
    const alone = await agent.post(`/imports/${sheet.id}/commit`).type('form').send({ _csrf: csrf }).expect(409);
    expect(alone.text).toContain('Esta hoja forma parte de un libro: se confirma con el libro completo');
    expect(await count('responseEvents')).toBe(0);
  });
});

describe('retention', () => {
  it('purges a workbook never committed together with its sheets, however late a sheet was added', async () => {
    const preview = await upload(await spanishBook(), 'cartera.xlsx', true).expect(200);
    const longAgo = new Date(Date.now() - 30 * 24 * 60 * 60 * 1000).toISOString();
    await db.updateTable('imports').set({ createdAt: longAgo }).where('id', '=', preview.body.id).execute();
    expect(await db.selectFrom('imports').select('id').execute()).toHaveLength(5);
    const report = await purgeExpiredData(db);
    expect(report).toMatchObject({ previewsExpired: 1, importsDeleted: 5 });
    expect(await db.selectFrom('imports').select('id').execute()).toEqual([]);
  });
});

describe('a workbook through the pages', () => {
  it('uploads, previews across the sheets, takes the type of an unnamed sheet, commits and sums up', async () => {
    const { agent, csrf } = await signedInAgent(app, db, 'admin');
    const form = await agent.get('/imports').expect(200);
    expect(form.text).toContain('Libro completo (varias hojas)');
    const file = await workbook({
      Instrucciones: [['Una fila por registro.']],
      Datos: PARTNERS,
      Eventos: EVENTS,
    });
    const uploaded = await agent
      .post('/imports')
      .field('_csrf', csrf)
      .field('type', 'workbook')
      .attach('file', file, 'cartera.xlsx')
      .expect(303);
    const location = uploaded.headers.location!;
    const before = await agent.get(location).expect(200);
    expect(before.text).toContain('Vista previa del libro');
    expect(before.text).toContain('Hojas ignoradas: «Instrucciones», «Datos».');
    // The events name partners no sheet creates yet: they are rejected, and nothing can be committed.
    expect(before.text).toContain('Filas rechazadas en la hoja «Eventos»');
    expect(before.text).not.toContain('Confirmar la importación del libro');

    // "Datos" is the partners sheet: sheet0 Instrucciones, sheet1 Datos, sheet2 Eventos.
    await agent
      .post(`${location}/sheets`)
      .type('form')
      .send({ _csrf: csrf, sheet0: '', sheet1: 'partners', sheet2: 'events' })
      .expect(303);
    const preview = await agent.get(location).expect(200);
    expect(preview.text).toContain('Hojas ignoradas: «Instrucciones».');
    expect(preview.text).not.toContain('Filas rechazadas');
    expect(preview.text).toContain('Confirmar la importación del libro (4 filas)');

    await agent.post(`${location}/commit`).type('form').send({ _csrf: csrf }).expect(303);
    const summary = await agent.get(`${location}?notice=committed`).expect(200);
    expect(summary.text).toContain('Libro importado: todas las hojas se guardaron en una sola operación');
    expect(await count('responseEvents')).toBe(2);
    const history = await agent.get('/imports/history').expect(200);
    expect(history.text).toContain('Libro completo (varias hojas)');
    expect(history.text.match(/cartera\.xlsx/g)).toHaveLength(1);
  });
});

describe('a workbook in the office’s words', () => {
  it('asks for a sheet’s unrecognized values, takes the answer through the sheet and commits the whole book', async () => {
    const partners = PARTNERS.map((row, i) => (i === 1 ? ['Red Uno', RUC, 'ONG local', 3, 'Tulcn', 'ASH'] : row));
    const file = await workbook({ Socios: partners, Eventos: EVENTS });
    const preview = await upload(file, 'cartera.xlsx', true).expect(200);
    const sheet = preview.body.sheets[0];
    expect(sheet.counts.rejected).toBe(1);
    expect(sheet.unrecognizedValues).toEqual([
      expect.objectContaining({
        value: 'Tulcn',
        status: 'unconfirmed',
        suggestion: expect.objectContaining({ code: 'tulcan' }),
      }),
    ]);
    // The events naming "Red Uno" wait on that partner's row.
    expect(preview.body.sheets[1].counts.rejected).toBe(1);
    await admin
      .post(`/api/v1/imports/${sheet.id}/mapping`)
      .send({ values: { territories: { Tulcn: 'tulcan' } } })
      .expect(200);
    const fixed = await admin.get(`/api/v1/imports/${preview.body.id}`).expect(200);
    expect(fixed.body.counts.rejected).toBe(0);
    const committed = await admin.post(`/api/v1/imports/${preview.body.id}/commit`).expect(201);
    expect(committed.body.status).toBe('committed');
    expect(await count('partners')).toBe(2);
    expect(await count('responseEvents')).toBe(2);
  });
});
