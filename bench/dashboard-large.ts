// The dashboard over large reference sets (issue 12): the demo portfolio plus territories and
// assistance types up to 150 × 90, in a fresh database (a temporary SQLite file, or a new PostgreSQL
// database with `--engine postgres`). Figures are cached, so these timings are the page's own
// rendering cost. Called by bench/run.ts; also runs alone (on SQLite) with
// `tsx bench/dashboard-large.ts`. Production mode, as an office runs it (views compiled once).
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { pino } from 'pino';
import { createApp } from '../src/app.js';
import { SYSTEM_ACTOR } from '../src/audit/actor.js';
import { startSession } from '../src/auth/sessions.js';
import { migrateToLatest } from '../src/database/migrate.js';
import { addLargeReferenceSets } from '../src/demo/large-reference.js';
import { DEMO_SEED, loadDemoPortfolio } from '../src/demo/load.js';
import { createUser } from '../src/users/service.js';
import { itemAt } from '../src/shared/arrays.js';
import { type BenchEngine, sqliteEngine } from './engines.js';
import { type Figure, latency } from './results.js';

export async function runLargeReferenceBenchmark(
  engine: BenchEngine,
  record: (scenario: string, figure: Figure) => void = () => undefined,
  requests = 30,
): Promise<void> {
  const database = await engine.create('reference');
  const { db } = database;
  try {
    await migrateToLatest(db);
    await loadDemoPortfolio(db, { partners: 60, seed: DEMO_SEED, now: new Date() });
    const sets = await addLargeReferenceSets(db);
    const user = await createUser(db, SYSTEM_ACTOR, {
      email: 'bench-reference@example.org',
      name: 'Bench',
      role: 'viewer',
      password: 'una clave de referencia larga',
      mustChangePassword: false,
    });
    const headers = { Cookie: `sid=${(await startSession(db, user.id)).token}` };
    const app = createApp({ db, logger: pino({ level: 'silent' }), production: true, pdf: null });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    console.log(
      `\nDashboard over large reference sets (${sets.territoryIds.length} territories × ${sets.assistanceTypeIds.length} assistance types, figures cached)`,
    );
    for (const [label, path] of [
      ['dashboard page', '/dashboard'],
      ['dashboard page, whole coverage grid ("show all")', '/dashboard?coverage=all'],
      ['report page (HTML)', '/reports/portfolio'],
      ['GET /api/v1/dashboard', '/api/v1/dashboard'],
    ] as const) {
      const timings: number[] = [];
      let bytes = 0;
      for (let i = 0; i < requests + 5; i++) {
        const started = performance.now();
        const res = await fetch(baseUrl + path, { headers, redirect: 'manual' });
        const body = await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`${path} answered ${res.status}`);
        if (i >= 5) timings.push(performance.now() - started);
        bytes = body.byteLength;
      }
      timings.sort((a, b) => a - b);
      const at = (p: number) =>
        itemAt(timings, Math.min(timings.length - 1, Math.ceil((p / 100) * timings.length) - 1));
      console.log(
        `${label.padEnd(52)} p50 ${at(50).toFixed(2).padStart(7)} ms   p95 ${at(95).toFixed(2).padStart(7)} ms   ${(bytes / 1024).toFixed(0).padStart(5)} KB`,
      );
      record(`150 × 90 reference sets: ${label}`, latency(at(50), at(95)));
    }
    await new Promise((resolve) => server.close(resolve));
  } finally {
    await database.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const engine = sqliteEngine();
  try {
    await runLargeReferenceBenchmark(engine);
  } finally {
    engine.dispose();
  }
}
