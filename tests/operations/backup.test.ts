// npm run db:backup: an online copy of the running database, verified, never a half-written file.
import { existsSync, openSync, readdirSync, statSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { backupDatabase } from '../../src/operations/backup.js';
import { databaseFileOf, tableCounts } from '../../src/operations/sqlite-files.js';
import { databaseWith, npmRun, partnerNamesIn, removeScratchFolders, scratchFolder } from './files.js';

afterAll(removeScratchFolders);

describe('npm run db:backup', () => {
  it('copies the database the app has open, verifies the copy and says so', async () => {
    const folder = scratchFolder();
    const live = join(folder, 'cartera.sqlite');
    const db = await databaseWith(live, ['Fundación Río Verde', 'Colectivo Raíces']);
    try {
      const result = await npmRun('db:backup', ['--to', join(folder, 'copia.sqlite')], `file:${live}`);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/^Backed up .*cartera\.sqlite to .*copia\.sqlite \(\d/);
      expect(result.stdout).toMatch(
        /Verified: integrity_check ok; \d+ tables and \d+ rows, the same as the database at the moment of the copy\./,
      );
      expect(partnerNamesIn(join(folder, 'copia.sqlite'))).toEqual(['Colectivo Raíces', 'Fundación Río Verde']);
      // One self-contained file: nothing beside it, no leftovers.
      expect(readdirSync(folder).filter((name) => name.startsWith('copia'))).toEqual(['copia.sqlite']);
    } finally {
      await db.destroy();
    }
  }, 30_000);

  it('refuses, with a message and a non-zero exit, what it cannot do', async () => {
    const folder = scratchFolder();
    const live = join(folder, 'cartera.sqlite');
    await (await databaseWith(live, [])).destroy();
    const existing = join(folder, 'existing.sqlite');
    await (await databaseWith(existing, ['Una base anterior'])).destroy();
    const before = statSync(existing).mtimeMs;

    const [noTarget, overwrite] = await Promise.all([
      npmRun('db:backup', [], `file:${live}`),
      npmRun('db:backup', ['--to', existing], `file:${live}`),
    ]);
    expect(noTarget).toMatchObject({ code: 2, stdout: '' });
    expect(noTarget.stderr).toContain('usage: npm run db:backup -- --to FILE');
    expect(overwrite).toMatchObject({ code: 1, stdout: '' });
    expect(overwrite.stderr).toContain('existing.sqlite already exists; a backup never overwrites a file');
    expect(statSync(existing).mtimeMs).toBe(before);
    expect(partnerNamesIn(existing)).toEqual(['Una base anterior']);

    // The same messages, straight from the functions the command runs.
    await expect(backupDatabase(join(folder, 'missing.sqlite'), join(folder, 'x.sqlite'))).rejects.toThrow(
      /^There is no database at .*missing\.sqlite \(check DATABASE_URL\)\.$/,
    );
    expect(existsSync(join(folder, 'missing.sqlite'))).toBe(false);
    expect(() => databaseFileOf('file::memory:')).toThrow(
      'DATABASE_URL is file::memory:, an in-memory database: there is no file to back up or restore.',
    );
    expect(() => databaseFileOf('postgres://cartera@db.example.org/cartera')).toThrow(
      /names a PostgreSQL database: back it up and restore it with the server's own tools \(pg_dump/,
    );
    await expect(backupDatabase(live, join(folder, 'no', 'such', 'z.sqlite'))).rejects.toThrow(
      /does not exist; create it or choose another place for the backup/,
    );
  }, 60_000);

  it('leaves no file behind when the database is damaged', async () => {
    const folder = scratchFolder();
    const live = join(folder, 'cartera.sqlite');
    const db = await databaseWith(live, ['Fundación Río Verde']);
    await sql`pragma journal_mode = delete`.execute(db);
    await db.destroy();
    // Garbage over the middle of the file: some table's pages no longer make sense.
    const fd = openSync(live, 'r+');
    const size = statSync(live).size;
    writeSync(fd, Buffer.alloc(8192, 0x5a), 0, 8192, Math.floor(size / 2 / 4096) * 4096);
    closeSync(fd);

    await expect(backupDatabase(live, join(folder, 'copia.sqlite'))).rejects.toThrow(/integrity_check|malformed/);
    expect(readdirSync(folder).filter((name) => name.startsWith('copia'))).toEqual([]);
  });

  it('copies one moment of the database while another connection keeps writing', async () => {
    const folder = scratchFolder();
    const live = join(folder, 'cartera.sqlite');
    await (await databaseWith(live, ['Fundación Río Verde'])).destroy();
    const writer = new SQLite(live);
    writer.pragma('journal_mode = WAL');
    // Enough pages that the copy takes many steps, each a turn of the event loop for the writer.
    writer.exec('create table load_rows (id integer primary key, body text not null)');
    const insert = writer.prepare('insert into load_rows (body) values (?)');
    writer.transaction(() => {
      for (let i = 0; i < 100_000; i++) insert.run('x'.repeat(200));
    })();
    let written = 0;
    const writing = setInterval(() => {
      writer.transaction(() => {
        for (let i = 0; i < 50; i++) insert.run('y');
      })();
      written += 50;
    }, 1);
    try {
      const report = await backupDatabase(live, join(folder, 'copia.sqlite'));
      const writtenDuringBackup = written;
      clearInterval(writing);
      expect(writtenDuringBackup).toBeGreaterThan(0);
      const copy = new SQLite(report.file, { readonly: true });
      try {
        expect(tableCounts(copy)).toEqual(report.tables);
      } finally {
        copy.close();
      }
      expect(report.tables.load_rows).toBeGreaterThanOrEqual(100_000);
      expect(report.tables.load_rows).toBeLessThan(
        Number(writer.prepare('select count(*) from load_rows').pluck().get()),
      );
    } finally {
      clearInterval(writing);
      writer.close();
    }
  }, 30_000);
});
