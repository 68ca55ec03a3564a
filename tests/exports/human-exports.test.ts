// Files for people: labels in the user's language, Ecuador time with its offset, phones as typed,
// Spanish CSV as a Spanish-locale spreadsheet reads it; the HXL file and the API keep codes. A
// Spanish CSV export imports back.
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/database/connect.js';
import { addPartner, apiClient, bearerFor, idsByCode, signedInAgent, testApp } from '../helpers/app.js';

let app: Awaited<ReturnType<typeof testApp>>['app'];
let db: Db;

beforeEach(async () => {
  ({ app, db } = await testApp());
});

const binary = (res: any, callback: (error: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
};

/** Ecuador wall-clock "YYYY-MM-DD HH:MM" of an ISO instant (UTC−5). */
const ecuadorWallClock = (iso: string) =>
  new Date(Date.parse(iso) - 5 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');

async function samplePartners() {
  const ids = await idsByCode(db);
  const partner = await addPartner(db, {
    name: 'Fundación Niñez del Carchi',
    acronym: 'FNC',
    ruc: '1790085783001',
    organizationType: 'national_ngo',
    localizationCategory: 'local_national_non_state',
    staffCount: 12,
    volunteerCount: 30,
    annualBudgetUsd: 1234.5,
    yearFounded: 2009,
    territoryIds: [ids.territory.tulcan!, ids.territory.quito!],
    assistanceTypeIds: [ids.assistanceType.shelter!, ids.assistanceType.health!],
    adminSteps: 3,
    declaredResponseHours: 12.5,
    contactName: 'Lucía Loor',
    contactEmail: 'lucia@example.org',
    contactPhone: '+593 99 123 4567',
  });
  await addPartner(db, {
    name: 'Colectivo Raíces',
    organizationType: 'cbo',
    staffCount: 250,
    contactPhone: '(02) 245-6789',
  });
  return partner;
}

describe('exports for people', () => {
  it('a Spanish CSV uses ";", decimal commas, Spanish labels, Ecuador time with its offset and phones as typed', async () => {
    const partner = await samplePartners();
    const { agent } = await signedInAgent(app, db, 'viewer');
    const csv = (await agent.get('/partners?format=csv').expect(200)).text.slice(1);
    expect(csv.split('\r\n')[0]).toMatch(/^ID;Nombre;Sigla;/);
    const rows = parse<Record<string, string>>(csv, { columns: true, delimiter: ';' });
    const row = rows.find((r) => r.Nombre === 'Fundación Niñez del Carchi')!;
    expect(row).toMatchObject({
      'Tipo de organización': 'ONG nacional',
      'Categoría de localización': 'Actor local o nacional no estatal',
      Tamaño: 'Pequeña',
      Estado: 'Activo',
      'Presupuesto anual (USD)': '1234,5',
      'Tiempo típico de respuesta declarado (horas)': '12,5',
      'Teléfono de contacto': '+593 99 123 4567',
      'Territorios donde opera': 'Quito; Tulcán',
    });
    expect(row['Última actualización']).toBe(`${ecuadorWallClock(partner.updatedAt)} -05:00`);
    expect(rows.find((r) => r.Nombre === 'Colectivo Raíces')).toMatchObject({
      'Tipo de organización': 'Organización de base comunitaria',
      Tamaño: 'Grande',
      'Teléfono de contacto': '(02) 245-6789',
    });
  });

  it('an English CSV uses "," and decimal points, with English labels', async () => {
    await samplePartners();
    const { agent } = await signedInAgent(app, db, 'viewer');
    const csv = (await agent.get('/partners?format=csv').set('Cookie', 'lang=en').expect(200)).text.slice(1);
    expect(csv.split('\r\n')[0]).toMatch(/^ID,Name,Acronym,/);
    const row = parse<Record<string, string>>(csv, { columns: true }).find(
      (r) => r.Name === 'Fundación Niñez del Carchi',
    )!;
    expect(row).toMatchObject({
      'Organization type': 'National NGO',
      Size: 'Small',
      Status: 'Active',
      'Annual budget (USD)': '1234.5',
    });
  });

  it('still disarms formulas in CSV, but not phone numbers or negative numbers', async () => {
    await addPartner(db, { name: '=HYPERLINK("http://x")', acronym: '+SUM(A1)', contactPhone: '+593 2 123 4567' });
    const { agent } = await signedInAgent(app, db, 'viewer');
    const [row] = parse<Record<string, string>>((await agent.get('/partners?format=csv').expect(200)).text.slice(1), {
      columns: true,
      delimiter: ';',
    });
    expect(row).toMatchObject({
      Nombre: `'=HYPERLINK("http://x")`,
      Sigla: "'+SUM(A1)",
      'Teléfono de contacto': '+593 2 123 4567',
    });
  });

  it('XLSX cells are typed: numbers as numbers, times as date cells in Ecuador time, labels as text, formulas never run', async () => {
    const partner = await samplePartners();
    await addPartner(db, { name: '=HYPERLINK("http://x")' });
    const { agent } = await signedInAgent(app, db, 'viewer');
    const res = await agent.get('/partners?format=xlsx').buffer(true).parse(binary).expect(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.body as never);
    const sheet = workbook.worksheets[0]!;
    const titles = (sheet.getRow(1).values as unknown[]).slice(1) as string[];
    const column = (title: string) => titles.indexOf(title) + 1;
    let found: ExcelJS.Row | null = null;
    sheet.eachRow((r) => {
      if (r.getCell(column('Nombre')).value === 'Fundación Niñez del Carchi') found = r;
    });
    const row = found!;
    expect(row.getCell(column('Personal remunerado')).value).toBe(12);
    expect(row.getCell(column('Presupuesto anual (USD)')).value).toBe(1234.5);
    expect(row.getCell(column('Tipo de organización')).value).toBe('ONG nacional');
    const updated = row.getCell(column('Última actualización'));
    expect(updated.value).toBeInstanceOf(Date);
    expect((updated.value as Date).toISOString().slice(0, 16).replace('T', ' ')).toBe(
      ecuadorWallClock(partner.updatedAt),
    );
    expect(updated.numFmt).toContain('-05:00');
    const names: unknown[] = [];
    sheet.eachRow((r) => names.push(r.getCell(column('Nombre')).value));
    expect(names).toContain('=HYPERLINK("http://x")');
    expect(names.some((n) => typeof n === 'object' && n !== null && 'formula' in n)).toBe(false);
  });

  it('the HXL file and the API keep codes, ISO times, "," and decimal points, whatever the language', async () => {
    const partner = await samplePartners();
    const { agent } = await signedInAgent(app, db, 'viewer');
    const [titles, tags, ...rows] = parse((await agent.get('/partners?format=csv&hxl=1').expect(200)).text.slice(1));
    expect(tags).toContain('#org+type');
    const row = Object.fromEntries(tags!.map((tag, i) => [tag, rows.find((r) => r[1] === partner.name)![i]]));
    expect(row).toMatchObject({
      '#org+type': 'national_ngo',
      '#org+size': 'small',
      '#status': 'active',
      '#value+budget+usd': '1234.5',
      '#date+updated': partner.updatedAt,
    });
    expect(titles![1]).toBe('Nombre');
    const api = (
      await apiClient(app, await bearerFor(db, 'viewer'))
        .get(`/api/v1/partners/${partner.id}`)
        .expect(200)
    ).body;
    expect(api).toMatchObject({ organizationType: 'national_ngo', sizeClass: 'small', status: 'active' });
  });

  it('events, flags and the ranking show labels and Ecuador times', async () => {
    const partner = await samplePartners();
    const ids = await idsByCode(db);
    const officer = apiClient(app, await bearerFor(db, 'officer'));
    await officer
      .post(`/api/v1/partners/${partner.id}/response-events`)
      .send({
        territoryId: ids.territory.tulcan,
        assistanceTypeId: ids.assistanceType.shelter,
        requestedAt: '2026-02-03T13:30:00.000Z',
        firstAssistanceAt: '2026-02-04T19:15:00.000Z',
        peopleAssisted: 1250,
      })
      .expect(201);
    await officer
      .post(`/api/v1/partners/${partner.id}/flags`)
      .send({ level: 'red', category: 'financial', comment: 'Pendiente' })
      .expect(201);
    const { agent } = await signedInAgent(app, db, 'viewer');
    const table = async (url: string) =>
      parse<Record<string, string>>((await agent.get(url).redirects(1).expect(200)).text.slice(1), {
        columns: true,
        delimiter: ';',
      });
    const [event] = await table(`/partners/${partner.id}/events?format=csv`);
    expect(Object.values(event!)).toEqual(
      expect.arrayContaining(['2026-02-03 08:30 -05:00', '2026-02-04 14:15 -05:00', '29,75', '1250']),
    );
    const [flag] = await table('/flags?format=csv');
    expect(Object.values(flag!)).toEqual(expect.arrayContaining(['Roja', 'Financiera', 'Abierta']));
    // One event and a declared time: partly measured (methodology v2).
    const ranking = await table('/ranking?format=csv');
    expect(ranking.find((r) => r.Nombre === partner.name)).toMatchObject({
      'Bandera roja abierta': 'Sí',
      'Origen del tiempo de respuesta': 'Parcialmente medido',
      Recomendación: 'Bloqueado',
    });
  });
});

describe('an exported file imports back', () => {
  it('a Spanish partner CSV: the import reads ";" and decimal commas, maps every column it knows and accepts every row', async () => {
    await samplePartners();
    const { agent } = await signedInAgent(app, db, 'viewer');
    const file = (await agent.get('/partners?format=csv').buffer(true).parse(binary).expect(200)).body as Buffer;

    const other = await testApp();
    const importer = apiClient(other.app, await bearerFor(other.db, 'officer'));
    const preview = (
      await importer
        .post('/api/v1/imports?type=partners&dryRun=true')
        .set('Accept-Language', 'es')
        .attach('file', file, 'socios.csv')
        .expect(200)
    ).body;
    expect(preview.rejections).toEqual([]);
    expect(preview).toMatchObject({ delimiter: ';', counts: { rows: 2, created: 2, rejected: 0 } });
    const unmapped = preview.columns.filter((c: any) => c.field === null).map((c: any) => c.header);
    // Only what the app derives (its id, the size class, provinces, the time of the last change) is left out.
    expect(unmapped).toEqual(['ID', 'Tamaño', 'Provincias', 'Última actualización']);

    const committed = (
      await importer
        .post('/api/v1/imports?type=partners&dryRun=false')
        .set('Accept-Language', 'es')
        .attach('file', file, 'socios.csv')
        .expect(201)
    ).body;
    expect(committed.counts).toMatchObject({ created: 2, rejected: 0 });
    const copy = await other.db
      .selectFrom('partners')
      .selectAll()
      .where('name', '=', 'Fundación Niñez del Carchi')
      .executeTakeFirstOrThrow();
    expect(copy).toMatchObject({
      organizationType: 'national_ngo',
      localizationCategory: 'local_national_non_state',
      staffCount: 12,
      annualBudgetUsd: 1234.5,
      declaredResponseHours: 12.5,
      contactPhone: '+593 99 123 4567',
      adminSteps: 3,
    });
  });
});
