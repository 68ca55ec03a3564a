// Every page of the README on a phone (390 × 844), in Spanish and English: the document is never wider
// than the screen, and axe finds no serious or critical violation. The demo portfolio gives the pages
// real-length names, lists and tables.
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../src/api-tokens/service.js';
import { SYSTEM_ACTOR } from '../../src/audit/actor.js';
import { DEMO_PARTNER_COUNT, DEMO_SEED, loadDemoPortfolio } from '../../src/demo/load.js';
import { recordDecision } from '../../src/portfolio/service.js';
import { activeMethodology, saveDraft } from '../../src/scoring/service.js';
import { apiClient, bearerFor, userWithRole } from '../helpers/app.js';
import {
  type BrowserHarness,
  horizontalOverflow,
  seriousAccessibilityViolations,
  signInAs,
  startBrowserHarness,
} from '../helpers/browser.js';

const PHONE = { width: 390, height: 844 };

interface Records {
  partner: number;
  event: { id: number; partnerId: number };
  review: { id: number; partnerId: number };
  flag: { id: number; partnerId: number };
  decision: { id: number; partnerId: number };
  agreement: number;
  finder: string;
  adminUser: number;
  territory: number;
  assistanceType: number;
  preview: number;
  committed: number;
  /** A partner file in an office's own words: values to confirm and a cell to correct. */
  messy: number;
}

/** The pages walked for each row of the README's page tables (first cell, verbatim). */
const WALK: Record<string, (r: Records) => string[]> = {
  '`/sign-in`': () => [], // walked signed out, first
  '`/`': () => ['/'],
  '`/dashboard`': () => ['/dashboard'],
  '`/reports/portfolio`': () => ['/reports/portfolio'],
  '`/imports` (and `/imports/history`)': () => ['/imports', '/imports/history'],
  '`/events`, `/reviews`, `/flags`': () => ['/events', '/reviews', '/flags'],
  '`/partners`': () => ['/partners'],
  '`/partners/new`': () => ['/partners/new'],
  '`/partners/:id`': (r) => [`/partners/${r.partner}`],
  '`/partners/:id/edit`': (r) => [`/partners/${r.partner}/edit`],
  '`/partners/:id` → score receipt': (r) => [`/partners/${r.partner}`],
  '`/partners/:id/events` (and `/events/new`, `/events/:eventId/edit`)': ({ event }) => [
    `/partners/${event.partnerId}/events`,
    `/partners/${event.partnerId}/events/new`,
    `/partners/${event.partnerId}/events/${event.id}/edit`,
  ],
  '`/partners/:id/reviews/new`, `/reviews/:reviewId/edit`': ({ review }) => [
    `/partners/${review.partnerId}/reviews/new`,
    `/partners/${review.partnerId}/reviews/${review.id}/edit`,
  ],
  '`/partners/:id/flags/new`, `/flags/:flagId/edit`, `/flags/:flagId/resolve`': ({ flag }) => [
    `/partners/${flag.partnerId}/flags/new`,
    `/partners/${flag.partnerId}/flags/${flag.id}/edit`,
    `/partners/${flag.partnerId}/flags/${flag.id}/resolve`,
  ],
  '`/partners/:id/events/:eventId/delete`, `/reviews/:reviewId/delete`, `/flags/:flagId/delete`, `/decisions/:decisionId/delete`; `/portfolio/targets/:target/delete`':
    ({ event, review, flag, decision }) => [
      `/partners/${event.partnerId}/events/${event.id}/delete`,
      `/partners/${review.partnerId}/reviews/${review.id}/delete`,
      `/partners/${flag.partnerId}/flags/${flag.id}/delete`,
      `/partners/${decision.partnerId}/decisions/${decision.id}/delete`,
      '/portfolio/targets/smallShareMin/delete',
    ],
  '`/ranking`': () => ['/ranking'],
  '`/methodology`': () => ['/methodology'],
  '`/methodology/draft` → `/methodology/draft/preview`': () => ['/methodology/draft', '/methodology/draft/preview'],
  '`/agreements` (and `/agreements/new`, `/agreements/:id`, `/:id/edit`)': (r) => [
    '/agreements',
    '/agreements/new',
    `/agreements/new?partnerId=${r.partner}`,
    `/agreements/${r.agreement}`,
    `/agreements/${r.agreement}/edit`,
  ],
  '`/portfolio/alerts`': () => ['/portfolio/alerts'],
  '`/portfolio/balance?from=…&to=…&territoryId=…&assistanceTypeId=…`': () => ['/portfolio/balance'],
  '`/portfolio/targets`': () => ['/portfolio/targets'],
  '`/partners/:id/decisions/new`': (r) => [`/partners/${r.partner}/decisions/new`],
  '`/decisions`': () => ['/decisions'],
  '`/rapid-response`': (r) => ['/rapid-response', r.finder],
  '`/account`': () => ['/account'],
  '`/account/password`': () => ['/account/password'],
  '`/account/tokens`': () => ['/account/tokens'],
  '`/admin/users`': (r) => ['/admin/users', '/admin/users/new', `/admin/users/${r.adminUser}`],
  // The "new" forms are the edit forms' templates, empty.
  '`/admin/reference-data`': (r) => [
    '/admin/reference-data',
    `/admin/territories/${r.territory}/edit`,
    `/admin/assistance-types/${r.assistanceType}/edit`,
  ],
  '`/admin/audit`': () => ['/admin/audit'],
  '`/admin/backups`': () => ['/admin/backups'],
  '`/imports`': () => ['/imports'],
  '`/imports/:id/mapping`': (r) => [`/imports/${r.preview}/mapping`],
  '`/imports/:id/values`': (r) => [`/imports/${r.messy}/values`],
  '`/imports/:id`': (r) => [`/imports/${r.preview}`, `/imports/${r.committed}`, `/imports/${r.messy}`],
  '`/admin/import-values`': () => ['/admin/import-values'],
  '`/imports/:id/records?action=created\\|updated`': (r) => [`/imports/${r.committed}/records?action=created`], // one template for both
  '`/imports/history`': () => ['/imports/history'],
};

