// npm run bench — generates a large portfolio in a temporary SQLite file and measures the
// registry's hot paths over loopback (client-measured, so an upper bound of server time).
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { createApp } from '../src/app.js';
import { openDatabase } from '../src/database/connect.js';
import { migrateToLatest } from '../src/database/migrate.js';
import { DEMO_SEED, loadDemoPortfolio } from '../src/demo/load.js';

const { values } = parseArgs({
  options: { partners: { type: 'string', default: '50000' }, requests: { type: 'string', default: '200' } },
});
const partnerCount = Number(values.partners);
const requestCount = Number(values.requests);

const dir = mkdtempSync(join(tmpdir(), 'cartera-bench-'));
const db = openDatabase(`file:${join(dir, 'bench.sqlite')}`);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function measure(baseUrl: string, label: string, target: string, paths: string[]) {
  const timings: number[] = [];
  for (let i = 0; i < requestCount + 20; i++) {
    const path = paths[i % paths.length]!;
    const started = performance.now();
    const res = await fetch(baseUrl + path);
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${path} answered ${res.status}`);
    if (i >= 20) timings.push(performance.now() - started);
  }
  timings.sort((a, b) => a - b);
  const row = { scenario: label, target, p50: percentile(timings, 50).toFixed(1), p95: percentile(timings, 95).toFixed(1), max: timings.at(-1)!.toFixed(1) };
  console.log(`${row.scenario.padEnd(52)} p50 ${row.p50.padStart(6)} ms   p95 ${row.p95.padStart(6)} ms   (target ${target})`);
}

try {
  await migrateToLatest(db);
  const started = performance.now();
  await loadDemoPortfolio(db, { partners: partnerCount, seed: DEMO_SEED, now: new Date() });
  console.log(`Generated ${partnerCount} partners in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);

  const app = createApp({ db, logger: pino({ level: 'silent' }), production: true });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const territories = await db.selectFrom('territories').select('id').execute();
  const types = await db.selectFrom('assistanceTypes').select('id').execute();
  const terms = ['fundacion', 'manos', 'esperanza', 'asociacion', 'quito', 'comite', 'red'];
  const searches = terms.flatMap((q, i) => {
    const territoryId = territories[i % territories.length]!.id;
    const assistanceTypeId = types[i % types.length]!.id;
    return [`q=${q}&territoryId=${territoryId}&sizeClass=small`, `q=${q}&territoryId=${territoryId}&assistanceTypeId=${assistanceTypeId}`];
  });
  const ids = Array.from({ length: 50 }, (_, i) => 1 + Math.floor(((i * 7919) % partnerCount)));

  await measure(baseUrl, 'list page, search + two filters', '< 50 ms', searches.map((s) => `/partners?${s}`));
  await measure(baseUrl, 'GET /api/v1/partners, search + two filters', '< 50 ms', searches.map((s) => `/api/v1/partners?${s}`));
  await measure(baseUrl, 'list page, no filter (name, last update, page 40)', '(info)', ['/partners', '/partners?sort=-updatedAt', '/partners?page=40']);
  await measure(baseUrl, 'partner page', '< 20 ms', ids.map((id) => `/partners/${id}`));
  await measure(baseUrl, 'GET /api/v1/partners/:id', '(info)', ids.map((id) => `/api/v1/partners/${id}`));

  await new Promise((resolve) => server.close(resolve));
} finally {
  await db.destroy();
  rmSync(dir, { recursive: true, force: true });
}
