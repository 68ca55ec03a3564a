// SIGKILL during a large import commit, early, midway and late: the database stays intact
// (integrity_check) and holds either every row of the import or none of it.
import { type ChildProcess, spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { partnerLines, writeFile } from '../../bench/imports.js';
import { SYSTEM_ACTOR } from '../../src/audit/actor.js';
import { openDatabase } from '../../src/database/connect.js';
import { migrateToLatest } from '../../src/database/migrate.js';
import { startImport } from '../../src/imports/service.js';
import { recordFigure } from './figures.js';

// RELIABILITY_IMPORT_ROWS lowers it for a quick local look.
const ROWS = Number(process.env.RELIABILITY_IMPORT_ROWS ?? 20_000);
const CHILD = fileURLToPath(new URL('./import-commit-child.ts', import.meta.url));
let dir: string;
let template: string;
/** The uploaded file as kept for the commit (a finished commit deletes it), and a pristine copy. */
let csv: string;
let pristine: string;
let importId: number;
/** How long an uninterrupted commit takes on this machine, measured first. */
let commitMs: number;

function startCommit(databaseFile: string): {
  child: ChildProcess;
  started: Promise<number>;
  finished: Promise<string>;
} {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, `file:${databaseFile}`, String(importId)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let errors = '';
  let resolveStarted: (at: number) => void;
  const started = new Promise<number>((resolve) => (resolveStarted = resolve));
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    if (output.includes('committing')) resolveStarted(performance.now());
  });
  child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const finished = new Promise<string>((resolve) =>
    child.on('exit', (code, signal) =>
      resolve(`${signal ?? code} ${output.trim().split('\n').pop()} ${errors.slice(0, 500)}`),
    ),
  );
  return { child, started, finished };
}

async function inspect(databaseFile: string) {
  const db = openDatabase(`file:${databaseFile}`);
  try {
    const integrity = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(db);
    const count = async (table: 'partners' | 'importRecords' | 'partnerScores') =>
      Number(
        (
          await db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const imp = await db.selectFrom('imports').select('status').where('id', '=', importId).executeTakeFirstOrThrow();
    const audits = Number(
      (
        await db
          .selectFrom('auditEvents')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('entity', '=', 'import')
          .executeTakeFirstOrThrow()
      ).n,
    );
    return {
      integrity: integrity.rows.map((r) => Object.values(r)[0]).join(', '),
      partners: await count('partners'),
      records: await count('importRecords'),
      scores: await count('partnerScores'),
      status: imp.status,
      audits,
    };
  } finally {
    await db.destroy();
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cartera-crash-'));
  template = join(dir, 'template.sqlite');
  csv = join(dir, 'socios.csv');
  pristine = join(dir, 'socios-original.csv');
  await writeFile(pristine, 'latin1', partnerLines(ROWS));
  copyFileSync(pristine, csv);
  const db = openDatabase(`file:${template}`);
  await migrateToLatest(db);
  importId = (await startImport(db, SYSTEM_ACTOR, 'admin', 'partners', { path: csv, originalName: 'socios.csv' }, null))
    .id;
  await db.destroy();
  // One uninterrupted commit on a copy: it must write every row, and it tells how long a commit takes.
  const full = join(dir, 'full.sqlite');
  copyFileSync(template, full);
  copyFileSync(pristine, csv);
  const run = startCommit(full);
  const started = await run.started;
  const outcome = await run.finished;
  commitMs = performance.now() - started;
  const state = await inspect(full);
  if (state.partners !== ROWS)
    throw new Error(`the uninterrupted commit wrote ${state.partners} partners (${outcome})`);
}, 300_000);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe(`SIGKILL during a ${ROWS.toLocaleString('en')}-row import commit`, () => {
  it.each([
    ['early', 0.15],
    ['midway', 0.5],
    ['late', 0.9],
  ])('%s: integrity ok, all rows or none', async (moment, fraction) => {
    const file = join(dir, `${moment}.sqlite`);
    copyFileSync(template, file);
    copyFileSync(pristine, csv);
    const run = startCommit(file);
    await run.started;
    await new Promise((resolve) => setTimeout(resolve, commitMs * fraction));
    const killed = run.child.kill('SIGKILL');
    const outcome = await run.finished;
    // The child either died by the kill or finished the commit; any other end is a failed test.
    expect(outcome.startsWith('SIGKILL') || outcome.startsWith('0 done'), outcome).toBe(true);
    const state = await inspect(file);
    const none =
      state.partners === 0 &&
      state.records === 0 &&
      state.scores === 0 &&
      state.status === 'preview' &&
      state.audits === 0;
    const all = state.partners === ROWS && state.records === ROWS && state.status === 'committed' && state.audits === 1;
    recordFigure({
      check: `SIGKILL during import commit (${moment})`,
      measured: `integrity ${state.integrity}, ${state.partners} of ${ROWS} rows${killed && outcome.startsWith('SIGKILL') ? ', killed' : ', finished before the kill'}`,
      target: 'integrity ok, all or none',
      ok: state.integrity === 'ok' && (none || all),
    });
    expect(state.integrity).toBe('ok');
    // A kill can land after the transaction committed but before the child printed or exited: then
    // every row is there, which is as whole as none. Only a part would be a failure.
    expect(none || all, JSON.stringify(state)).toBe(true);
  });
});
