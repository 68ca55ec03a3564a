// Three app processes over one PostgreSQL database, as behind a load balancer: they start together on
// an empty database (one migrates and loads the demo portfolio, the others find it done), a session
// opened on one works on the others, a change made through one shows at once through the others
// (cached figures included), 50 edits of one partner at one version spread over the three leave one
// winner, and the start-up rescore runs once. PostgreSQL only: SQLite is one process on one machine.
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Db, openDatabase } from '../../src/database/connect.js';
import { newPostgresDatabase, postgresServer } from '../helpers/test-database.js';

const INSTANCES = 3;
const EDITS = 50;
const ADMIN = { email: 'admin@demo.cartera.ec', password: 'demo-admin-cartera' };

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

interface Instance {
  url: string;
  child: ChildProcess;
  exited: Promise<unknown>;
  errors: string[];
}

function startInstance(databaseUrl: string, port: number): Instance {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      DATABASE_POOL_SIZE: '10',
      PORT: String(port),
      DEMO_DATA: 'on',
      PDF_REPORTS: 'off',
      LOG_LEVEL: 'silent',
      NODE_ENV: 'production',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const errors: string[] = [];
  child.stderr?.on('data', (chunk: Buffer) => errors.push(chunk.toString()));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return { url: `http://127.0.0.1:${String(port)}`, child, exited, errors };
}

async function untilReady(instance: Instance, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    if (instance.child.exitCode !== null)
      throw new Error(`an instance exited with ${String(instance.child.exitCode)}: ${instance.errors.join('')}`);
    const ready = await fetch(`${instance.url}/health/ready`).catch(() => null);
    if (ready?.ok) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`an instance did not get ready in time: ${instance.errors.join('')}`);
}

/** A browser's cookie jar, shared by every instance: the load balancer may send each request anywhere. */
class Browser {
  private readonly cookies = new Map<string, string>();

  async request(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0)
      headers.set('Cookie', [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; '));
    const res = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const cookie of res.headers.getSetCookie()) {
      const [pair = ''] = cookie.split(';');
      const at = pair.indexOf('=');
      this.cookies.set(pair.slice(0, at), pair.slice(at + 1));
    }
    return res;
  }
}

const csrfIn = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

const server = postgresServer();
let db: Db;
let instances: Instance[] = [];
const browser = new Browser();
let csrf = '';

beforeAll(async () => {
  if (!server) return;
  const { url } = await newPostgresDatabase(server);
  db = openDatabase(url, { poolSize: 2, idleMs: 1000 });
  const ports = await Promise.all(Array.from({ length: INSTANCES }, freePort));
  // All three start at once on the empty database.
  instances = ports.map((port) => startInstance(url, port));
  const deadline = Date.now() + 40_000;
  await Promise.all(instances.map((instance) => untilReady(instance, deadline)));
}, 45_000);

afterAll(async () => {
  for (const { child } of instances) child.kill('SIGTERM');
  await Promise.all(instances.map(({ exited }) => exited));
  await db?.destroy();
}, 20_000);

const on = (i: number, path: string) => `${instances[i % INSTANCES]!.url}${path}`;

async function json(i: number, path: string): Promise<unknown> {
  const res = await browser.request(on(i, path), { headers: { Accept: 'application/json' } });
  expect(res.status).toBe(200);
  return res.json();
}

