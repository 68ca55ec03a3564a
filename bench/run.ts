// npm run bench — generates a large portfolio in a temporary SQLite file and measures the
// registry's hot paths over loopback (client-measured, so an upper bound of server time), a mixed
// load on the demo portfolio and on the large one, and imports at scale.
// `npm run bench -- --only mixed-load-demo,imports` runs some scenarios only (a prefix such as
// `mixed-load` names all of its kind).
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { createApp } from '../src/app.js';
import { openDatabase } from '../src/database/connect.js';
import { migrateToLatest } from '../src/database/migrate.js';
import { createApiToken } from '../src/api-tokens/service.js';
import { resolveToken } from '../src/api-tokens/repository.js';
import { SYSTEM_ACTOR } from '../src/audit/actor.js';
import { resolveSession, startSession } from '../src/auth/sessions.js';
import { DEMO_PARTNER_COUNT, DEMO_SEED, loadDemoPortfolio, loadDemoPortfolioIfEmpty } from '../src/demo/load.js';
import { logEvent } from '../src/evidence/service.js';
import { DEFAULT_PARAMETERS } from '../src/scoring/methodology.js';
import { previewMethodology, rescoreAll } from '../src/scoring/service.js';
import { createUser } from '../src/users/service.js';
import { createPdfRenderer } from '../src/reports/pdf-renderer.js';
import { type MixedLoadResult, printMixedLoad, runMixedLoad } from './mixed-load.js';
import { itemAt } from '../src/shared/arrays.js';

const { values } = parseArgs({
  options: {
    partners: { type: 'string', default: '50000' },
    events: { type: 'string', default: '1000000' },
    agreements: { type: 'string', default: '150000' },
    requests: { type: 'string', default: '200' },
    only: { type: 'string' },
    clients: { type: 'string', default: '50' },
    seconds: { type: 'string', default: '60' },
  },
});
const SCENARIOS = ['mixed-load-demo', 'hot-paths', 'mixed-load-50k', 'imports', 'dashboard-large'] as const;
type Scenario = (typeof SCENARIOS)[number];
const wanted = values.only
  ?.split(',')
  .map((name) => name.trim())
  .filter(Boolean);
const chosen = new Set<Scenario>(
  wanted ? SCENARIOS.filter((s) => wanted.some((name) => s === name || s.startsWith(`${name}-`))) : SCENARIOS,
);
const unknown = wanted?.filter((name) => !SCENARIOS.some((s) => s === name || s.startsWith(`${name}-`))) ?? [];
if (unknown.length > 0) {
  console.error(`Unknown scenario ${unknown.join(', ')}; the scenarios are ${SCENARIOS.join(', ')}.`);
  process.exit(2);
}
const load = { clients: Number(values.clients), seconds: Number(values.seconds) };
const partnerCount = Number(values.partners);
const eventCount = Number(values.events);
const requestCount = Number(values.requests);

const dir = mkdtempSync(join(tmpdir(), 'cartera-bench-'));
const db = openDatabase(`file:${join(dir, 'bench.sqlite')}`);

function percentile(sorted: number[], p: number): number {
  return itemAt(sorted, Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1));
}

function report(label: string, target: string, timings: number[]) {
  timings.sort((a, b) => a - b);
  const p50 = percentile(timings, 50).toFixed(2);
  const p95 = percentile(timings, 95).toFixed(2);
  console.log(`${label.padEnd(52)} p50 ${p50.padStart(7)} ms   p95 ${p95.padStart(7)} ms   (target ${target})`);
}

async function timeCalls(label: string, target: string, call: () => Promise<unknown>, count = requestCount) {
  const timings: number[] = [];
  for (let i = 0; i < count + 20; i++) {
    const started = performance.now();
    await call();
    if (i >= 20) timings.push(performance.now() - started);
  }
  report(label, target, timings);
}

