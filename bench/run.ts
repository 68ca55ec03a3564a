// npm run bench — generates a large portfolio in a temporary database and measures the registry's
// hot paths over loopback (client-measured, so an upper bound of server time), a mixed load on the
// demo portfolio and on the large one, imports at scale and the dashboard over large reference sets.
// `--engine sqlite` (default) uses temporary SQLite files; `--engine postgres` a throwaway
// PostgreSQL cluster (tests/helpers/postgres-cluster.ts) with one database per scenario, where the
// mixed load also runs with several app instances (`--instances 1,2,3`); `--engine both` runs each
// scenario on SQLite and then on PostgreSQL and prints the figures side by side.
// `npm run bench -- --only mixed-load-demo,imports` runs some scenarios only (a prefix such as
// `mixed-load` names all of its kind).
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { pino } from 'pino';
import { createApp } from '../src/app.js';
import { DEFAULT_POOL_SIZE, type Engine } from '../src/database/connect.js';
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
import { itemAt } from '../src/shared/arrays.js';
import {
  type BenchDatabase,
  type BenchEngine,
  ENGINE_LABELS,
  logOffset,
  postgresEngine,
  slowPlans,
  sqliteEngine,
} from './engines.js';
import { killAppInstances, printMixedLoad, runMixedLoad } from './mixed-load.js';
import { type Figure, Results, latency, ms, seconds } from './results.js';

const { values } = parseArgs({
  options: {
    engine: { type: 'string', default: 'sqlite' },
    partners: { type: 'string', default: '50000' },
    events: { type: 'string', default: '1000000' },
    agreements: { type: 'string', default: '150000' },
    requests: { type: 'string', default: '200' },
    only: { type: 'string' },
    clients: { type: 'string', default: '50' },
    seconds: { type: 'string', default: '60' },
    instances: { type: 'string', default: '1,2,3' },
    'pool-size': { type: 'string', default: String(DEFAULT_POOL_SIZE) },
    explain: { type: 'string' },
  },
});

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

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
if (unknown.length > 0) fail(`Unknown scenario ${unknown.join(', ')}; the scenarios are ${SCENARIOS.join(', ')}.`);

const ENGINE_CHOICES: Record<string, Engine[]> = {
  sqlite: ['sqlite'],
  postgres: ['postgres'],
  both: ['sqlite', 'postgres'],
};
const engines =
  ENGINE_CHOICES[values.engine] ?? fail(`--engine is sqlite (the default), postgres or both, not ${values.engine}.`);

function positiveInteger(option: string, text: string, most: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > most)
    fail(`--${option} is a whole number from 1 to ${most}, not ${text}.`);
  return value;
}
const partnerCount = positiveInteger('partners', values.partners, 10_000_000);
const eventCount = Number(values.events);
if (!Number.isInteger(eventCount) || eventCount < 0) fail(`--events is a whole number, not ${values.events}.`);
const agreementCount = Number(values.agreements);
if (!Number.isInteger(agreementCount) || agreementCount < 0)
  fail(`--agreements is a whole number, not ${values.agreements}.`);
const requestCount = positiveInteger('requests', values.requests, 1_000_000);
const load = {
  clients: positiveInteger('clients', values.clients, 10_000),
  seconds: positiveInteger('seconds', values.seconds, 86_400),
};
const instanceCounts = values.instances.split(',').map((n) => positiveInteger('instances', n.trim(), 16));
const poolSize = positiveInteger('pool-size', values['pool-size'], 200);
const explainMs = values.explain === undefined ? undefined : Number(values.explain);
if (explainMs !== undefined && !(explainMs >= 0)) fail(`--explain takes milliseconds, not ${String(values.explain)}.`);

/** One engine's part of the run: its databases and where its figures go. */
interface EngineRun {
  engine: BenchEngine;
  record: (scenario: string, figure: Figure) => void;
  /** The large generated portfolio, made by the first scenario that needs it. */
  large?: BenchDatabase;
  logFile: string | null;
}

function percentile(sorted: number[], p: number): number {
  return itemAt(sorted, Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1));
}

const results = new Results(engines);
const started: BenchEngine[] = [];
let stopping = false;
// Kept for every signal, not once: under `npm run` or `tsx` one Ctrl-C arrives twice (from the
// terminal and relayed by the parent), and the second must not kill the process mid-cleanup.
const interrupt = (signal: NodeJS.Signals) => {
  if (stopping) return;
  stopping = true;
  console.error(`\n${signal}: stopping the app instances and deleting the bench databases`);
  killAppInstances();
  for (const engine of started)
    try {
      engine.dispose();
    } catch (error) {
      console.error(`could not stop the ${ENGINE_LABELS[engine.name]} databases:`, error);
    }
  process.exit(130);
};
process.on('SIGINT', interrupt);
process.on('SIGTERM', interrupt);

