// KoboToolbox / ODK exports as response events, through the pages and the API: recognized without a
// mapping step (group paths, system columns, `_uuid` as the row key, option codes, ISO times), committed,
// and imported again without repeating anything. Also the suggestions an unmatched header gets.
import ExcelJS from 'exceljs';
import type { Express } from 'express';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/database/connect.js';
import { addPartner, apiClient, bearerFor, idsByCode, signedInAgent, testApp } from '../helpers/app.js';

let app: Express;
let db: Db;
let officer: ReturnType<typeof apiClient>;

beforeEach(async () => {
  ({ app, db } = await testApp());
  officer = apiClient(app, await bearerFor(db, 'officer'));
  await addPartner(db, { name: 'Fundación Manos Solidarias', ruc: '1790085783001' });
});

// As Kobo exports a form with groups: form fields first, then its system columns.
const KOBO_HEADERS = [
  'start',
  'end',
  'today',
  'deviceid',
  'datos_socio/ruc',
  'datos_socio/socio',
  'lugar/canton',
  'asistencia/tipo_asistencia',
  'asistencia/fecha_solicitud',
  'asistencia/hora_solicitud',
  'asistencia/fecha_entrega',
  'asistencia/beneficiarios',
  'observaciones',
  '_id',
  '_uuid',
  '_submission_time',
  '_validation_status',
  '_notes',
  '_status',
  '_submitted_by',
  '__version__',
  '_tags',
  '_index',
];

const submission = (index: number, uuid: string, people: number) => [
  '2026-03-01T10:20:00.000-05:00',
  '2026-03-01T10:40:00.000-05:00',
  '2026-03-01',
  'enketo.kobotoolbox.org:abc',
  '1790085783001',
  'Fundación Manos Solidarias',
  'lago_agrio',
  'food_security',
  `2026-03-0${index}`,
  '10:30:00.000-05:00',
  `2026-03-0${index}T16:45:00.000-05:00`,
  people,
  index === 1 ? 'Entrega en albergue' : '',
  1000 + index,
  uuid,
  `2026-03-0${index}T21:02:11`,
  '',
  '',
  'submitted_via_web',
  'brigada1',
  'vHmWx8Qj',
  '',
  index,
];

const ROWS = [
  submission(1, '0f1b7c4e-aaaa-4c1e-9a1e-000000000001', 25),
  submission(2, '0f1b7c4e-aaaa-4c1e-9a1e-000000000002', 40),
];

async function koboXlsx(rows: unknown[][] = ROWS): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Asistencias');
  sheet.addRow(KOBO_HEADERS);
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await book.xlsx.writeBuffer());
}

// Kobo's CSV export: semicolons, every value quoted.
const koboCsv = (rows: unknown[][] = ROWS) =>
  Buffer.from(
    [KOBO_HEADERS, ...rows].map((row) => row.map((cell) => `"${String(cell)}"`).join(';')).join('\r\n') + '\r\n',
    'utf8',
  );

const storedEvents = () =>
  db
    .selectFrom('responseEvents')
    .select(['territoryId', 'assistanceTypeId', 'requestedAt', 'firstAssistanceAt', 'peopleAssisted', 'notes'])
    .orderBy('requestedAt')
    .execute();

async function expectTheTwoSubmissions() {
  const ids = await idsByCode(db);
  expect(await storedEvents()).toEqual([
    {
      territoryId: ids.territory.lago_agrio,
      assistanceTypeId: ids.assistanceType.food_security,
      // 10:30 as written on the device in Ecuador, 15:30 UTC.
      requestedAt: '2026-03-01T15:30:00.000Z',
      firstAssistanceAt: '2026-03-01T21:45:00.000Z',
      peopleAssisted: 25,
      notes: 'Entrega en albergue',
    },
    {
      territoryId: ids.territory.lago_agrio,
      assistanceTypeId: ids.assistanceType.food_security,
      requestedAt: '2026-03-02T15:30:00.000Z',
      firstAssistanceAt: '2026-03-02T21:45:00.000Z',
      peopleAssisted: 40,
      notes: null,
    },
  ]);
}