async function measure(
  baseUrl: string,
  label: string,
  target: string,
  paths: string[],
  headers: Record<string, string>,
) {
  const timings: number[] = [];
  for (let i = 0; i < requestCount + 20; i++) {
    const path = itemAt(paths, i % paths.length);
    const started = performance.now();
    const res = await fetch(baseUrl + path, { headers, redirect: 'manual' });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${path} answered ${res.status}`);
    if (i >= 20) timings.push(performance.now() - started);
  }
  report(label, target, timings);
}

/** The demo portfolio that `npm start` loads into a new database, under the mixed load. */
async function demoMixedLoad(): Promise<MixedLoadResult> {
  const demoDir = mkdtempSync(join(tmpdir(), 'cartera-bench-demo-'));
  const file = join(demoDir, 'demo.sqlite');
  const demo = openDatabase(`file:${file}`);
  try {
    await migrateToLatest(demo);
    await loadDemoPortfolioIfEmpty(demo);
    return await runMixedLoad(demo, {
      label: `demo portfolio (${DEMO_PARTNER_COUNT} partners)`,
      databaseFile: file,
      ...load,
    });
  } finally {
    await demo.destroy();
    rmSync(demoDir, { recursive: true, force: true });
  }
}

const mixedResults: [MixedLoadResult, string][] = [];
try {
  if (chosen.has('mixed-load-demo')) {
    const result = await demoMixedLoad();
    printMixedLoad(result, '0 errors, p99 < 1000 ms');
    mixedResults.push([result, '0 errors, p99 < 1000 ms']);
    console.log('');
  }
  if (chosen.has('hot-paths') || chosen.has('mixed-load-50k')) await largePortfolio();
  if (chosen.has('imports')) await (await import('./imports.js')).runImportBenchmark();
  if (chosen.has('dashboard-large')) await (await import('./dashboard-large.js')).runLargeReferenceBenchmark();
  if (mixedResults.length > 1) {
    console.log('\nMixed load summary');
    for (const [result, target] of mixedResults) printMixedLoad(result, target);
  }
} finally {
  await db.destroy();
  rmSync(dir, { recursive: true, force: true });
}

async function largePortfolio(): Promise<void> {
  await migrateToLatest(db);
  const started = performance.now();
  const loaded = await loadDemoPortfolio(db, {
    partners: partnerCount,
    events: eventCount,
    agreements: Number(values.agreements),
    seed: DEMO_SEED,
    now: new Date(),
  });
  console.log(
    `Generated ${loaded.partners} partners, ${loaded.events} events, ${loaded.reviews} reviews, ${loaded.flags} flags, ${loaded.agreements} agreements, scored, in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );

  let t0 = performance.now();
  await rescoreAll(db);
  console.log(
    `Full rescore (npm run scores:recompute): ${((performance.now() - t0) / 1000).toFixed(2)} s (target < 5 s)`,
  );
  const draft = { ...DEFAULT_PARAMETERS, weights: { size: 0.25, response: 0.35, adminSteps: 0.2, quality: 0.2 } };
  t0 = performance.now();
  const preview = await previewMethodology(db, draft);
  console.log(
    `Methodology preview: ${((performance.now() - t0) / 1000).toFixed(2)} s (target < 5 s; ${preview.recommendationChanges.length} recommendations change)\n`,
  );
  if (chosen.has('hot-paths')) await hotPaths();
  if (chosen.has('mixed-load-50k')) {
    const result = await runMixedLoad(db, {
      label: `large portfolio (${partnerCount.toLocaleString('en')} partners)`,
      databaseFile: join(dir, 'bench.sqlite'),
      ...load,
    });
    printMixedLoad(result, '0 errors');
    mixedResults.push([result, '0 errors']);
  }
}

