// Two instances over one database: an import started through one is mapped, previewed again, has
// its rejected rows downloaded and is committed through the other, whose upload folder never saw
// the file (each instance writes its copy from the database when it needs one).
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Express } from 'express';
import { pino } from 'pino';
import { beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import type { Db } from '../../src/database/connect.js';
import { UPLOAD_DIR } from '../../src/imports/upload.js';
import { apiClient, bearerFor, signedInAgent, testApp } from '../helpers/app.js';

let first: Express;
let second: Express;
let db: Db;
let token: string;

beforeEach(async () => {
  ({ app: first, db } = await testApp());
  second = createApp({ db, logger: pino({ level: 'silent' }), production: false });
  token = await bearerFor(db, 'admin');
});

const utf8 = (text: string) => Buffer.from(text, 'utf8');

/** The import's kept file: its name, whether this machine's upload folder holds it, and its bytes in the database. */
async function keptFile(id: number) {
  const { storedFile } = await db
    .selectFrom('imports')
    .select('storedFile')
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  const kept = storedFile
    ? await db.selectFrom('importFiles').select(['size']).where('name', '=', storedFile).executeTakeFirst()
    : undefined;
  return { storedFile, local: storedFile !== null && existsSync(join(UPLOAD_DIR, storedFile)), inDatabase: kept };
}

/** What another machine would see: the upload folder without this file. */
async function forgetLocalCopy(id: number) {
  const { storedFile } = await keptFile(id);
  rmSync(join(UPLOAD_DIR, storedFile!), { force: true });
  expect((await keptFile(id)).local).toBe(false);
}

const partnerCount = async () =>
  Number(
    (
      await db
        .selectFrom('partners')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('an import started on one instance', () => {
  it('is mapped, previewed, corrected, downloaded and committed on another that lacks the upload', async () => {
    const one = apiClient(first, token);
    const two = apiClient(second, token);
    const file = utf8(
      'Nombre;Tipo;Gente;Zona;Sectores\nRed Uno;ONG nacional;3;Quito;Salud\nRed Dos;ONG nacional;tres;Quito;Salud\n',
    );
    const started = await one
      .post('/api/v1/imports?type=partners')
      .set('Accept-Language', 'es')
      .attach('file', file, 'socios.csv')
      .expect(200);
    const id = started.body.id as number;
    expect(started.body.missingFields).toEqual(['staffCount', 'territories']);
    expect(await keptFile(id)).toMatchObject({ local: true, inDatabase: { size: file.length } });

    await forgetLocalCopy(id);
    const { agent } = await signedInAgent(second, db, 'officer');
    const mappingPage = await agent.get(`/imports/${String(id)}/mapping`).expect(200);
    expect(mappingPage.text).toContain('Red Dos');

    await forgetLocalCopy(id);
    const mapped = await two
      .post(`/api/v1/imports/${String(id)}/mapping`)
      .set('Accept-Language', 'es')
      .send({ columns: { Gente: 'staffCount', Zona: 'territories' } })
      .expect(200);
    expect(mapped.body.counts).toMatchObject({ rows: 2, created: 1, rejected: 1 });

    await forgetLocalCopy(id);
    const rejected = await two.get(`/api/v1/imports/${String(id)}/rejected-rows`).expect(200);
    expect(rejected.text).toContain('Red Dos');
    expect(rejected.text).not.toContain('Red Uno');

    await forgetLocalCopy(id);
    const row = mapped.body.rejections[0].row as number;
    const corrected = await two
      .post(`/api/v1/imports/${String(id)}/cells`)
      .send({ cells: [{ row, column: 'Gente', value: '4' }] })
      .expect(200);
    expect(corrected.body.counts).toMatchObject({ rows: 2, created: 2, rejected: 0 });

    await forgetLocalCopy(id);
    const committed = await two.post(`/api/v1/imports/${String(id)}/commit`).expect(201);
    expect(committed.body).toMatchObject({ status: 'committed', counts: { created: 2 } });
    expect(await partnerCount()).toBe(2);
    // The commit deletes the file everywhere: the database's bytes and the copy it read.
    expect(await keptFile(id)).toEqual({ storedFile: null, local: false, inDatabase: undefined });
    expect(await db.selectFrom('importFiles').select('name').execute()).toEqual([]);
  });

  it('commits a whole workbook through the other instance', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Socios');
    sheet.addRow(['Nombre', 'Tipo de organización', 'Personal remunerado', 'Territorios', 'Tipos de asistencia']);
    sheet.addRow(['Red Uno', 'ONG nacional', 3, 'Quito', 'Salud']);
    const file = Buffer.from(await book.xlsx.writeBuffer());
    const preview = await apiClient(first, token)
      .post('/api/v1/imports?type=workbook')
      .attach('file', file, 'cartera.xlsx')
      .expect(200);
    await forgetLocalCopy(preview.body.id as number);
    const committed = await apiClient(second, token)
      .post(`/api/v1/imports/${String(preview.body.id)}/commit`)
      .expect(201);
    expect(committed.body).toMatchObject({ status: 'committed', counts: { created: 1 } });
    expect(await partnerCount()).toBe(1);
    expect(await db.selectFrom('importFiles').select('name').execute()).toEqual([]);
  });

  it('says the file is gone when neither the instance nor the database holds it', async () => {
    const preview = await apiClient(first, token)
      .post('/api/v1/imports?type=partners')
      .attach('file', utf8('Nombre;Tipo;Personal;Territorios;Sectores\nRed Uno;ONG nacional;3;Quito;Salud\n'), 's.csv')
      .expect(200);
    await forgetLocalCopy(preview.body.id as number);
    await db.deleteFrom('importFiles').execute();
    const refused = await apiClient(second, token)
      .post(`/api/v1/imports/${String(preview.body.id)}/commit`)
      .set('Accept-Language', 'en')
      .expect(409);
    expect(JSON.stringify(refused.body)).toContain('file is no longer available; upload it again');
    expect(await partnerCount()).toBe(0);
  });
});