describe('a KoboToolbox export as response events', () => {
  it.each([
    ['XLSX', 'asistencias.xlsx', koboXlsx],
    ['CSV', 'asistencias.csv', async () => koboCsv()],
  ])('%s: goes straight to the preview, with no mapping step, and commits', async (_format, name, file) => {
    const { agent, csrf } = await signedInAgent(app, db, 'officer');
    const uploaded = await agent
      .post('/imports')
      .field('_csrf', csrf)
      .field('type', 'events')
      .attach('file', await file(), name)
      .expect(303);
    expect(uploaded.headers.location).toMatch(/^\/imports\/\d+$/);
    const preview = await agent.get(uploaded.headers.location ?? '').expect(200);
    expect(preview.text).toMatch(/Confirmar la importación de 2 filas/);
    expect(preview.text).toContain('_uuid → Clave de fila');
    await agent.post(`${uploaded.headers.location}/commit`).type('form').send({ _csrf: csrf }).expect(303);
    await expectTheTwoSubmissions();
  });

  it('answers through the API with each form column’s field and the system columns ignored, without suggestions', async () => {
    const res = await officer
      .post('/api/v1/imports?type=events&dryRun=false')
      .attach('file', koboCsv(), 'asistencias.csv')
      .expect(201);
    expect(res.body).toMatchObject({ delimiter: ';', counts: { rows: 2, created: 2, rejected: 0 }, missingFields: [] });
    const columns = res.body.columns as { header: string; field: string | null; suggestion: unknown }[];
    expect(Object.fromEntries(columns.filter((c) => c.field).map((c) => [c.header, c.field]))).toEqual({
      'datos_socio/ruc': 'partnerRuc',
      'datos_socio/socio': 'partner',
      'lugar/canton': 'territory',
      'asistencia/tipo_asistencia': 'assistanceType',
      'asistencia/fecha_solicitud': 'requestedDate',
      'asistencia/hora_solicitud': 'requestedTime',
      'asistencia/fecha_entrega': 'deliveredDate',
      'asistencia/beneficiarios': 'peopleAssisted',
      observaciones: 'notes',
      _uuid: 'importKey',
    });
    expect(columns.every((c) => c.suggestion === null)).toBe(true);
    await expectTheTwoSubmissions();
  });

  it('imports the same export twice without creating anything twice, and updates a corrected submission by its _uuid', async () => {
    const upload = async (file: Buffer) =>
      (
        await officer
          .post('/api/v1/imports?type=events&dryRun=false')
          .attach('file', file, 'asistencias.xlsx')
          .expect(201)
      ).body.counts;
    expect(await upload(await koboXlsx())).toMatchObject({ created: 2, unchanged: 0 });
    expect(await upload(await koboXlsx())).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
    // The same two submissions exported again, one of them edited on the server.
    const edited = [ROWS[0] ?? [], submission(2, '0f1b7c4e-aaaa-4c1e-9a1e-000000000002', 45)];
    expect(await upload(await koboXlsx(edited))).toMatchObject({ created: 0, updated: 1, unchanged: 1 });
    expect((await storedEvents()).map((e) => e.peopleAssisted)).toEqual([25, 45]);
  });
});

describe('suggestions for a column that matches nothing', () => {
  const FILE = Buffer.from(
    'Nombre;Tipo;Personal;Ciudad base;Zona;Sectores\nRed Uno;ONG nacional;3;Quito;Norte;Salud\n',
  );

  it('the API names the closest field beside each unmatched column, and applies none of them', async () => {
    const res = await officer.post('/api/v1/imports?type=partners').attach('file', FILE, 'socios.csv').expect(200);
    expect(res.body.columns.slice(2, 5)).toEqual([
      { header: 'Personal', field: 'staffCount', suggestion: null },
      { header: 'Ciudad base', field: null, suggestion: { field: 'territories', confidence: 0.67 } },
      { header: 'Zona', field: null, suggestion: null },
    ]);
    expect(res.body.missingFields).toEqual(['territories']);
  });

  it('the mapping page shows and preselects it until a mapping is saved for these headers', async () => {
    const { agent, csrf } = await signedInAgent(app, db, 'officer');
    const uploaded = await agent
      .post('/imports')
      .field('_csrf', csrf)
      .field('type', 'partners')
      .attach('file', FILE, 'socios.csv')
      .expect(303);
    const location = uploaded.headers.location ?? '';
    expect(location).toMatch(/\/mapping$/);
    const first = await agent.get(location).expect(200);
    expect(first.text).toContain('Sugerencia: Territorios (67 %)');
    expect(first.text).not.toContain('Ninguna columna tiene');
    const column3 = /<select[^>]*name="column3"[\s\S]*?<\/select>/.exec(first.text)?.[0] ?? '';
    expect(column3).toContain('aria-describedby="field-column3-suggestion"');
    expect(column3).toContain('<option value="territories" selected>');
    expect((await agent.get(location).set('Accept-Language', 'en').expect(200)).text).toContain(
      'Suggested: Territories (67%)',
    );

    // The user ignores the column on purpose: the suggestion is still named, no longer chosen.
    const fields = { column0: 'name', column1: 'organizationType', column2: 'staffCount', column5: 'assistanceTypes' };
    await agent
      .post(location)
      .type('form')
      .send({ _csrf: csrf, ...fields, column3: '', column4: '' })
      .expect(303);
    const again = await agent.get(location).expect(200);
    expect(again.text).toContain('Sugerencia: Territorios (67 %)');
    expect(again.text).not.toContain('<option value="territories" selected>');
    expect(again.text).toContain('Ninguna columna tiene: Territorios.');
  });
});