describe.skipIf(!server)('three instances over one PostgreSQL database', () => {
  it('start once: one migrates, loads the demo portfolio and rescores; the others find it done', async () => {
    const partners = await db
      .selectFrom('partners')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(partners.n).toBe(60);
    const demoLoads = await db
      .selectFrom('auditEvents')
      .select('id')
      .where('entity', '=', 'demo')
      .where('action', '=', 'load')
      .execute();
    expect(demoLoads).toHaveLength(1);
    // The start-up rescore is the daily one: three starts on the same day run it once.
    expect(await db.selectFrom('scheduledRuns').select(['job', 'runs']).where('job', '=', 'rescore').execute()).toEqual(
      [{ job: 'rescore', runs: 1 }],
    );
  });

  it('keeps a session opened on one instance on the others, CSRF token included', async () => {
    const form = await browser.request(on(0, '/sign-in'));
    const signedIn = await browser.request(on(0, '/sign-in'), {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrfIn(await form.text()), ...ADMIN }).toString(),
    });
    expect(signedIn.status).toBe(303);
    for (const i of [1, 2]) {
      const account = await browser.request(on(i, '/account'));
      expect(account.status).toBe(200);
      const page = await account.text();
      expect(page).toContain(ADMIN.email);
      csrf = csrfIn(page);
    }
    // The token came from instance 2's page; the edits below send it to all three.
    expect(csrf).not.toBe('');
    const partners = await browser.request(on(0, '/partners'));
    expect(partners.status).toBe(200);
  });

  it('shows a change made through one instance at once through the others, cached figures included', async () => {
    const figures = [
      '/api/v1/portfolio/alerts?pageSize=100',
      '/api/v1/portfolio/balance',
      '/api/v1/dashboard',
      '/api/v1/scores?pageSize=100',
    ];
    // Every instance computes (and caches) every figure; they agree.
    const before = await Promise.all(figures.map((path) => json(1, path)));
    for (const i of [0, 2]) expect(await Promise.all(figures.map((path) => json(i, path)))).toEqual(before);

    // A small partner with a retention alert grows large through instance 0.
    const alerts = before[0] as { data: { partnerId: number }[] };
    const partnerId = alerts.data[0]!.partnerId;
    const partner = (await json(0, `/api/v1/partners/${String(partnerId)}`)) as { version: number };
    const edited = await browser.request(on(0, `/api/v1/partners/${String(partnerId)}`), {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf },
      body: JSON.stringify({ version: partner.version, staffCount: 5000 }),
    });
    expect(edited.status).toBe(200);

    // Instances 1 and 2 answer with the new figures at once, not what they had cached.
    const after = await Promise.all(figures.map((path) => json(1, path)));
    expect(await Promise.all(figures.map((path) => json(2, path)))).toEqual(after);
    expect(await Promise.all(figures.map((path) => json(0, path)))).toEqual(after);
    figures.forEach((path, i) => {
      expect({ path, changed: JSON.stringify(after[i]) !== JSON.stringify(before[i]) }).toEqual({
        path,
        changed: true,
      });
    });
    expect((after[0] as { data: { partnerId: number }[] }).data.map((a) => a.partnerId)).not.toContain(partnerId);
    expect(((await json(2, `/api/v1/partners/${String(partnerId)}`)) as { staffCount: number }).staffCount).toBe(5000);
  });

  it(`lets exactly one of ${String(EDITS)} edits of one partner at one version win, spread over the three`, async () => {
    const { data } = (await json(0, '/api/v1/partners?pageSize=1')) as { data: { id: number }[] };
    const id = data[0]!.id;
    const { version } = (await json(1, `/api/v1/partners/${String(id)}`)) as { version: number };
    const statuses = await Promise.all(
      Array.from({ length: EDITS }, async (_v, i) => {
        const res = await browser.request(on(i, `/api/v1/partners/${String(id)}`), {
          method: 'PATCH',
          headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf },
          // Each edit changes the record (an edit that changes nothing has nothing to conflict over).
          body: JSON.stringify({ version, staffCount: 1000 + i, notes: `Edición ${String(i)}` }),
        });
        await res.arrayBuffer();
        return { i, status: res.status };
      }),
    );
    const winners = statuses.filter((s) => s.status >= 200 && s.status < 400);
    expect(winners).toHaveLength(1);
    expect(statuses.filter((s) => s.status === 409)).toHaveLength(EDITS - 1);
    const stored = await db
      .selectFrom('partners')
      .select(['version', 'staffCount', 'notes'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    const winner = winners[0]!.i;
    expect(stored).toEqual({ version: version + 1, staffCount: 1000 + winner, notes: `Edición ${String(winner)}` });
  });
});
