// Stopping the app (SIGTERM) as a service manager does: it stops accepting, lets an import commit
// in flight finish whole, closes the database and exits 0.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../src/api-tokens/service.js';
import { SYSTEM_ACTOR } from '../../src/audit/actor.js';
import { openDatabase } from '../../src/database/connect.js';
import { migrateToLatest } from '../../src/database/migrate.js';
import { createUser } from '../../src/users/service.js';

const dir = mkdtempSync(join(tmpdir(), 'cartera-shutdown-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function untilHealthy(url: string, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`the app exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the app did not start');
}

const ROWS = 4000;
const csv = [
  'Nombre;Tipo de organización;N° de colaboradores;Territorios;Sectores',
  ...Array.from({ length: ROWS }, (_, i) => `Fundación Cierre ${i};national_ngo;${i % 40};tulcan;shelter`),
].join('\n');

describe('graceful shutdown', () => {
  it('finishes an import commit in flight on SIGTERM, refuses new connections and exits 0', async () => {
    const file = join(dir, 'cartera.sqlite');
    const db = openDatabase(`file:${file}`);
    await migrateToLatest(db);
    const user = await createUser(db, SYSTEM_ACTOR, {
      email: 'oficial@example.org',
      name: 'Oficial',
      role: 'officer',
      password: 'una clave de prueba larga',
      mustChangePassword: false,
    });
    const { token } = await createApiToken(db, SYSTEM_ACTOR, user.id, { name: 'shutdown', expiresInDays: null });
    await db.destroy();

    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: {
        ...process.env,
        DATABASE_URL: `file:${file}`,
        PORT: String(port),
        DEMO_DATA: 'off',
        PDF_REPORTS: 'off',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await untilHealthy(url, child);

    const form = new FormData();
    form.append('file', new Blob([csv], { type: 'text/csv' }), 'socios.csv');
    const importing = fetch(`${url}/api/v1/imports?type=partners&dryRun=false`, {
      method: 'POST',
      body: form,
      headers: { Authorization: `Bearer ${token}` },
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    child.kill('SIGTERM');

    const answer = await importing;
    expect(answer.status).toBe(201);
    await expect(fetch(`${url}/health`)).rejects.toThrow();
    expect(await exited).toBe(0);

    const after = openDatabase(`file:${file}`);
    const partners = await after
      .selectFrom('partners')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    await after.destroy();
    expect(partners.n).toBe(ROWS);
  }, 60_000);
});
