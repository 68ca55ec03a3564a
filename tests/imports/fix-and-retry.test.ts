// Fix and retry: a rejected row names every faulty cell at once; an update's preview says what it
// changes; the rejected rows come back as the user's own file (CSV or XLSX) with a column saying
// what is wrong, and that file, fixed, goes in.
import ExcelJS from 'exceljs';
import type { Express } from 'express';
import type { Response } from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/database/connect.js';
import { addPartner, apiClient, bearerFor, idsByCode, signedInAgent, testApp } from '../helpers/app.js';

let app: Express;
let db: Db;
let officer: ReturnType<typeof apiClient>;

beforeEach(async () => {
  ({ app, db } = await testApp());
  officer = apiClient(app, await bearerFor(db, 'officer'));
});

function upload(type: string, file: Buffer, name: string, dryRun = true, lang = 'es') {
  return officer
    .post(`/api/v1/imports?type=${type}&dryRun=${dryRun}`)
    .set('Accept-Language', lang)
    .attach('file', file, name);
}

/** The raw bytes of a download (supertest would otherwise decode the text as UTF-8). */
function download(path: string, lang = 'es') {
  return officer
    .get(path)
    .set('Accept-Language', lang)
    .buffer(true)
    .parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
}

const body = (res: Response) => res.body as Buffer;

describe('every faulty cell', () => {
  it('lists all three faults of an event row, each with its value, once', async () => {
    await addPartner(db, { ruc: '1790085783001' });
    const file = Buffer.from(
      'RUC del socio;Territorio;Tipo de asistencia;Fecha de solicitud;Personas asistidas\n' +
        '0999999999001;Tulcán;Salud;31/02/2026;muchas\n',
    );
    const res = await upload('events', file, 'eventos.csv').expect(200);
    expect(res.body.counts).toMatchObject({ rows: 1, rejected: 1 });
    expect(
      res.body.rejections.map((issue: { column: string; message: string }) => [issue.column, issue.message]),
    ).toEqual([
      [
        'RUC del socio',
        'Ningún socio registrado tiene el RUC «0999999999001»; escriba el RUC de 13 dígitos de un socio registrado, o registre primero al socio',
      ],
      ['Fecha de solicitud', '«31/02/2026» no es una fecha; use dd/mm/aaaa (por ejemplo 25/03/2026)'],
      ['Personas asistidas', '«muchas» no es un número; escriba solo cifras (por ejemplo 12 o 1.234,50)'],
    ]);
  });

  it('names a review’s bad date and bad rating together, and an agreement’s unknown partner beside its other cells', async () => {
    await addPartner(db, { ruc: '1790085783001' });
    const reviews = Buffer.from('RUC;Inicio;Fin;Calificación\n1790085783001;01/13/2026;31/03/2026;9\n');
    const review = await upload('reviews', reviews, 'evaluaciones.csv').expect(200);
    expect(review.body.rejections.map((issue: { field: string }) => issue.field)).toEqual(['periodStart', 'rating']);
    const agreements = Buffer.from(
      'Código;RUC;Título;Fecha de inicio;Fecha de fin;Monto;Territorios;Tipos de asistencia\n' +
        'CV-1;0999999999001;Convenio;01/01/2026;31/12/2026;-5;Quito;Salud\n',
    );
    const admin = apiClient(app, await bearerFor(db, 'admin'));
    const agreement = await admin
      .post('/api/v1/imports?type=agreements')
      .attach('file', agreements, 'convenios.csv')
      .expect(200);
    expect(agreement.body.rejections.map((issue: { field: string }) => issue.field)).toEqual([
      'partnerRuc',
      'amountUsd',
    ]);
  });
});

