// Uploads that used to take the import down (issue 12): a CSV with a quote never closed, two files
// in one request, a file name with a NUL. Each is refused with what is wrong, and nothing is kept:
// no import row and no stored file, on disk or in the database.
import { readdirSync } from 'node:fs';
import type { Express } from 'express';
import request from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/database/connect.js';
import { UPLOAD_DIR } from '../../src/imports/upload.js';
import { apiClient, bearerFor, signedInAgent, testApp } from '../helpers/app.js';

let app: Express;
let db: Db;
let officer: ReturnType<typeof apiClient>;

beforeEach(async () => {
  ({ app, db } = await testApp());
  officer = apiClient(app, await bearerFor(db, 'officer'));
});

const UNCLOSED = Buffer.from(
  'Nombre;Tipo de organización;N° de colaboradores;Territorios;Sectores\n"Fundación Uno";national_ngo;5;tulcan;shelter\n"Fundación Dos;national_ngo;4;tulcan;shelter\nFundación Tres;national_ngo;3;tulcan;shelter\n',
);
const GOOD = Buffer.from(
  'Nombre;Tipo de organización;N° de colaboradores;Territorios;Sectores\nFundación Uno;national_ngo;5;tulcan;shelter\n',
);

const importRows = async () => (await db.selectFrom('imports').select('id').execute()).length;
const keptFiles = () => readdirSync(UPLOAD_DIR).length;
const keptInDatabase = async () => (await db.selectFrom('importFiles').select('name').execute()).length;

describe('broken uploads are refused with the reason and leave nothing behind', () => {
  it('names the line of a quote that is never closed, through the API and the page', async () => {
    const filesBefore = keptFiles();
    const api = await officer
      .post('/api/v1/imports?type=partners')
      .set('Accept-Language', 'es')
      .attach('file', UNCLOSED, 'socios.csv');
    expect(api.status).toBe(400);
    expect(JSON.stringify(api.body.errors)).toContain('línea 3');

    const { agent, csrf } = await signedInAgent(app, db, 'officer');
    const page = await agent
      .post('/imports')
      .set('Accept-Language', 'en')
      .field('_csrf', csrf)
      .field('type', 'partners')
      .attach('file', UNCLOSED, 'partners.csv');
    expect(page.status).toBe(400);
    expect(page.text).toContain('opened on line 3 is never closed');
    expect(await importRows()).toBe(0);
    expect(await keptInDatabase()).toBe(0);
    expect(keptFiles()).toBe(filesBefore);
  });

  it('refuses two files in one request', async () => {
    const filesBefore = keptFiles();
    const res = await officer
      .post('/api/v1/imports?type=partners')
      .set('Accept-Language', 'en')
      .attach('file', GOOD, 'a.csv')
      .attach('file', GOOD, 'b.csv');
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.errors)).toContain('one file per import');
    expect(await importRows()).toBe(0);
    expect(await keptInDatabase()).toBe(0);
    expect(keptFiles()).toBe(filesBefore);
  });

  it('refuses a file name with a NUL in it, raw or percent-encoded', async () => {
    const filesBefore = keptFiles();
    const raw = await officer
      .post('/api/v1/imports?type=partners')
      .set('Accept-Language', 'en')
      .attach('file', GOOD, 'soc\u0000ios.csv');
    expect(raw.status).toBe(400);
    expect(JSON.stringify(raw.body.errors)).toContain('file name with control characters');

    const boundary = 'x-boundary';
    const body = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename*=UTF-8''soc%00ios.csv\r\nContent-Type: text/csv\r\n\r\n`,
      ),
      GOOD,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const encoded = await officer
      .post('/api/v1/imports?type=partners')
      .set('Accept-Language', 'es')
      .set('Content-Type', `multipart/form-data; boundary=${boundary}`)
      .send(body);
    expect(encoded.status).toBe(400);
    expect(JSON.stringify(encoded.body.errors)).toContain('caracteres de control');
    expect(await importRows()).toBe(0);
    expect(await keptInDatabase()).toBe(0);
    expect(keptFiles()).toBe(filesBefore);
  });

  it('still imports a good file after the refusals', async () => {
    const res = await request(app).get('/health');
    expect(res.status).toBe(200);
    const ok = await officer.post('/api/v1/imports?type=partners&dryRun=false').attach('file', GOOD, 'socios.csv');
    expect(ok.status).toBe(201);
  });
});
