// npm run db:restore: only a sound Cartera Ágil backup this version knows, only into a stopped
// installation, atomically, keeping the database it replaces.
import { copyFileSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Migrator, sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { migrations } from '../../db/migrations/index.js';
import { openDatabase } from '../../src/database/connect.js';
import { migrateToLatest } from '../../src/database/migrate.js';
import { backupDatabase } from '../../src/operations/backup.js';
import { inspectBackup, restoreDatabase } from '../../src/operations/restore.js';
import { addPartner } from '../helpers/app.js';
import { databaseWith, npmRun, partnerNamesIn, removeScratchFolders, scratchFolder } from './files.js';

afterAll(removeScratchFolders);

const LATEST = Object.keys(migrations).at(-1)!;

/** A backup holding one partner, and a stopped installation that has moved on since (two partners). */
async function backupAndMovedOnInstallation() {
  const folder = scratchFolder();
  const live = join(folder, 'db', 'cartera.sqlite');
  const db = await databaseWith(live, ['Fundación Río Verde']);
  const backup = join(folder, 'copia.sqlite');
  await backupDatabase(live, backup);
  await addPartner(db, { name: 'Colectivo Raíces' });
  await db.destroy();
  return { folder, live, backup };
}

describe('npm run db:restore', () => {
  it('puts the backup in place and keeps the database it replaced, whole', async () => {
    // An installation whose app was killed: its last change is still only in the -wal file.
    const folder = scratchFolder();
    const running = join(folder, 'running.sqlite');
    const db = await databaseWith(running, ['Fundación Río Verde']);
    const backup = join(folder, 'copia.sqlite');
    await backupDatabase(running, backup);
    await sql`pragma wal_autocheckpoint = 0`.execute(db);
    await addPartner(db, { name: 'Colectivo Raíces' });
    const live = join(folder, 'db', 'cartera.sqlite');
    mkdirSync(join(folder, 'db'));
    copyFileSync(running, live);
    copyFileSync(`${running}-wal`, `${live}-wal`);
    await db.destroy();

    const result = await npmRun('db:restore', ['--from', backup], `file:${live}`);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Restored ${live} from ${backup}:`);
    expect(result.stdout).toContain(`migrations up to ${LATEST}.`);
    expect(result.stdout).toMatch(
      /The database it replaced is kept as .*cartera\.sqlite\.before-restore-\d{8}T\d{6}Z\./,
    );
    expect(result.stdout).toContain('Start the app again (npm start).');

    expect(partnerNamesIn(live)).toEqual(['Fundación Río Verde']);
    const files = readdirSync(join(folder, 'db'));
    const kept = files.find((name) => name.startsWith('cartera.sqlite.before-restore-'))!;
    // The WAL was folded into the replaced database before it was moved aside.
    expect(partnerNamesIn(join(folder, 'db', kept))).toEqual(['Colectivo Raíces', 'Fundación Río Verde']);
    // No -wal or -shm of the old database next to the new one, no temporary file left.
    expect(files.sort()).toEqual(['cartera.sqlite', kept]);

    // The app opens it as usual.
    const reopened = openDatabase(`file:${live}`);
    try {
      expect(await migrateToLatest(reopened)).toEqual([]);
      expect((await reopened.selectFrom('partners').select('name').execute()).map((p) => p.name)).toEqual([
        'Fundación Río Verde',
      ]);
    } finally {
      await reopened.destroy();
    }
  }, 60_000);

  it('refuses while the installation is running, and changes nothing', async () => {
    const { live, backup } = await backupAndMovedOnInstallation();
    const app = openDatabase(`file:${live}`); // as the app holds it, from start to stop
    try {
      await app.selectFrom('partners').select('id').execute();
      const result = await npmRun('db:restore', ['--from', backup], `file:${live}`);
      expect(result).toMatchObject({ code: 1, stdout: '' });
      expect(result.stderr).toContain(
        `The database ${live} is in use: Cartera Ágil (or a backup, or another program) has it open. Stop the app first, then run db:restore again. Nothing was changed.`,
      );
      expect((await app.selectFrom('partners').select('name').orderBy('name').execute()).map((p) => p.name)).toEqual([
        'Colectivo Raíces',
        'Fundación Río Verde',
      ]);
    } finally {
      await app.destroy();
    }
    expect(
      readdirSync(join(live, '..')).filter((name) => name.includes('before-restore') || name.includes('restoring')),
    ).toEqual([]);
  }, 60_000);

  it('refuses a file that is not a Cartera Ágil database', async () => {
    const folder = scratchFolder();
    const target = join(folder, 'cartera.sqlite');
    const text = join(folder, 'notes.txt');
    writeFileSync(text, 'not a database at all');
    const other = join(folder, 'other.sqlite');
    const sqlite = new SQLite(other);
    sqlite.exec('create table notes (id integer primary key, body text)');
    sqlite.close();
    const foreignMigrations = join(folder, 'foreign.sqlite');
    const foreign = new SQLite(foreignMigrations);
    foreign.exec(
      "create table kysely_migration (name varchar(255) primary key, timestamp varchar(255)); insert into kysely_migration values ('001_invoices', '2026-01-01')",
    );
    foreign.close();

    const refused = await npmRun('db:restore', ['--from', text], `file:${target}`);
    expect(refused).toMatchObject({ code: 1, stdout: '' });
    expect(refused.stderr).toContain('notes.txt is not an SQLite database, so it is not a Cartera Ágil backup.');
    expect(() => inspectBackup(other)).toThrow(
      /other\.sqlite is an SQLite database but not a Cartera Ágil one: it has no kysely_migration table\./,
    );
    expect(() => inspectBackup(foreignMigrations)).toThrow(
      /foreign\.sqlite is an SQLite database but not a Cartera Ágil one: its migrations \(001_invoices\) are not this application's\./,
    );
    expect(() => inspectBackup(join(folder, 'missing.sqlite'))).toThrow(/There is no file at .*missing\.sqlite\./);
    expect(existsSync(target)).toBe(false);
  }, 60_000);

  it('refuses a backup from a newer version, and accepts an older one to be migrated at the next start', async () => {
    const { folder, live, backup } = await backupAndMovedOnInstallation();
    const newer = join(folder, 'newer.sqlite');
    await backupDatabase(backup, newer);
    const sqlite = new SQLite(newer);
    sqlite.exec(
      "insert into kysely_migration (name, timestamp) values ('2099-01-01T0900_from_the_future', '2099-01-01T09:00:00.000Z')",
    );
    sqlite.close();
    await expect(restoreDatabase(newer, live)).rejects.toThrow(
      /newer\.sqlite comes from a newer version of Cartera Ágil: it has migrations this version does not know \(2099-01-01T0900_from_the_future\)\. Restore it with that version \(or a later one\), or choose an older backup\./,
    );
    expect(partnerNamesIn(live)).toEqual(['Colectivo Raíces', 'Fundación Río Verde']);

    // A database one migration behind this version.
    const older = join(folder, 'older.sqlite');
    const olderDb = openDatabase(`file:${older}`);
    const previous = Object.keys(migrations).at(-2)!;
    const { error } = await new Migrator({
      db: olderDb,
      provider: { getMigrations: async () => migrations },
    }).migrateTo(previous);
    expect(error).toBeUndefined();
    await olderDb.destroy();
    const report = await restoreDatabase(older, live);
    expect(report.pending).toEqual([LATEST]);
    const started = openDatabase(`file:${live}`);
    try {
      expect(await migrateToLatest(started)).toEqual([LATEST]);
    } finally {
      await started.destroy();
    }
  }, 60_000);
});