describe('updates show what changes', () => {
  it('lists each changed field of a partner before → after, as a person reads it, on the page and in the API', async () => {
    await addPartner(db, { name: 'Fundación Niñez del Carchi', ruc: '1790085783001', staffCount: 12 });
    const file = Buffer.from(
      'Nombre;RUC;Tipo de organización;Personal;Territorios;Sectores\n' +
        'Fundación Niñez del Carchi;1790085783001;Organización de base comunitaria;1.250;"Tulcán; Quito";Alojamiento temporal\n',
    );
    const res = await upload('partners', file, 'socios.csv').expect(200);
    expect(res.body.counts).toMatchObject({ updated: 1 });
    expect(res.body.changes).toEqual([
      expect.objectContaining({
        row: 2,
        record: 'Fundación Niñez del Carchi',
        column: 'Tipo de organización',
        before: 'ONG nacional',
        after: 'Organización de base comunitaria',
      }),
      expect.objectContaining({ column: 'Personal', before: '12', after: '1.250' }),
      expect.objectContaining({ column: 'Territorios', before: 'Tulcán', after: 'Tulcán; Quito' }),
    ]);
    const en = await officer.get(res.headers.location!).set('Accept-Language', 'en').expect(200);
    expect(en.body.changes[0]).toMatchObject({ before: 'National NGO', after: 'Community-based organization' });
    expect(en.body.changes[1]).toMatchObject({ before: '12', after: '1,250' });

    const { agent } = await signedInAgent(app, db, 'officer');
    const page = await agent.get(`/imports/${res.body.id}`).expect(200);
    expect(page.text).toContain('Cambios en registros existentes');
    expect(page.text).toContain('ONG nacional → Organización de base comunitaria');
    expect(page.text).toContain('Tulcán → Tulcán; Quito');
  });

  it('lists an event’s changed date and count, and keeps the list after the commit', async () => {
    await addPartner(db, { ruc: '1790085783001' });
    const header = 'ID;RUC;Territorio;Tipo de asistencia;Fecha de solicitud;Hora de solicitud;Personas asistidas\n';
    await upload(
      'events',
      Buffer.from(`${header}E-1;1790085783001;Tulcán;Salud;03/02/2026;08:30;10\n`),
      'e.csv',
      false,
    ).expect(201);
    const again = Buffer.from(`${header}E-1;1790085783001;Tulcán;Salud;04/02/2026;08:30;12\n`);
    const committed = await upload('events', again, 'e.csv', false, 'en').expect(201);
    expect(committed.body.changes).toEqual([
      expect.objectContaining({
        column: 'Fecha de solicitud',
        before: 'Feb 3, 2026, 8:30 AM',
        after: 'Feb 4, 2026, 8:30 AM',
      }),
      expect.objectContaining({ column: 'Personas asistidas', before: '10', after: '12' }),
    ]);
  });
});

// Windows-1252 bytes for every Spanish letter are their Latin-1 bytes.
const cp1252 = (text: string) => Buffer.from(text, 'latin1');
const fromCp1252 = (bytes: Buffer) => new TextDecoder('windows-1252').decode(bytes);