const runs: EngineRun[] = [];
try {
  for (const name of engines) {
    const engine = name === 'sqlite' ? sqliteEngine() : await postgresEngine({ poolSize, explainMs });
    started.push(engine);
    runs.push({
      engine,
      record: (scenario, figure) => {
        results.add(scenario, name, figure);
      },
      logFile: await engine.logFile(),
    });
  }
  for (const scenario of SCENARIOS) {
    if (!chosen.has(scenario)) continue;
    results.startGroup();
    for (const run of runs) {
      console.log(`\n== ${scenario} on ${ENGINE_LABELS[run.engine.name]} ==`);
      const offset = logOffset(run.logFile);
      await runScenario(scenario, run);
      if (explainMs !== undefined && run.logFile) printSlowPlans(run.logFile, offset);
    }
  }
  console.log(
    `\nSummary (${new Date().toISOString().slice(0, 10)}; ${engines.map((e) => ENGINE_LABELS[e]).join(' and ')})`,
  );
  if (engines.length > 1)
    console.log(
      'ratio = PostgreSQL ÷ SQLite: of the medians for times (above 1 is slower), of requests per second for the mixed load (below 1 is slower)',
    );
  console.log(results.table());
  const worst = results.worstForPostgres();
  if (worst) console.log(`\nPostgreSQL furthest behind SQLite: ${worst.scenario} (×${worst.ratio.toFixed(1)})`);
} finally {
  for (const run of runs) await run.large?.close().catch(() => undefined);
  for (const engine of started) engine.dispose();
}

function printSlowPlans(logFile: string, offset: number): void {
  const plans = slowPlans(logFile, offset, 3);
  if (plans.length === 0) {
    console.log(`  (no statement took ${String(explainMs)} ms or more)`);
    return;
  }
  console.log(`\n  Slowest statements (auto_explain, ≥ ${String(explainMs)} ms):`);
  for (const plan of plans) {
    const query = plan.query.length > 600 ? `${plan.query.slice(0, 600)}…` : plan.query;
    console.log(`\n  ${ms(plan.ms)} (slowest of ${String(plan.count)}): ${query}`);
    const lines = plan.plan.split('\n');
    for (const line of lines.slice(0, 60)) console.log(`    ${line}`);
    if (lines.length > 60) console.log(`    … ${String(lines.length - 60)} more lines`);
  }
}

async function runScenario(scenario: Scenario, run: EngineRun): Promise<void> {
  switch (scenario) {
    case 'mixed-load-demo':
      return demoMixedLoad(run);
    case 'hot-paths':
      return hotPaths(run, await largePortfolio(run));
    case 'mixed-load-50k':
      return mixedLoad(
        run,
        await largePortfolio(run),
        `large portfolio (${partnerCount.toLocaleString('en')} partners)`,
        '0 errors',
      );
    case 'imports':
      // The same sizes as the generated portfolio: 50,000 partners and 200,000 events by default.
      return (await import('./imports.js')).runImportBenchmark(run.engine, run.record, {
        partners: partnerCount,
        events: Math.round(eventCount / 5),
      });
    case 'dashboard-large':
      return (await import('./dashboard-large.js')).runLargeReferenceBenchmark(run.engine, run.record);
  }
}

/** The demo portfolio that `npm start` loads into a new database, under the mixed load. */
async function demoMixedLoad(run: EngineRun): Promise<void> {
  const demo = await run.engine.create('demo');
  try {
    await migrateToLatest(demo.db);
    await loadDemoPortfolioIfEmpty(demo.db);
    await mixedLoad(run, demo, `demo portfolio (${String(DEMO_PARTNER_COUNT)} partners)`, '0 errors, p99 < 1000 ms');
  } finally {
    await demo.close();
  }
}

/**
 * The mixed load over one app instance, and on PostgreSQL also over each count of `--instances`;
 * every run starts from a copy of the database as it is now, so the writes of one do not weigh on
 * the next.
 */
async function mixedLoad(run: EngineRun, database: BenchDatabase, label: string, target: string): Promise<void> {
  const counts = run.engine.copy ? instanceCounts : [1];
  const copy = run.engine.copy?.bind(run.engine);
  const name =
    new URL(database.url).pathname
      .split('/')
      .pop()
      ?.replace(/\.sqlite$/, '') ?? 'bench';
  const targets: BenchDatabase[] = [];
  try {
    for (const [i, count] of counts.entries())
      targets.push(i === 0 || !copy ? database : await copy(database, `${name}_load_${String(count)}_${String(i)}`));
    for (const [i, count] of counts.entries()) {
      const on = itemAt(targets, i);
      const result = await runMixedLoad(on.db, {
        label: `${label}${count > 1 ? `, ${String(count)} app instances` : ''}`,
        databaseUrl: on.url,
        instances: count,
        poolSize: run.engine.name === 'postgres' ? poolSize : undefined,
        ...load,
      });
      printMixedLoad(result, target);
      run.record(`mixed load, ${result.label}`, {
        value: result.perSecond,
        throughput: true,
        text: `${result.perSecond.toFixed(0)} req/s, p50 ${ms(result.p50)}, p99 ${ms(result.p99)}, ${String(result.errors)} errors of ${String(result.requests)}`,
      });
    }
  } finally {
    for (const copied of targets.slice(1)) await copied.close();
  }
}