/** README rows that are not pages a person reads. */
const NOT_PAGES: Record<string, string> = {
  '`POST /language`': 'the header switch, on every page',
  '`POST …/:id/restore` (same records), `POST /portfolio/targets/:target/restore`':
    'the Undo button of the notice after a removal',
  '`/health`': 'JSON',
  '`/health/ready`': 'JSON',
  '`/assets/…`': 'static files',
  '`/imports/templates/{partners,events,reviews,agreements}-{es,en}.csv`': 'CSV downloads',
  '`/imports/samples/{type}.csv`': 'CSV downloads',
  '`/imports/:id/rejected-rows`': 'CSV or XLSX download',
};

/** The first cell of every row of the README's "address | what it is" tables. */
function readmePageRows(): string[] {
  const rows: string[] = [];
  let inTable = false;
  for (const line of readFileSync(new URL('../../README.md', import.meta.url), 'utf8').split('\n')) {
    if (/^\|\s*address\s*\|\s*what it is\s*\|/.test(line)) inTable = true;
    else if (!line.startsWith('|')) inTable = false;
    else if (inTable && !line.startsWith('|---')) rows.push(line.split(/(?<!\\)\|/)[1]!.trim());
  }
  return rows;
}

let harness: BrowserHarness;
let records: Records;
let admin: { email: string; password: string };