describe('download rejected rows, fix them, upload them', () => {
  it('gives back a Windows-1252 CSV with semicolons, only the rejected rows and a Problems column, which imports once fixed', async () => {
    const original = cp1252(
      [
        'Nombre;Tipo de organización;Personal;Territorios;Sectores;Correo;Notas',
        'Fundación Niñez;ONG nacional;12;Tulcán;Salud;;',
        'Colectivo Raíces;ONG nacional;doce;Quito;Salud;;"Dice; con punto y coma"',
        'Red Ñandú;ONG nacional;-3;Quito;Salud;juan@;',
        '',
      ].join('\r\n'),
    );
    const preview = await upload('partners', original, 'socios ñ.csv').expect(200);
    expect(preview.body.counts).toMatchObject({ rows: 3, rejected: 2 });

    const file = await download(`/api/v1/imports/${preview.body.id}/rejected-rows`).expect(200);
    expect(file.headers['content-type']).toBe('text/csv; charset=windows-1252');
    expect(file.headers['content-disposition']).toContain('socios%20%C3%B1-rechazadas.csv');
    const text = fromCp1252(body(file));
    expect(body(file).includes(Buffer.from('Raíces', 'utf8'))).toBe(false);
    expect(text.split('\r\n')).toEqual([
      'Nombre;Tipo de organización;Personal;Territorios;Sectores;Correo;Notas;Errores',
      'Colectivo Raíces;ONG nacional;doce;Quito;Salud;;"Dice; con punto y coma";"«Personal»: «doce» no es un número; escriba solo cifras (por ejemplo 12 o 1.234,50)"',
      'Red Ñandú;ONG nacional;-3;Quito;Salud;juan@;;"«Personal»: «-3» es menor que el mínimo; escriba un número de 0 o más; «Correo»: «juan@» no es un correo válido; escriba uno como nombre@organizacion.org"',
      '',
    ]);

    const fixed = cp1252(text.replace(';doce;', ';10;').replace(';-3;', ';3;').replace('juan@', 'juan@red.org'));
    const retried = await upload('partners', fixed, 'socios ñ-rechazadas.csv').expect(200);
    expect(retried.body).toMatchObject({ encoding: 'windows-1252', delimiter: ';', missingFields: [] });
    expect(retried.body.columns.at(-1)).toEqual({ header: 'Errores', field: null, suggestion: null });
    expect(retried.body.counts).toMatchObject({ rows: 2, created: 2, rejected: 0 });
    const committed = await upload('partners', fixed, 'socios ñ-rechazadas.csv', false).expect(201);
    expect(committed.body.counts).toMatchObject({ created: 2 });
    const names = await db.selectFrom('partners').select('name').orderBy('name').execute();
    expect(names.map((p) => p.name)).toEqual(['Colectivo Raíces', 'Red Ñandú']);
  });

  it('maps a downloaded file as its original was mapped by hand, with no mapping step for the added column', async () => {
    const original = Buffer.from(
      'Entidad X;Tipo;Personal;Territorios;Sectores\nRed Uno;ONG nacional;tres;Quito;Salud\n',
    );
    const preview = await officer
      .post('/api/v1/imports?type=partners')
      .field('mapping', JSON.stringify({ 'Entidad X': 'name' }))
      .attach('file', original, 'socios.csv')
      .expect(200);
    expect(preview.body.counts).toMatchObject({ rejected: 1 });
    const file = await download(`/api/v1/imports/${preview.body.id}/rejected-rows`).expect(200);
    const fixed = Buffer.from(body(file).toString('utf8').replace(';tres;', ';3;'));
    const retried = await upload('partners', fixed, 'socios-rechazadas.csv').expect(200);
    expect(retried.body.columns.map((c: { field: string | null }) => c.field)).toEqual([
      'name',
      'organizationType',
      'staffCount',
      'territories',
      'assistanceTypes',
      null,
    ]);
    expect(retried.body.counts).toMatchObject({ created: 1, rejected: 0 });
  });

  it('gives back a workbook with the same sheet name, dates kept as dates and the column headed in English', async () => {
    await addPartner(db, { ruc: '1790085783001' });
    const book = new ExcelJS.Workbook();
    book.addWorksheet('Notas');
    const sheet = book.addWorksheet('Eventos marzo');
    sheet.addRow(['RUC', 'Territorio', 'Tipo de asistencia', 'Fecha de solicitud', 'Personas asistidas']);
    sheet.addRow(['1790085783001', 'Tulcán', 'Salud', new Date(Date.UTC(2026, 2, 2)), 10]);
    sheet.addRow(['1790085783001', 'Tulcán', 'Salud', new Date(Date.UTC(2026, 2, 3)), 'muchas']);
    sheet.addRow(['1790085783001', 'Tulcán', 'Salud', '31/02/2026', 5]);
    sheet.getColumn(4).numFmt = 'dd/mm/yyyy';
    const original = Buffer.from(await book.xlsx.writeBuffer());
    const preview = await officer
      .post('/api/v1/imports?type=events&sheet=Eventos%20marzo')
      .attach('file', original, 'eventos.xlsx')
      .expect(200);
    expect(preview.body.counts).toMatchObject({ rows: 3, rejected: 2 });

    const file = await download(`/api/v1/imports/${preview.body.id}/rejected-rows`, 'en').expect(200);
    expect(file.headers['content-disposition']).toContain('eventos-rejected.xlsx');
    const back = new ExcelJS.Workbook();
    await back.xlsx.load(body(file) as never);
    expect(back.worksheets.map((ws) => ws.name)).toEqual(['Eventos marzo']);
    const rows = back.worksheets[0]!.getSheetValues().slice(1) as unknown[][];
    expect(rows.map((row) => row.slice(1))).toEqual([
      ['RUC', 'Territorio', 'Tipo de asistencia', 'Fecha de solicitud', 'Personas asistidas', 'Problems'],
      [
        '1790085783001',
        'Tulcán',
        'Salud',
        new Date(Date.UTC(2026, 2, 3)),
        'muchas',
        '“Personas asistidas”: “muchas” is not a number; write digits only (for example 12 or 1,234.50)',
      ],
      [
        '1790085783001',
        'Tulcán',
        'Salud',
        '31/02/2026',
        5,
        '“Fecha de solicitud”: “31/02/2026” is not a date; use dd/mm/yyyy (for example 25/03/2026)',
      ],
    ]);

    const fixedSheet = back.worksheets[0]!;
    fixedSheet.getCell('E2').value = 40;
    fixedSheet.getCell('D3').value = '28/02/2026';
    const fixed = Buffer.from(await back.xlsx.writeBuffer());
    const committed = await upload('events', fixed, 'eventos-rejected.xlsx', false).expect(201);
    expect(committed.body).toMatchObject({ sheet: 'Eventos marzo', counts: { created: 2, rejected: 0 } });
    const events = await db
      .selectFrom('responseEvents')
      .select(['requestedAt', 'peopleAssisted'])
      .orderBy('requestedAt')
      .execute();
    expect(events).toEqual([
      { requestedAt: '2026-02-28T05:00:00.000Z', peopleAssisted: 5 },
      { requestedAt: '2026-03-03T05:00:00.000Z', peopleAssisted: 40 },
    ]);
  });

  it('offers the download on the page, and answers a committed or clean import sensibly', async () => {
    const { agent, csrf } = await signedInAgent(app, db, 'officer');
    const ids = await idsByCode(db);
    expect(ids.territory.quito).toBeDefined();
    const bad = await agent
      .post('/imports')
      .field('_csrf', csrf)
      .field('type', 'partners')
      .attach(
        'file',
        Buffer.from('Nombre;Tipo;Personal;Territorios;Sectores\nRed Uno;ONG nacional;tres;Quito;Salud\n'),
        'socios.csv',
      )
      .expect(303);
    const page = await agent.get(bad.headers.location!).expect(200);
    expect(page.text).toContain(`href="${bad.headers.location!}/rejected-rows"`);
    expect(page.text).toContain('Descargar filas rechazadas');
    const csv = await agent.get(`${bad.headers.location!}/rejected-rows`).expect(200);
    expect(csv.text).toContain('Red Uno;ONG nacional;tres;Quito;Salud;"«Personal»: «tres» no es un número');

    const clean = await upload(
      'partners',
      Buffer.from('Nombre;Tipo;Personal;Territorios;Sectores\nRed Dos;ONG nacional;3;Quito;Salud\n'),
      's.csv',
      false,
    ).expect(201);
    const committed = await download(`/api/v1/imports/${clean.body.id}/rejected-rows`).expect(409);
    expect(committed.headers['content-type']).toMatch(/application\/problem\+json/);
    await agent.get(`/imports/${clean.body.id}/rejected-rows`).expect(409);
    const preview = await upload(
      'partners',
      Buffer.from('Nombre;Tipo;Personal;Territorios;Sectores\nRed Tres;ONG nacional;3;Quito;Salud\n'),
      's.csv',
    ).expect(200);
    await download(`/api/v1/imports/${preview.body.id}/rejected-rows`).expect(404);
  });
});