async function largePortfolio(run: EngineRun): Promise<BenchDatabase> {
  if (run.large) return run.large;
  const database = await run.engine.create('bench');
  run.large = database;
  const { db } = database;
  await migrateToLatest(db);
  const t = performance.now();
  const loaded = await loadDemoPortfolio(db, {
    partners: partnerCount,
    events: eventCount,
    agreements: agreementCount,
    seed: DEMO_SEED,
    now: new Date(),
  });
  const generated = (performance.now() - t) / 1000;
  console.log(
    `Generated ${String(loaded.partners)} partners, ${String(loaded.events)} events, ${String(loaded.reviews)} reviews, ${String(loaded.flags)} flags, ${String(loaded.agreements)} agreements, scored, in ${generated.toFixed(1)} s`,
  );
  run.record(
    `generating and scoring the portfolio (${partnerCount.toLocaleString('en')} partners, ${eventCount.toLocaleString('en')} events, ${agreementCount.toLocaleString('en')} agreements)`,
    seconds(generated),
  );

  if (run.engine.name === 'postgres') {
    // Autovacuum would gather the new tables' statistics within a minute or so, in the middle of
    // the measurements; gathered now, every figure is taken with the plans of a settled database.
    const t1 = performance.now();
    await sql`analyze`.execute(db);
    const analyzed = (performance.now() - t1) / 1000;
    console.log(`Statistics gathered (ANALYZE): ${analyzed.toFixed(1)} s`);
    run.record('statistics gathered after generating (PostgreSQL ANALYZE)', seconds(analyzed));
  }
  let t0 = performance.now();
  await rescoreAll(db);
  const rescore = (performance.now() - t0) / 1000;
  console.log(`Full rescore (npm run scores:recompute): ${rescore.toFixed(2)} s (target < 5 s)`);
  run.record('full rescore (npm run scores:recompute)', seconds(rescore));
  const draft = { ...DEFAULT_PARAMETERS, weights: { size: 0.25, response: 0.35, adminSteps: 0.2, quality: 0.2 } };
  t0 = performance.now();
  const preview = await previewMethodology(db, draft);
  const previewed = (performance.now() - t0) / 1000;
  console.log(
    `Methodology preview: ${previewed.toFixed(2)} s (target < 5 s; ${String(preview.recommendationChanges.length)} recommendations change)\n`,
  );
  run.record('methodology preview', seconds(previewed));
  return database;
}

async function hotPaths(run: EngineRun, database: BenchDatabase): Promise<void> {
  const { db } = database;
  const report = (label: string, target: string, timings: number[]) => {
    timings.sort((a, b) => a - b);
    const p50 = percentile(timings, 50);
    const p95 = percentile(timings, 95);
    console.log(
      `${label.padEnd(52)} p50 ${p50.toFixed(2).padStart(7)} ms   p95 ${p95.toFixed(2).padStart(7)} ms   (target ${target})`,
    );
    run.record(label, latency(p50, p95));
  };
  /** Times `count` calls after 20 warm-up calls; a call that returns a number says its own time. */
  const timeCalls = async (label: string, target: string, call: () => Promise<unknown>, count = requestCount) => {
    const timings: number[] = [];
    for (let i = 0; i < count + 20; i++) {
      const t0 = performance.now();
      const took = await call();
      if (i >= 20) timings.push(typeof took === 'number' ? took : performance.now() - t0);
    }
    report(label, target, timings);
  };
  const measure = async (
    baseUrl: string,
    label: string,
    target: string,
    paths: string[],
    headers: Record<string, string>,
  ) => {
    const timings: number[] = [];
    for (let i = 0; i < requestCount + 20; i++) {
      const path = itemAt(paths, i % paths.length);
      const t0 = performance.now();
      const res = await fetch(baseUrl + path, { headers, redirect: 'manual' });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`${path} answered ${String(res.status)}`);
      if (i >= 20) timings.push(performance.now() - t0);
    }
    report(label, target, timings);
  };

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
    const t0 = performance.now();
    const res = await fetch(baseUrl + path, { headers: page });
    const firstByte = performance.now() - t0;
    const body = await res.text();
    const took = (performance.now() - t0) / 1000;
    clearInterval(sampler);
    const rows = body.split('\n').length - 2;
    const grown = ((peak - before) / 1048576).toFixed(0);
    console.log(
      `${label.padEnd(52)} ${took.toFixed(2)} s, first byte ${firstByte.toFixed(0)} ms, ${rows > 0 && path.endsWith('csv') ? `${String(rows)} rows, ` : ''}memory growth ${grown} MB (target < 3 s, < 100 MB)`,
    );
    run.record(label, seconds(took, `, first byte ${firstByte.toFixed(0)} ms, +${grown} MB`));
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
