// Mixed load (issue 12): 50 clients for 60 s, 80 % reads and 20 % writes, against the app started
// as `npm start` would start it (separate processes on free loopback ports) over a prepared
// database, SQLite or PostgreSQL. With several app instances (PostgreSQL) the clients are spread
// over them round-robin. Reports requests per second, p50/p99 and errors. Traffic goes only to
// 127.0.0.1.
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createApiToken } from '../src/api-tokens/service.js';
import { SYSTEM_ACTOR } from '../src/audit/actor.js';
import { startSession } from '../src/auth/sessions.js';
import type { Db } from '../src/database/connect.js';
import { createUser } from '../src/users/service.js';
import { itemAt } from '../src/shared/arrays.js';

const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));

export interface MixedLoadOptions {
  label: string;
  /** DATABASE_URL of the app instances: `file:…` or `postgres://…`. */
  databaseUrl: string;
  /** App processes started over the database (several only make sense on PostgreSQL). */
  instances?: number;
  /** DATABASE_POOL_SIZE of each instance (PostgreSQL). */
  poolSize?: number;
  clients?: number;
  seconds?: number;
  /** Share of requests that read; the rest write. */
  readShare?: number;
}

export interface MixedLoadResult {
  label: string;
  instances: number;
  requests: number;
  perSecond: number;
  p50: number;
  p99: number;
  errors: number;
  errorSamples: string[];
  /** The slowest kinds of request by their median, to say where the time goes. */
  slowest: string[];
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** App processes still running, so that an interrupted bench can end them. */
const running = new Set<ChildProcess>();

export function killAppInstances(): void {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
}

async function stopApp(child: ChildProcess): Promise<void> {
  running.delete(child);
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/**
 * Starts one app process on a free port. The port is only probed free, and the app listens seconds
 * later (after migrating and rescoring), so another program may take it meanwhile; the app would
 * then not be the one answering. So it is ours only when it knows one of our API tokens, and
 * otherwise it is stopped and started again on another port.
 */
async function startApp(
  databaseUrl: string,
  poolSize: number | undefined,
  token: string,
): Promise<{ child: ChildProcess; baseUrl: string }> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        ...(poolSize === undefined ? {} : { DATABASE_POOL_SIZE: String(poolSize) }),
        PORT: String(port),
        DEMO_DATA: 'off',
        PDF_REPORTS: 'off',
        LOG_LEVEL: 'silent',
        // The load times the app, not its per-client API rate limit.
        API_RATE_LIMIT: '0',
        NODE_ENV: 'production',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    running.add(child);
    const baseUrl = `http://127.0.0.1:${String(port)}`;
    const answer = await firstAnswer(child, baseUrl, token);
    if (answer === 200) return { child, baseUrl };
    await stopApp(child);
    if (attempt === 3)
      throw new Error(
        `port ${String(port)} answered ${String(answer)} to one of our tokens: it is not the app we started`,
      );
    console.error(`    port ${String(port)} was taken by another program (answered ${String(answer)}); trying another`);
  }
}