beforeAll(async () => {
  harness = await startBrowserHarness();
  const { db, app } = harness;
  await loadDemoPortfolio(db, { partners: DEMO_PARTNER_COUNT, seed: DEMO_SEED, now: new Date() });
  const adminUser = await userWithRole(db, 'admin');
  admin = adminUser;
  const first = <T>(rows: T[]) => rows[0]!;
  const flag = first(await db.selectFrom('flags').select(['id', 'partnerId']).orderBy('id').limit(1).execute());
  const event = first(
    await db
      .selectFrom('responseEvents')
      .select(['id', 'partnerId', 'territoryId', 'assistanceTypeId'])
      .orderBy('id')
      .limit(1)
      .execute(),
  );
  const review = first(
    await db.selectFrom('performanceReviews').select(['id', 'partnerId']).orderBy('id').limit(1).execute(),
  );
  const agreement = first(await db.selectFrom('agreements').select('id').orderBy('id').limit(1).execute());
  // The partner with a flag also gets a decision and a token list entry, so its profile shows every section.
  const decision = await recordDecision(db, SYSTEM_ACTOR, flag.partnerId, {
    kind: 'watch',
    rationale: 'Bandera abierta: seguimiento trimestral del socio',
    agreementId: null,
    confirmExit: false,
  });
  await createApiToken(db, SYSTEM_ACTOR, adminUser.user.id, {
    name: 'Informe mensual de la cartera',
    expiresInDays: 90,
  });
  await saveDraft(db, SYSTEM_ACTOR, 'Borrador con más peso a la respuesta', (await activeMethodology(db)).parameters);
  const importer = apiClient(app, await bearerFor(db, 'admin'));
  const preview = await importer
    .post('/api/v1/imports?type=events&dryRun=true')
    .attach('file', 'db/demo-imports/events.csv')
    .expect(200);
  const committed = await importer
    .post('/api/v1/imports?type=reviews&dryRun=false')
    .attach('file', 'db/demo-imports/reviews.csv')
    .expect(201);
  const messy = await importer
    .post('/api/v1/imports?type=partners&dryRun=true')
    .attach(
      'file',
      Buffer.from(
        'Nombre;Tipo;Nro. de personal;Territorio(s) de trabajo;Sectores\n' +
          'Fundación Semillas de Esperanza Amazónica del Río Aguarico;Organizacion basada en la fee;ocho;Tulcn;ASH\n' +
          'Iglesia del Puerto;Iglesia;5;Guayakil;alimentos\n',
      ),
      'socios-oficina.csv',
    )
    .expect(200);
  await importer
    .post(`/api/v1/imports/${messy.body.id}/mapping`)
    .send({ values: { territories: { Guayakil: 'guayaquil' } } })
    .expect(200);
  records = {
    partner: flag.partnerId,
    event,
    review,
    flag,
    decision: { id: decision, partnerId: flag.partnerId },
    agreement: agreement.id,
    finder: `/rapid-response?territoryId=${event.territoryId}&assistanceTypeId=${event.assistanceTypeId}`,
    adminUser: adminUser.user.id,
    territory: event.territoryId,
    assistanceType: event.assistanceTypeId,
    preview: preview.body.id,
    committed: committed.body.id,
    messy: messy.body.id,
  };
}, 60_000);

afterAll(async () => {
  await harness.close();
});

/** What is wrong with the page on a phone, if anything. */
async function phoneProblems(page: Page, path: string, lang: string): Promise<string[]> {
  const response = await page.goto(path);
  const problems: string[] = [];
  if (response?.status() !== 200) problems.push(`${path} [${lang}]: status ${response?.status()}`);
  const shownIn = await page.evaluate(() => document.documentElement.lang);
  if (shownIn !== lang) problems.push(`${path} [${lang}]: shown in ${shownIn}`);
  const { scrollWidth, viewport, widest } = await horizontalOverflow(page);
  if (scrollWidth > viewport)
    problems.push(
      `${path} [${lang}]: ${scrollWidth} px wide on a ${viewport} px screen; sticking out: ${widest.join('; ') || '(no element found)'}`,
    );
  for (const violation of await seriousAccessibilityViolations(page)) problems.push(`${path} [${lang}]: ${violation}`);
  return problems;
}

describe('every page on a phone', () => {
  it('walks every page the README lists (a page added there without being walked here fails)', () => {
    expect(readmePageRows().sort()).toEqual([...Object.keys(WALK), ...Object.keys(NOT_PAGES)].sort());
  });

  // The two languages walk side by side, each in its own browser context.
  it.concurrent.for([
    ['es', 'es-EC'],
    ['en', 'en-US'],
  ] as const)(
    'fits the screen with no serious accessibility violation, in %s',
    { timeout: 240_000 },
    async ([lang, locale], { expect }) => {
      const context = await harness.browser.newContext({ locale, baseURL: harness.baseUrl, viewport: PHONE });
      try {
        const page = await context.newPage();
        const problems = await phoneProblems(page, '/sign-in', lang);
        await signInAs(page, admin.email, admin.password);
        const paths = new Set(Object.values(WALK).flatMap((pages) => pages(records)));
        for (const path of paths) problems.push(...(await phoneProblems(page, path, lang)));
        expect(problems).toEqual([]);
      } finally {
        await context.close();
      }
    },
  );
});
