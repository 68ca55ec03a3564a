// Imports through the API and the pages: each file quirk by its own fixture, previews that write
// nothing, commits that write everything or nothing, idempotent re-imports and refused uploads.
import ExcelJS from 'exceljs';
import type { Express } from 'express';
import { readFileSync } from 'node:fs';
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

// Latin-1 bytes are Windows-1252 for every Spanish letter.
const cp1252 = (text: string) => Buffer.from(text, 'latin1');
const utf8 = (text: string, bom = false) =>
  Buffer.concat([bom ? Buffer.from([0xef, 0xbb, 0xbf]) : Buffer.alloc(0), Buffer.from(text, 'utf8')]);

function upload(
  type: string,
  file: Buffer,
  name: string,
  dryRun = true,
  client = officer,
  extra: Record<string, string> = {},
) {
  let req = client.post(`/api/v1/imports?type=${type}&dryRun=${dryRun}`).set('Accept-Language', 'es');
  for (const [key, value] of Object.entries(extra)) req = req.field(key, value);
  return req.attach('file', file, name);
}

const counts = async () => ({
  partners: Number(
    (
      await db
        .selectFrom('partners')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  ),
  events: Number(
    (
      await db
        .selectFrom('responseEvents')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  ),
  audit: Number(
    (
      await db
        .selectFrom('auditEvents')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  ),
  scores: Number(
    (
      await db
        .selectFrom('partnerScores')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  ),
  records: Number(
    (
      await db
        .selectFrom('importRecords')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  ),
});

const PARTNERS_ES =
  'Nombre;RUC;Tipo de organización;N° de colaboradores;Presupuesto anual (USD);Territorios;Sectores;Fundación\r\n';

describe('CSV as Excel saves it in Ecuador', () => {
  it('reads Windows-1252 with semicolons, decimal commas and thousands points, accents in names and places', async () => {
    const file = cp1252(
      `${PARTNERS_ES}Fundación Niñez del Carchi;1790085783001;ONG nacional;12;1.234,56;Tulcán;Protección de la niñez;2009\r\n`,
    );
    const res = await upload('partners', file, 'socios.csv', false).expect(201);
    expect(res.body).toMatchObject({
      encoding: 'windows-1252',
      delimiter: ';',
      counts: { rows: 1, created: 1, rejected: 0 },
    });
    const partner = await db.selectFrom('partners').selectAll().executeTakeFirstOrThrow();
    expect(partner).toMatchObject({
      name: 'Fundación Niñez del Carchi',
      staffCount: 12,
      annualBudgetUsd: 1234.56,
      yearFounded: 2009,
    });
  });

  it.each([
    [
      'UTF-8 with a BOM',
      utf8('Name,Staff,Type,Territories,Assistance types\r\n"Colectivo Raíces",8,cbo,Quito,Health\r\n', true),
      ',',
    ],
    [
      'UTF-8 without a BOM, tabs',
      utf8(
        'Nombre\tPersonal\tTipo\tTerritorio\tSector\nColectivo Raíces\t8\tOrganización de base comunitaria\tquito\tsalud\n',
      ),
      '\t',
    ],
  ])('reads %s and the English or Spanish forms', async (_label, file, delimiter) => {
    const res = await upload('partners', file, 'partners.csv').expect(200);
    expect(res.body).toMatchObject({ encoding: 'utf-8', delimiter, counts: { created: 1, rejected: 0 } });
    expect(res.body.columns[0].field).toBe('name');
  });

  it('keeps quoted fields with line breaks and ignores blank trailing rows and columns; row numbers are the sheet’s', async () => {
    const file = utf8(`${PARTNERS_ES.replace('\r\n', ';;\r\n')}"Red
Solidaria";;ONG nacional;5;;Quito;Salud;;;\r\nSin Tipo;;;3;;Quito;Salud;;;\r\n;;;;;;;;;\r\n;;;;;;;;;\r\n`);
    const res = await upload('partners', file, 'socios.csv').expect(200);
    expect(res.body.counts).toMatchObject({ rows: 2, created: 1, rejected: 1 });
    expect(res.body.rejections).toEqual([
      {
        row: 3,
        column: 'Tipo de organización',
        field: 'organizationType',
        message: expect.stringMatching(/tipo de organización/i),
        text: expect.stringMatching(/^Fila 3, columna «Tipo de organización»: /),
      },
    ]);
  });

  it('reads dd/mm/yyyy and yyyy-mm-dd dates and HH:MM times', async () => {
    const partner = await addPartner(db, { ruc: '1790085783001' });
    const file = utf8(
      `RUC;Territorio;Tipo de asistencia;Fecha de solicitud;Hora de solicitud;Fecha de primera asistencia;Hora de primera asistencia;Personas asistidas\n1790085783001;Tulcán;Alojamiento temporal;03/02/2026;08:30;2026-02-04;14:15;1.250\n`,
    );
    await upload('events', file, 'eventos.csv', false).expect(201);
    const event = await db
      .selectFrom('responseEvents')
      .selectAll()
      .where('partnerId', '=', partner.id)
      .executeTakeFirstOrThrow();
    expect(event).toMatchObject({
      requestedAt: '2026-02-03T13:30:00.000Z',
      firstAssistanceAt: '2026-02-04T19:15:00.000Z',
      peopleAssisted: 1250,
    });
    expect(event.responseHours).toBeCloseTo(29.75, 5);
  });

  it('refuses a month-first date with the row, the column and the reason in the user’s language', async () => {
    await addPartner(db, { ruc: '1790085783001' });
    const file = utf8(
      'RUC;Territorio;Tipo de asistencia;Fecha de solicitud\n1790085783001;Tulcán;Alojamiento temporal;02/28/2026\n',
    );
    const es = await upload('events', file, 'eventos.csv').expect(200);
    expect(es.body.rejections).toEqual([
      {
        row: 2,
        column: 'Fecha de solicitud',
        field: 'requestedDate',
        message: '«02/28/2026» tiene el mes primero; escriba el día primero, dd/mm/aaaa (por ejemplo 25/03/2026)',
        text: 'Fila 2, columna «Fecha de solicitud»: «02/28/2026» tiene el mes primero; escriba el día primero, dd/mm/aaaa (por ejemplo 25/03/2026)',
      },
    ]);
    const en = await officer
      .post('/api/v1/imports?type=events')
      .set('Accept-Language', 'en')
      .attach('file', file, 'events.csv')
      .expect(200);
    expect(en.body.rejections[0].message).toBe(
      '“02/28/2026” puts the month first; write the day first, dd/mm/yyyy (for example 25/03/2026)',
    );
  });
});

describe('XLSX', () => {
  async function workbook(sheets: { name: string; rows: unknown[][] }[]): Promise<Buffer> {
    const book = new ExcelJS.Workbook();
    for (const sheet of sheets) {
      const ws = book.addWorksheet(sheet.name);
      for (const row of sheet.rows) ws.addRow(row);
    }
    return Buffer.from(await book.xlsx.writeBuffer());
  }

  it('reads the first sheet, or the one chosen; dates as Excel stores them, numbers as numbers', async () => {
    await addPartner(db, { ruc: '1790085783001' });
    const file = await workbook([
      { name: 'Notas', rows: [['nada que importar']] },
      {
        name: 'Evaluaciones',
        rows: [
          ['RUC del socio', 'Inicio del período', 'Fin del período', 'Calificación'],
          [1790085783001, new Date(Date.UTC(2026, 0, 1)), 46112, 4],
        ],
      },
    ]);
    const first = await upload('reviews', file, 'libro.xlsx').expect(200);
    expect(first.body).toMatchObject({
      format: 'xlsx',
      sheet: 'Notas',
      counts: { rows: 0 },
      missingFields: expect.arrayContaining(['partner', 'periodStart']),
    });
    const chosen = await officer
      .post('/api/v1/imports?type=reviews&dryRun=false&sheet=Evaluaciones')
      .attach('file', file, 'libro.xlsx')
      .expect(201);
    expect(chosen.body).toMatchObject({ sheet: 'Evaluaciones', counts: { created: 1, rejected: 0 } });
    expect(await db.selectFrom('performanceReviews').select(['periodStart', 'periodEnd', 'rating']).execute()).toEqual([
      { periodStart: '2026-01-01', periodEnd: '2026-03-31', rating: 4 },
    ]);
  });

  it('names a sheet that is not there', async () => {
    const file = await workbook([{ name: 'Hoja1', rows: [['Nombre']] }]);
    const res = await officer
      .post('/api/v1/imports?type=partners&sheet=Socios')
      .set('Accept-Language', 'es')
      .attach('file', file, 'libro.xlsx')
      .expect(400);
    expect(res.body.errors).toEqual([{ path: 'file', message: 'El libro no tiene una hoja llamada «Socios»' }]);
  });
});

describe('matching and idempotence', () => {
  it('updates partners matched by RUC, else by exact normalized name, and leaves the unchanged alone', async () => {
    const byRuc = await addPartner(db, { name: 'Fundación Uno', ruc: '1790085783001', staffCount: 5 });
    const byName = await addPartner(db, { name: 'Asociación Dos', staffCount: 7 });
    const file = utf8('Nombre,RUC,Personal\nOtro nombre,1790085783001,9\nASOCIACION DOS,,7\n');
    const preview = await upload('partners', file, 'p.csv').expect(200);
    expect(preview.body.counts).toMatchObject({ created: 0, updated: 1, unchanged: 1, rejected: 0 });
    await upload('partners', file, 'p.csv', false).expect(201);
    expect(await db.selectFrom('partners').select(['id', 'name', 'staffCount']).orderBy('id').execute()).toEqual([
      { id: byRuc.id, name: 'Otro nombre', staffCount: 9 },
      { id: byName.id, name: 'Asociación Dos', staffCount: 7 },
    ]);
  });

  it('imports the same event file twice without creating anything twice, with or without a row key', async () => {
    await addPartner(db, { ruc: '1790085783001' });
    for (const header of ['', 'ID;']) {
      const rows = [1, 2, 3]
        .map(
          (i) =>
            `${header ? `E-${i};` : ''}1790085783001;Tulcán;Alojamiento temporal;0${i}/03/2026 10:00;0${i}/03/2026 20:00`,
        )
        .join('\n');
      const file = utf8(
        `${header}RUC del socio;Territorio;Tipo de asistencia;Fecha de solicitud;Fecha de primera asistencia\n${rows}\n`,
      );
      const first = await upload('events', file, 'e.csv', false).expect(201);
      const again = await upload('events', file, 'e.csv', false).expect(201);
      expect([first.body.counts.created, again.body.counts.created, again.body.counts.unchanged]).toEqual(
        header ? [3, 0, 3] : [3, 0, 3],
      );
      await db.deleteFrom('importRecords').execute();
      await db.deleteFrom('responseEvents').execute();
    }
  });

  it('updates an event whose row key it knows when the row changed', async () => {
    await addPartner(db, { ruc: '1790085783001' });
    const file = (hours: string) =>
      utf8(
        `Clave;RUC;Territorio;Tipo de asistencia;Fecha de solicitud;Fecha de primera asistencia\nX1;1790085783001;Tulcán;Alojamiento temporal;01/03/2026 10:00;${hours}\n`,
      );
    await upload('events', file('01/03/2026 20:00'), 'e.csv', false).expect(201);
    const changed = await upload('events', file('02/03/2026 10:00'), 'e.csv', false).expect(201);
    expect(changed.body.counts).toMatchObject({ created: 0, updated: 1 });
    expect(
      (await db.selectFrom('responseEvents').select('responseHours').executeTakeFirstOrThrow()).responseHours,
    ).toBe(24);
  });

  it('refuses a row repeating another in the same file', async () => {
    const file = utf8(
      'Nombre;Tipo;Personal;Territorios;Sectores\nRed Uno;ONG nacional;3;Quito;Salud\nred  uno;ONG nacional;4;Quito;Salud\n',
    );
    const res = await upload('partners', file, 'p.csv').expect(200);
    expect(res.body.rejections).toEqual([
      expect.objectContaining({
        row: 3,
        column: 'Nombre',
        message: 'Repite el registro de la fila 2; deje una sola fila por registro',
      }),
    ]);
  });
});

describe('all or nothing', () => {
  it('a bad row at the end of a large file leaves the database exactly as before', async () => {
    await addPartner(db, { ruc: '1790085783001' });
    const rows = Array.from({ length: 3000 }, (_, i) => `Socio ${i};ONG nacional;${i % 60};Quito;Salud`);
    rows.push('Socio final;ONG nacional;muchos;Quito;Salud');
    const file = utf8(`Nombre;Tipo;Personal;Territorios;Sectores\n${rows.join('\n')}\n`);
    const before = await counts();
    const res = await upload('partners', file, 'grande.csv', false).expect(422);
    expect(res.body.import.counts).toMatchObject({ rows: 3001, rejected: 1 });
    expect(res.body.import.rejections).toEqual([expect.objectContaining({ row: 3002, column: 'Personal' })]);
    expect(await counts()).toEqual(before);
  });

  it('commits in one piece: records, scores, one audit entry with file name, counts and who', async () => {
    const before = await counts();
    const file = utf8(
      'Nombre;Tipo;Personal;Territorios;Sectores\nRed Uno;ONG nacional;3;Quito;Salud\nRed Dos;ONG nacional;30;Tulcán;Salud\n',
    );
    const res = await upload('partners', file, 'dos.csv', false).expect(201);
    expect(await counts()).toEqual({
      ...before,
      partners: before.partners + 2,
      scores: before.scores + 2,
      records: 2,
      audit: before.audit + 1,
    });
    const audit = await db
      .selectFrom('auditEvents')
      .selectAll()
      .where('entity', '=', 'import')
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({
      action: 'commit',
      entityId: res.body.id,
      actorLabel: expect.stringContaining('@example.org'),
    });
    expect(JSON.parse(audit.details!)).toMatchObject({ fileName: 'dos.csv', type: 'partners', created: 2, updated: 0 });
  });

  it('commits a preview once when two commits of it arrive together (a double click, two instances)', async () => {
    const file = utf8('Nombre;Tipo;Personal;Territorios;Sectores\nRed Uno;ONG nacional;3;Quito;Salud\n');
    const preview = await upload('partners', file, 'uno.csv').expect(200);
    const before = await counts();
    const answers = await Promise.all(
      [1, 2, 3].map(() => officer.post(`/api/v1/imports/${preview.body.id}/commit`).set('Accept-Language', 'en')),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409]);
    expect(JSON.stringify(answers.find((a) => a.status === 409)!.body)).toContain('This import was already committed');
    expect(await counts()).toEqual({
      ...before,
      partners: before.partners + 1,
      scores: before.scores + 1,
      records: 1,
      audit: before.audit + 1,
    });
  });
});

describe('the API', () => {
  it('previews without writing and answers what commit would do', async () => {
    const before = await counts();
    const file = utf8('Nombre;Tipo;Personal;Territorios;Sectores\nRed Uno;ONG nacional;3;Quito;Salud\n');
    const res = await upload('partners', file, 'p.csv').expect(200);
    expect(res.body).toMatchObject({ status: 'preview', counts: { rows: 1, created: 1 }, missingFields: [] });
    expect({ ...(await counts()), records: 0 }).toEqual({ ...before, records: 0 });
    expect((await officer.get(`/api/v1/imports/${res.body.id}`).expect(200)).body.status).toBe('preview');
  });

  it('takes a mapping for columns it does not recognize', async () => {
    const file = utf8('Nombre;Tipo;Gente;Zona;Sectores\nRed Uno;ONG nacional;3;Quito;Salud\n');
    const unmapped = await upload('partners', file, 'p.csv').expect(200);
    expect(unmapped.body.missingFields).toEqual(['staffCount', 'territories']);
    expect(unmapped.body.counts).toMatchObject({ rows: 1, rejected: 1 });
    expect(unmapped.body.rejections.map((r: { column: string }) => r.column)).toEqual([
      'Personal remunerado',
      'Territorios',
    ]);
    const mapped = await upload('partners', file, 'p.csv', false, officer, {
      mapping: JSON.stringify({ Gente: 'staffCount', Zona: 'territories' }),
    }).expect(201);
    expect(mapped.body.counts).toMatchObject({ created: 1 });
  });

  it('refuses oversized files, other types and record types the role may not import', async () => {
    const big = Buffer.alloc(20 * 1024 * 1024 + 10, 'a');
    const tooLarge = await upload('partners', big, 'grande.csv').expect(413);
    expect(tooLarge.body.errors[0].message).toBe(
      'El archivo supera el límite de 20 MB; divídalo en partes más pequeñas',
    );
    const pdf = await upload('partners', Buffer.from('%PDF-1.4 ...'), 'informe.pdf').expect(415);
    expect(pdf.body.errors[0].message).toMatch(/Solo se pueden importar archivos CSV/);
    const xls = await upload(
      'partners',
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
      'viejo.xls',
    ).expect(415);
    expect(xls.body.errors[0].message).toMatch(/\.xls antiguo/);
    const procurement = apiClient(app, await bearerFor(db, 'procurement'));
    await upload('partners', utf8('Nombre\nA\n'), 'p.csv', true, procurement).expect(403);
    await upload('agreements', utf8('Código\nA\n'), 'c.csv', true, officer).expect(403);
    await upload('agreements', utf8('Código\nA\n'), 'c.csv', true, procurement).expect(200);
    const viewer = apiClient(app, await bearerFor(db, 'viewer'));
    await upload('partners', utf8('Nombre\nA\n'), 'p.csv', true, viewer).expect(403);
  });

  it('answers 404, not 500, to a role opening an import of a type it may not import', async () => {
    const preview = await upload('partners', utf8('Nombre\nA\n'), 'p.csv').expect(200);
    const procurement = apiClient(app, await bearerFor(db, 'procurement'));
    await procurement.get(`/api/v1/imports/${preview.body.id}`).expect(404);
    const { agent, csrf } = await signedInAgent(app, db, 'procurement');
    for (const path of ['', '/mapping', '/records']) await agent.get(`/imports/${preview.body.id}${path}`).expect(404);
    await agent.post(`/imports/${preview.body.id}/commit`).type('form').send({ _csrf: csrf }).expect(404);
    expect(await counts()).toMatchObject({ partners: 0 });
  });
});

describe('the pages', () => {
  it('refuses an upload without the form’s CSRF token', async () => {
    const { agent } = await signedInAgent(app, db, 'officer');
    const res = await agent
      .post('/imports')
      .field('type', 'partners')
      .attach('file', utf8('Nombre\nA\n'), 'p.csv')
      .expect(403);
    expect(res.text).toMatch(/formulario|form/i);
    expect(await counts()).toMatchObject({ records: 0 });
    expect(await db.selectFrom('imports').selectAll().execute()).toEqual([]);
  });

  it('maps an unknown column, remembers the mapping for the next file with the same headers, previews and commits', async () => {
    const { agent, csrf } = await signedInAgent(app, db, 'officer');
    const file = utf8('Nombre;Tipo;Personal;Ciudad base;Sectores\nRed Uno;ONG nacional;3;Quito;Salud\n');
    const uploaded = await agent
      .post('/imports')
      .field('_csrf', csrf)
      .field('type', 'partners')
      .attach('file', file, 'socios.csv')
      .expect(303);
    expect(uploaded.headers.location!).toMatch(/^\/imports\/\d+\/mapping$/);
    const mappingPage = await agent.get(uploaded.headers.location!).expect(200);
    expect(mappingPage.text).toContain('Sugerencia: Territorios (67 %)');
    expect(mappingPage.text).toMatch(/<option value="territories" selected>/);
    await agent
      .post(uploaded.headers.location!)
      .type('form')
      .send({
        _csrf: csrf,
        column0: 'name',
        column1: 'organizationType',
        column2: 'staffCount',
        column3: 'territories',
        column4: 'assistanceTypes',
      })
      .expect(303);
    const id = uploaded.headers.location!.split('/')[2];
    const preview = await agent.get(`/imports/${id}`).expect(200);
    expect(preview.text).toContain('Ciudad base → Territorios');
    expect(preview.text).toMatch(/Confirmar la importación de 1 fila\b/);

    const again = await agent
      .post('/imports')
      .field('_csrf', csrf)
      .field('type', 'partners')
      .attach('file', file, 'otra-vez.csv')
      .expect(303);
    expect(again.headers.location!).toMatch(/^\/imports\/\d+$/);

    await agent.post(`/imports/${id}/commit`).type('form').send({ _csrf: csrf }).expect(303);
    const summary = await agent.get(`/imports/${id}?notice=committed`).expect(200);
    expect(summary.text).toContain('Importación confirmada');
    const records = await agent.get(`/imports/${id}/records?action=created`).expect(200);
    expect(records.text).toContain('Red Uno');
    const history = await agent.get('/imports/history').expect(200);
    expect(history.text).toContain('socios.csv');
    expect(history.text).toContain('Confirmada');
  });

  it('shows every rejected row with its number, column and reason, and offers no commit', async () => {
    const { agent, csrf } = await signedInAgent(app, db, 'officer');
    const file = utf8('Nombre;Tipo;Personal;Territorios;Sectores\nRed Uno;ONG nacional;tres;Marte;Salud\n');
    const uploaded = await agent
      .post('/imports')
      .field('_csrf', csrf)
      .field('type', 'partners')
      .attach('file', file, 'socios.csv')
      .expect(303);
    // An unknown territory first takes the user to the value mapping step; the preview lists the row.
    expect(uploaded.headers.location).toMatch(/\/imports\/\d+\/values$/);
    const page = await agent.get(uploaded.headers.location!.replace(/\/values$/, '')).expect(200);
    expect(page.text).toContain('«Marte» no está en la lista. Se acepta: Quito, Tulcán');
    expect(page.text).toContain('«tres» no es un número');
    expect(page.text).not.toContain('/commit');
  });

  it('offers templates whose headers the import recognizes, in each language', async () => {
    const { agent } = await signedInAgent(app, db, 'officer');
    for (const lang of ['es', 'en']) {
      const template = await agent.get(`/imports/templates/partners-${lang}.csv`).expect(200);
      expect(template.headers['content-type']).toMatch(/text\/csv/);
      const res = await upload('partners', Buffer.from(template.text), 'plantilla.csv').expect(200);
      expect(res.body.missingFields).toEqual([]);
      expect(res.body.columns.every((c: { field: string | null }) => c.field !== null)).toBe(true);
    }
  });
});

describe('demo sample files', () => {
  it('import cleanly into the demo database, each type in turn', async () => {
    const { loadDemoPortfolioIfEmpty } = await import('../../src/demo/load.js');
    await loadDemoPortfolioIfEmpty(db);
    const admin = apiClient(app, await bearerFor(db, 'admin'));
    for (const type of ['partners', 'events', 'reviews', 'agreements']) {
      const file = readFileSync(new URL(`../../db/demo-imports/${type}.csv`, import.meta.url));
      const res = await upload(type, file, `${type}.csv`, false, admin).expect(201);
      expect(res.body.counts.rejected, type).toBe(0);
      expect(res.body.counts.created, type).toBeGreaterThan(0);
    }
  }, 30_000);
});
