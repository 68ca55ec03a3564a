// A backup taken while the app is writing restores into a fresh directory, and the app started
// there serves the same data: every partner committed before the copy, exactly, and none after.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { recordFigure } from './figures.js';
import { npmRun } from '../operations/files.js';

const folder = mkdtempSync(join(tmpdir(), 'cartera-backup-load-'));
const running: ChildProcess[] = [];

afterAll(async () => {
  for (const child of running) await stopApp(child);
  rmSync(folder, { recursive: true, force: true });
});

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** `npx tsx src/main.ts` on a database file, demo data on; resolves when /health/ready says ready. */
async function startApp(databaseUrl: string): Promise<{ child: ChildProcess; base: string }> {
  const port = await freePort();
  const child = spawn('npx', ['tsx', 'src/main.ts'], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      DEMO_DATA: 'on',
      PORT: String(port),
      LOG_LEVEL: 'warn',
      PDF_REPORTS: 'off',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: true, // its own process group, so the whole npx → tsx → node chain stops together
  });
  running.push(child);
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the app stopped at start (${child.exitCode}): ${stderr}`);
    const ready = await fetch(`${base}/health/ready`).then(
      (res) => res.status === 200,
      () => false,
    );
    if (ready) return { child, base };
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the app was not ready within two minutes: ${stderr}`);
}

async function stopApp(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  process.kill(-child.pid!, 'SIGTERM');
  await exited;
  running.splice(running.indexOf(child), 1);
}

interface PartnerRow {
  id: number;
  name: string;
  version: number;
}

/** Every partner the API lists (archived ones too), by id. */
async function partnersThroughApi(base: string, token: string): Promise<PartnerRow[]> {
  const partners: PartnerRow[] = [];
  for (let page = 1; ; page++) {
    const res = await fetch(`${base}/api/v1/partners?status=all&sort=name&pageSize=200&page=${page}`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { data: PartnerRow[]; total: number };
    partners.push(...body.data.map(({ id, name, version }) => ({ id, name, version })));
    if (partners.length >= body.total) return partners.sort((a, b) => a.id - b.id);
  }
}

describe('backup under write load', () => {
  it('restores into a fresh directory an app that serves the data as it was at the copy', async () => {
    const liveUrl = `file:${join(folder, 'live', 'cartera.sqlite')}`;
    const { child: live, base } = await startApp(liveUrl);
    const tokenRun = await npmRun(
      'token:create',
      ['--email', 'oficial@demo.cartera.ec', '--name', 'Carga de prueba'],
      liveUrl,
    );
    expect(tokenRun.code).toBe(0);
    const token = tokenRun.stdout.trim();
    const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
    const [territory] = (await (await fetch(`${base}/api/v1/territories`, { headers })).json()).data as {
      id: number;
    }[];
    const [assistanceType] = (await (await fetch(`${base}/api/v1/assistance-types`, { headers })).json()).data as {
      id: number;
    }[];

    // Four clients create partners without pause until told to stop.
    let writing = true;
    let created = 0;
    const failures: string[] = [];
    const client = async (n: number) => {
      for (let i = 0; writing; i++) {
        const res = await fetch(`${base}/api/v1/partners`, {
          method: 'POST',
          headers,
          body: JSON.stringify({
            name: `Organización de carga ${n}-${i}`,
            organizationType: 'cbo',
            staffCount: 8,
            territoryIds: [territory!.id],
            assistanceTypeIds: [assistanceType!.id],
          }),
        });
        if (res.status === 201) created++;
        else failures.push(`${res.status} ${await res.text()}`);
      }
    };
    const clients = [1, 2, 3, 4].map(client);
    while (created < 20) await new Promise((resolve) => setTimeout(resolve, 50));

    const createdBeforeBackup = created;
    const backupFile = join(folder, 'copia.sqlite');
    const backup = await npmRun('db:backup', ['--to', backupFile], liveUrl);
    const createdWhenBackupEnded = created;
    // A little more after the copy: none of it may appear in the restored installation.
    const target = createdWhenBackupEnded + 10;
    while (created < target) await new Promise((resolve) => setTimeout(resolve, 20));
    writing = false;
    await Promise.all(clients);

    expect(backup.stderr).toBe('');
    expect(backup.code).toBe(0);
    expect(backup.stdout).toContain('Verified: integrity_check ok;');
    expect(failures).toEqual([]);
    expect(createdWhenBackupEnded).toBeGreaterThan(createdBeforeBackup); // writes went on during the backup

    const original = await partnersThroughApi(base, token);
    await stopApp(live);

    // Restore into a directory that does not exist yet, then start the app there.
    const freshUrl = `file:${join(folder, 'fresh', 'cartera.sqlite')}`;
    const restore = await npmRun('db:restore', ['--from', backupFile], freshUrl);
    expect(restore.stderr).toBe('');
    expect(restore.code).toBe(0);
    expect(restore.stdout).toContain('There was no database there before.');
    const { child: restored, base: restoredBase } = await startApp(freshUrl);
    const served = await partnersThroughApi(restoredBase, token);
    await stopApp(restored);

    // The copy is one moment: ids are handed out in commit order, so it holds exactly the
    // partners up to some id — all of those before the backup started, none of the last ten.
    const lastRestored = served.at(-1)!.id;
    const same = JSON.stringify(served) === JSON.stringify(original.filter((p) => p.id <= lastRestored));
    recordFigure({
      check: 'backup under write load → restore → same data',
      measured: `${served.length} partners served after restore; ${createdWhenBackupEnded - createdBeforeBackup} written during the copy`,
      target: 'the copy is one moment, restored whole',
      ok: same && backup.code === 0 && restore.code === 0,
    });
    expect(served).toEqual(original.filter((p) => p.id <= lastRestored));
    const demoPartners = original.length - created;
    expect(served.length).toBeGreaterThanOrEqual(demoPartners + createdBeforeBackup);
    expect(served.length).toBeLessThanOrEqual(demoPartners + createdWhenBackupEnded);

    // And the backup file itself holds what the restored app served.
    const copy = new SQLite(backupFile, { readonly: true });
    try {
      expect(copy.prepare('select count(*) from partners').pluck().get()).toBe(served.length);
    } finally {
      copy.close();
    }
  }, 300_000);
});