/** The status of an authenticated API request, once the process listens (within 300 s). */
async function firstAnswer(child: ChildProcess, baseUrl: string, token: string): Promise<number> {
  for (let waited = 0; waited < 300_000; waited += 250) {
    if (child.exitCode !== null) throw new Error(`the app exited with ${String(child.exitCode)}`);
    try {
      if ((await fetch(`${baseUrl}/health`)).ok) {
        const res = await fetch(`${baseUrl}/api/v1/partners?pageSize=1`, {
          headers: { Authorization: `Bearer ${token}` },
        });
        await res.arrayBuffer();
        return res.status;
      }
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await stopApp(child);
  throw new Error('the app did not answer /health within 300 s');
}

function percentile(sorted: number[], p: number): number {
  return sorted.length === 0
    ? 0
    : itemAt(sorted, Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1));
}

/** Prepares callers in the database (one session, one token per client), then runs the load. */
export async function runMixedLoad(db: Db, options: MixedLoadOptions): Promise<MixedLoadResult> {
  const clients = options.clients ?? 50;
  const seconds = options.seconds ?? 60;
  const readShare = options.readShare ?? 0.8;
  const user = await createUser(db, SYSTEM_ACTOR, {
    email: `mixed-load-${Date.now()}@example.org`,
    name: 'Mixed load',
    role: 'admin',
    password: 'una clave de carga mixta larga',
    mustChangePassword: false,
  });
  const session = await startSession(db, user.id);
  // One token per client, as separate integrations would have.
  const tokens: string[] = [];
  for (let i = 0; i < clients; i++)
    tokens.push((await createApiToken(db, SYSTEM_ACTOR, user.id, { name: `load ${i}`, expiresInDays: null })).token);
  const partners = (await db.selectFrom('partners').select('id').orderBy('id').limit(500).execute()).map((p) => p.id);
  const territories = (await db.selectFrom('territories').select('id').execute()).map((t) => t.id);
  const types = (await db.selectFrom('assistanceTypes').select('id').execute()).map((t) => t.id);
  const agreements = (await db.selectFrom('agreements').select('id').limit(200).execute()).map((a) => a.id);

  // One after another: each migrates (a no-op) and rescores at start, as instances of a rollout would.
  const apps: { child: ChildProcess; baseUrl: string }[] = [];
  try {
    for (let i = 0; i < (options.instances ?? 1); i++)
      apps.push(await startApp(options.databaseUrl, options.poolSize, itemAt(tokens, 0)));
  } catch (error) {
    await Promise.all(apps.map(({ child }) => stopApp(child)));
    throw error;
  }
  const page = { Cookie: `sid=${session.token}` };
  const pick = <T>(list: T[], n: number) => itemAt(list, n % list.length);
  const reads = (n: number): [string, Record<string, string>] => {
    const partnerId = pick(partners, n * 7919);
    const paths: [string, boolean][] = [
      ['/partners', false],
      [`/partners?q=fundacion&territoryId=${pick(territories, n)}`, false],
      [`/partners/${partnerId}`, false],
      [`/partners/${partnerId}/events`, false],
      ['/ranking?sizeClass=small', false],
      ['/dashboard', false],
      ['/flags', false],
      ['/portfolio/alerts', false],
      [agreements.length ? `/agreements/${pick(agreements, n)}` : '/agreements', false],
      ['/api/v1/partners?pageSize=50', true],
      [`/api/v1/partners/${partnerId}`, true],
      [`/api/v1/scores?territoryId=${pick(territories, n)}`, true],
    ];
    const [path, api] = pick(paths, n);
    return [path, api ? { Authorization: `Bearer ${pick(tokens, n)}` } : page];
  };
  const write = (n: number, token: string) => {
    const partnerId = pick(partners, n * 104729);
    // At least five days back, so the delivery (up to 91 h later) is never in the future.
    const requested = Date.now() - (5 + (n % 20)) * 86_400_000;
    const kind = n % 5;
    const [path, body] =
      kind < 3
        ? [
            `/api/v1/partners/${partnerId}/response-events`,
            {
              territoryId: pick(territories, n),
              assistanceTypeId: pick(types, n),
              requestedAt: new Date(requested).toISOString(),
              firstAssistanceAt: new Date(requested + ((n % 90) + 1) * 3_600_000).toISOString(),
              peopleAssisted: 10 + (n % 200),
            },
          ]
        : kind === 3
          ? [
              `/api/v1/partners/${partnerId}/reviews`,
              { periodStart: '2025-01-01', periodEnd: '2025-03-31', rating: 1 + (n % 5), notes: 'Carga mixta' },
            ]
          : [
              `/api/v1/partners/${partnerId}/flags`,
              { level: 'observation', category: 'operational', comment: `Observación de carga ${n}` },
            ];
    return {
      path,
      init: {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      },
    };
  };

  const timings: number[] = [];
  const byKind = new Map<string, number[]>();
  const errorSamples: string[] = [];
  let errors = 0;
  let counter = 0;
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  try {
    await Promise.all(
      Array.from({ length: clients }, async (_, client) => {
        const { baseUrl } = itemAt(apps, client % apps.length);
        while (performance.now() < deadline) {
          const n = counter++;
          // A fixed pattern per request number keeps the read share exact and runs comparable.
          const reading = n % 100 < readShare * 100;
          const request = reading
            ? (() => {
                const [path, headers] = reads(n);
                return { path, init: { headers, redirect: 'manual' as const } };
              })()
            : write(n, itemAt(tokens, client));
          const t0 = performance.now();
          try {
            const res = await fetch(baseUrl + request.path, request.init);
            await res.arrayBuffer();
            const took = performance.now() - t0;
            timings.push(took);
            const kind = `${reading ? 'GET' : 'POST'} ${request.path.replace(/\?.*/, '').replace(/\d+/g, ':id')}`;
            byKind.set(kind, [...(byKind.get(kind) ?? []), took]);
            if (res.status >= 400) {
              errors++;
              if (errorSamples.length < 5)
                errorSamples.push(`${reading ? 'GET' : 'POST'} ${request.path} → ${res.status}`);
            }
          } catch (error) {
            errors++;
            if (errorSamples.length < 5) errorSamples.push(`${request.path} → ${(error as Error).message}`);
          }
        }
      }),
    );
  } finally {
    await Promise.all(apps.map(({ child }) => stopApp(child)));
  }
  const elapsed = (performance.now() - started) / 1000;
  timings.sort((a, b) => a - b);
  const slowest = [...byKind]
    .map(
      ([kind, list]) =>
        [
          kind,
          percentile(
            list.sort((a, b) => a - b),
            50,
          ),
          list.length,
        ] as const,
    )
    .sort((a, b) => b[1] - a[1])
    .slice(0, 4)
    .map(([kind, p50, count]) => `${kind} p50 ${p50.toFixed(0)} ms (${count})`);
  return {
    label: options.label,
    instances: apps.length,
    requests: timings.length,
    perSecond: timings.length / elapsed,
    p50: percentile(timings, 50),
    p99: percentile(timings, 99),
    errors,
    errorSamples,
    slowest,
  };
}

export function printMixedLoad(result: MixedLoadResult, target: string): void {
  console.log(
    `${`mixed load, ${result.label}`.padEnd(52)} ${result.perSecond.toFixed(0).padStart(5)} req/s   p50 ${result.p50.toFixed(1).padStart(7)} ms   p99 ${result.p99.toFixed(1).padStart(7)} ms   errors ${result.errors} of ${result.requests}   (target ${target})`,
  );
  for (const sample of result.errorSamples) console.log(`    e.g. ${sample}`);
  console.log(`    slowest: ${result.slowest.join('; ')}`);
}