async function hotPaths(): Promise<void> {
  const password = 'una clave de referencia larga';
  const user = await createUser(db, SYSTEM_ACTOR, {
    email: 'bench@example.org',
    name: 'Bench',
    role: 'procurement',
    password,
    mustChangePassword: false,
  });
  const session = await startSession(db, user.id);
  const { token } = await createApiToken(db, SYSTEM_ACTOR, user.id, { name: 'bench', expiresInDays: null });
  const page = { Cookie: `sid=${session.token}` };
  const api = { Authorization: `Bearer ${token}` };

  const pdf = createPdfRenderer(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium');
  const app = createApp({
    db,
    logger: pino({ level: 'silent' }),
    production: false,
    pdf,
    // The hot paths time the app, not its per-client API rate limit (tests/http/rate-limit.test.ts checks that).
    limits: { apiRequestsPerMinute: 0 },
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const territories = await db.selectFrom('territories').select('id').execute();
  const types = await db.selectFrom('assistanceTypes').select('id').execute();
  const terms = ['fundacion', 'manos', 'esperanza', 'asociacion', 'quito', 'comite', 'red'];
  const searches = terms.flatMap((q, i) => {
    const territoryId = itemAt(territories, i % territories.length).id;
    const assistanceTypeId = itemAt(types, i % types.length).id;
    return [
      `q=${q}&territoryId=${territoryId}&sizeClass=small`,
      `q=${q}&territoryId=${territoryId}&assistanceTypeId=${assistanceTypeId}`,
    ];
  });
  const ids = Array.from({ length: 50 }, (_, i) => 1 + Math.floor((i * 7919) % partnerCount));

  await measure(
    baseUrl,
    'list page, search + two filters',
    '< 50 ms',
    searches.map((s) => `/partners?${s}`),
    page,
  );
  await measure(
    baseUrl,
    'GET /api/v1/partners, search + two filters',
    '< 50 ms',
    searches.map((s) => `/api/v1/partners?${s}`),
    api,
  );
  await measure(
    baseUrl,
    'list page, no filter (name, last update, page 40)',
    '(info)',
    ['/partners', '/partners?sort=-updatedAt', '/partners?page=40'],
    page,
  );
  await measure(
    baseUrl,
    'partner page',
    '< 20 ms',
    ids.map((id) => `/partners/${id}`),
    page,
  );
  await measure(
    baseUrl,
    'GET /api/v1/partners/:id',
    '(info)',
    ids.map((id) => `/api/v1/partners/${id}`),
    api,
  );

  await measure(
    baseUrl,
    'ranking page, two filters',
    '< 100 ms',
    searches.map(
      (_s, i) =>
        `/ranking?territoryId=${itemAt(territories, i % territories.length).id}&sizeClass=${i % 2 ? 'small' : 'micro'}`,
    ),
    page,
  );
  await measure(
    baseUrl,
    'GET /api/v1/scores, two filters',
    '< 100 ms',
    searches.map(
      (_s, i) =>
        `/api/v1/scores?territoryId=${itemAt(territories, i % territories.length).id}&recommendation=${i % 2 ? 'keep' : 'keep_priority'}`,
    ),
    api,
  );
  await measure(
    baseUrl,
    'balance page (current quarter)',
    '< 100 ms',
    ['/portfolio/balance', '/portfolio/balance?from=2026-01-01&to=2026-06-30'],
    page,
  );
  await measure(baseUrl, 'alerts page', '< 100 ms', ['/portfolio/alerts'], page);
  await measure(
    baseUrl,
    'rapid-response finder page',
    '< 100 ms',
    territories.flatMap((t) =>
      types.slice(0, 4).map((a) => `/rapid-response?territoryId=${t.id}&assistanceTypeId=${a.id}`),
    ),
    page,
  );
  await measure(
    baseUrl,
    'GET /api/v1/rapid-response',
    '(info)',
    territories.map(
      (t, i) => `/api/v1/rapid-response?territoryId=${t.id}&assistanceTypeId=${itemAt(types, i % types.length).id}`,
    ),
    api,
  );

  console.log('');
  // Dashboard figures are cached per filter until agreements, scores or events change.
  const dashboardFilters = [
    '',
    ...territories.map((t, i) => `territoryId=${t.id}&assistanceTypeId=${itemAt(types, i % types.length).id}`),
    'from=2025-01-01&to=2025-12-31',
    `from=2026-01-01&to=2026-06-30&territoryId=${itemAt(territories, 1).id}`,
  ];
  await measure(
    baseUrl,
    'dashboard page, 13 filter sets',
    '< 150 ms',
    dashboardFilters.map((f) => `/dashboard?${f}`),
    page,
  );
  await measure(
    baseUrl,
    'GET /api/v1/dashboard, 13 filter sets',
    '< 150 ms',
    dashboardFilters.map((f) => `/api/v1/dashboard?${f}`),
    api,
  );
  let coldDay = 0;
  await timeCalls(
    'dashboard page, first read of a new filter set (cold)',
    '(info)',
    async () => {
      const res = await fetch(
        `${baseUrl}/dashboard?to=2026-${String(1 + (coldDay % 12)).padStart(2, '0')}-${String(1 + Math.floor(coldDay++ / 12)).padStart(2, '0')}`,
        { headers: page },
      );
      await res.arrayBuffer();
    },
    5,
  );
  await measure(
    baseUrl,
    'report page (HTML), 13 filter sets',
    '< 300 ms',
    dashboardFilters.map((f) => `/reports/portfolio?${f}`),
    page,
  );
  await timeCalls(
    'report as PDF (headless Chromium)',
    '< 5000 ms',
    async () => {
      const res = await fetch(`${baseUrl}/reports/portfolio.pdf`, { headers: page });
      if (res.status !== 200) throw new Error(`PDF answered ${res.status}`);
      await res.arrayBuffer();
    },
    5,
  );
  for (const [label, path] of [
    ['CSV export of all partners', '/partners?status=all&format=csv'],
    ['XLSX export of all partners', '/partners?status=all&format=xlsx'],
  ] as const) {
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    const started = performance.now();
    const res = await fetch(baseUrl + path, { headers: page });
    const firstByte = performance.now() - started;
    const body = await res.text();
    clearInterval(sampler);
    const rows = body.split('\n').length - 2;
    console.log(
      `${label.padEnd(52)} ${((performance.now() - started) / 1000).toFixed(2)} s, first byte ${firstByte.toFixed(0)} ms, ${rows > 0 && path.endsWith('csv') ? `${rows} rows, ` : ''}memory growth ${((peak - before) / 1048576).toFixed(0)} MB (target < 3 s, < 100 MB)`,
    );
  }
  const actor = { userId: user.id, tokenId: null, label: user.email };
  let n = 0;
  await timeCalls(
    'log one event and rescore its partner',
    '< 20 ms',
    () => {
      const partnerId = itemAt(ids, n++ % ids.length);
      const requested = Date.now() - 5 * 86_400_000;
      return logEvent(db, actor, partnerId, {
        territoryId: itemAt(territories, 0).id,
        assistanceTypeId: itemAt(types, 0).id,
        requestedAt: new Date(requested).toISOString(),
        firstAssistanceAt: new Date(requested + 30 * 3_600_000).toISOString(),
        peopleAssisted: 40,
      });
    },
    200,
  );
  // Ranks and sensitivity are derived from all stored scores and cached until a score changes:
  // this is the cost of the first ranking read after each change.
  await timeCalls(
    'ranking page right after a change (ranks recomputed)',
    '(info)',
    async () => {
      const partnerId = itemAt(ids, n++ % ids.length);
      const requested = Date.now() - 5 * 86_400_000;
      await logEvent(db, actor, partnerId, {
        territoryId: itemAt(territories, 0).id,
        assistanceTypeId: itemAt(types, 0).id,
        requestedAt: new Date(requested).toISOString(),
        firstAssistanceAt: null,
        peopleAssisted: 1,
      });
      const started = performance.now();
      const res = await fetch(`${baseUrl}/ranking?sizeClass=small`, { headers: page });
      await res.arrayBuffer();
      return performance.now() - started;
    },
    20,
  );

  console.log('');
  await timeCalls('authentication: resolve a session cookie', '< 2 ms', () => resolveSession(db, session.token), 2000);
  await timeCalls('authentication: resolve an API token', '< 2 ms', () => resolveToken(db, token), 2000);
  const signInForm = await fetch(`${baseUrl}/sign-in`);
  const csrfCookie = /csrf=([^;]+)/.exec(signInForm.headers.get('set-cookie') ?? '')?.[1];
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await signInForm.text())?.[1];
  if (!csrfCookie || !csrf) throw new Error('the sign-in form carried no CSRF token');
  await timeCalls(
    'sign-in (POST /sign-in, Argon2id verify)',
    '< 1000 ms',
    async () => {
      const res = await fetch(`${baseUrl}/sign-in`, {
        method: 'POST',
        redirect: 'manual',
        headers: { Cookie: `csrf=${csrfCookie}`, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ _csrf: csrf, email: 'bench@example.org', password }),
      });
      if (res.status !== 303) throw new Error(`sign-in answered ${res.status}`);
    },
    20,
  );

  await new Promise((resolve) => server.close(resolve));
  await pdf.close();
}
