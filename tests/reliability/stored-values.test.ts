// Stored hostile values in every free-text field — markup, date-like text, a date followed by
// words, control characters, formula strings — written straight into the database (as old data
// or another client could have left them) and through the API where it accepts them. Every page,
// API answer and export that shows them must answer 200 (or its usual redirect) and escape them.
import ExcelJS from 'exceljs';
import type { Server } from 'node:http';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registeredRoutes } from '../helpers/routes.js';
import { recordFigure } from './figures.js';
import { type Portfolio, leakIn, pathFor, portfolioApp } from './fixture.js';

const MARKUP = '<script>alert("cartera")</script>';
const HOSTILE = [
  ['markup', MARKUP],
  ['date-like text', '2024-13-45T25:61'],
  ['a date followed by words', '2024-01-01 y más'],
  ['tab and line break', 'línea uno\tcon tab\nlínea dos'],
  ['control characters', 'nul\u0000 esc\u001b[31m bidi\u202egnp.exe'],
  ['formula', '=1+2|cmd'],
] as const;

let p: Portfolio;
let server: Server;

beforeAll(async () => {
  p = await portfolioApp();
  server = p.app.listen(0, '127.0.0.1');
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

/** Writes the value into every free-text column of the portfolio's records. */
async function store(value: string) {
  const { db } = p;
  await db
    .updateTable('partners')
    .set({ name: value, acronym: value, contactName: value, notes: value })
    .where('id', '=', p.partnerId)
    .execute();
  await db.updateTable('flags').set({ comment: value, resolution: value }).where('id', '=', p.flagId).execute();
  await db.updateTable('performanceReviews').set({ notes: value }).where('id', '=', p.reviewId).execute();
  await db.updateTable('responseEvents').set({ notes: value }).where('id', '=', p.eventId).execute();
  await db.updateTable('agreements').set({ title: value }).where('id', '=', p.agreementId).execute();
  await db.updateTable('decisions').set({ rationale: value }).where('id', '=', p.decisionId).execute();
  await db.updateTable('territories').set({ nameEs: value, nameEn: value }).where('code', '=', 'tulcan').execute();
  await db.updateTable('assistanceTypes').set({ nameEs: value, nameEn: value }).where('code', '=', 'shelter').execute();
  await db.updateTable('users').set({ name: value }).where('id', '=', p.targetUserId).execute();
  await db.updateTable('methodologies').set({ rationale: value }).execute();
}

const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&#34;');

// Pages that show the stored values; each must show the value as text.
/** The admin's session cookie as a header value. */
const adminCookie = () =>
  p.admin.agent.jar
    // superagent's jar takes a plain access description at run time; its class lives in a package we do not import.
    // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment
    .getCookies({ domain: '127.0.0.1', path: '/', secure: false, script: false })
    .toValueString();

const SHOWING = ['/partners/:id', '/flags', '/events', '/reviews', '/decisions', '/agreements/:id'];
// Lists that export (format=csv|xlsx).
const EXPORTS = ['/partners', '/events', '/reviews', '/flags', '/decisions', '/agreements', '/ranking', '/admin/audit'];
// A formula at the start of a CSV field, not neutralised with a leading apostrophe.
const RAW_FORMULA = /(^|[;,\t])"?=1\+2\|cmd/m;

describe('stored hostile values', () => {
  const failures: string[] = [];
  let checked = 0;

  afterAll(() => {
    recordFigure({
      check: 'stored hostile values: pages, API answers, exports read',
      measured: String(checked),
      target: `every GET route × ${HOSTILE.length} values`,
      ok: checked > 0,
    });
    recordFigure({
      check: 'stored hostile values: failures (5xx, raw markup, formula, hidden text)',
      measured: String(failures.length),
      target: '0',
      ok: failures.length === 0,
    });
  });

  it.each(HOSTILE)('%s: every page, API answer and export answers and escapes it', async (label, value) => {
    await store(value);
    // And through the API, where it accepts the value (the control characters it should refuse).
    const viaApi = await request(server)
      .post(`/api/v1/partners/${p.partnerId}/flags`)
      .set('Authorization', p.adminBearer)
      .send({ level: 'observation', category: 'other', comment: value });
    if (viaApi.status >= 500)
      failures.push(`${label}: POST /api/v1/partners/${p.partnerId}/flags answered ${viaApi.status}`);
    const fail = (what: string) => failures.push(`${label}: ${what}`);
    const routes = registeredRoutes(p.app).filter((r) => r.startsWith('GET ') && !r.endsWith('.pdf'));
    for (const route of routes) {
      const pattern = route.slice(4);
      const path = pathFor(pattern, p);
      const api = path.startsWith('/api/');
      const res = await request(server)
        .get(path)
        .set(
          api
            ? { Authorization: p.adminBearer }
            : {
                Cookie: adminCookie(),
              },
        )
        .redirects(0)
        .ok(() => true);
      checked++;
      if (res.status >= 500) fail(`GET ${path} answered ${res.status}`);
      const body = res.text ?? '';
      const leak = leakIn(body);
      if (leak) fail(`GET ${path} showed ${JSON.stringify(leak)}`);
      if (!api && body.includes(MARKUP)) fail(`GET ${path} has the markup unescaped`);
      if (SHOWING.includes(pattern)) {
        if (res.status !== 200) {
          if (res.status < 500) fail(`GET ${path} answered ${res.status}`);
        } else if (!value.includes('\u0000') && !body.includes(escapeHtml(value).split('\n')[0]!))
          fail(`GET ${path} does not show ${JSON.stringify(value)} as typed`);
      }
    }
    for (const list of EXPORTS) {
      const cookie = adminCookie();
      const csv = await request(server)
        .get(`${list}?format=csv`)
        .set('Cookie', cookie)
        .ok(() => true);
      checked++;
      if (csv.status !== 200) fail(`GET ${list}?format=csv answered ${csv.status}`);
      else if (RAW_FORMULA.test(csv.text)) fail(`GET ${list}?format=csv has a formula a spreadsheet would run`);
      const xlsx = await request(server)
        .get(`${list}?format=xlsx`)
        .set('Cookie', cookie)
        .buffer(true)
        .parse((res, done) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => done(null, Buffer.concat(chunks)));
        })
        .ok(() => true);
      checked++;
      if (xlsx.status !== 200) fail(`GET ${list}?format=xlsx answered ${xlsx.status}`);
      else {
        const book = new ExcelJS.Workbook();
        await book.xlsx.load(xlsx.body as never);
        book.eachSheet((sheet) =>
          sheet.eachRow((row) =>
            row.eachCell((cell) => {
              if (cell.type === ExcelJS.ValueType.Formula)
                fail(`GET ${list}?format=xlsx has a formula cell ${cell.address}`);
            }),
          ),
        );
      }
    }
    expect(failures.filter((f) => f.startsWith(`${label}:`))).toEqual([]);
  });
});
