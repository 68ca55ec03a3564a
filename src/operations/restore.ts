// Restoring a backup into a stopped installation.
//
// "Stopped" is asked of SQLite itself, not of a pid file that a crash could leave behind: the app
// keeps its database open in WAL mode from start to stop, and every open WAL connection holds a
// shared lock on the file. Before anything is moved, the current database is checkpointed and
// switched to a rollback journal, which needs exclusive access; while the app (or a backup, or any
// other program) has the file open that fails with SQLITE_BUSY and the restore is refused. The
// exclusive lock is then kept until the new file is in place, so an app started meanwhile waits or
// stops with "database is locked" instead of opening a file that is being replaced.
import { closeSync, existsSync, mkdirSync, openSync, readSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { migrations } from '../../db/migrations/index.js';
import { OperationError, SIDE_SUFFIXES, fsyncPath, integrityProblems, tableCounts } from './sqlite-files.js';

const SQLITE_HEADER = 'SQLite format 3\0';
const MIGRATION_TABLE = 'kysely_migration';
// The first migration's tables: any Cartera Ágil database has them.
const FIRST_MIGRATION = '2026-11-24T0900_partner_registry';
const CORE_TABLES = ['partners', 'territories', 'assistance_types', 'app_settings'];

export interface BackupContents {
  /** Migrations applied in the file, oldest first. */
  applied: string[];
  /** Migrations of this version the file has not had yet; the next start applies them. */
  pending: string[];
  tables: Record<string, number>;
}

export interface RestoreReport extends BackupContents {
  target: string;
  /** Where the database that was replaced is kept; null when there was none. */
  kept: string | null;
}

function startsLikeSqlite(file: string): boolean {
  const fd = openSync(file, 'r');
  try {
    const header = Buffer.alloc(SQLITE_HEADER.length);
    return readSync(fd, header, 0, header.length, 0) === header.length && header.toString('latin1') === SQLITE_HEADER;
  } finally {
    closeSync(fd);
  }
}

/** Checks that a file is a sound Cartera Ágil database at a migration level this version knows. */
export function inspectBackup(file: string): BackupContents {
  const path = resolve(file);
  if (!existsSync(path) || !statSync(path).isFile()) throw new OperationError(`There is no file at ${path}.`);
  if (!startsLikeSqlite(path))
    throw new OperationError(`${path} is not an SQLite database, so it is not a Cartera Ágil backup.`);
  let sqlite: SQLite.Database;
  try {
    sqlite = new SQLite(path, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new OperationError(`Could not open ${path}: ${(error as Error).message}`);
  }
  try {
    const problems = integrityProblems(sqlite);
    if (problems.length > 0)
      throw new OperationError(
        `${path} is damaged (PRAGMA integrity_check: ${problems.slice(0, 5).join('; ')}); restore another backup.`,
      );
    const tables = tableCounts(sqlite);
    const notCartera = (why: string) =>
      new OperationError(`${path} is an SQLite database but not a Cartera Ágil one: ${why}.`);
    if (!(MIGRATION_TABLE in tables)) throw notCartera(`it has no ${MIGRATION_TABLE} table`);
    const applied = sqlite.prepare(`select name from ${MIGRATION_TABLE} order by name`).pluck().all() as string[];
    if (!applied.includes(FIRST_MIGRATION))
      throw notCartera(`its migrations (${applied.join(', ') || 'none'}) are not this application's`);
    const missing = CORE_TABLES.filter((table) => !(table in tables));
    if (missing.length > 0) throw notCartera(`the tables ${missing.join(', ')} are missing`);
    const known = Object.keys(migrations);
    const unknown = applied.filter((name) => !known.includes(name));
    if (unknown.length > 0) {
      throw new OperationError(
        `${path} comes from a newer version of Cartera Ágil: it has migrations this version does not know (${unknown.join(', ')}). ` +
          'Restore it with that version (or a later one), or choose an older backup.',
      );
    }
    return { applied, pending: known.filter((name) => !applied.includes(name)), tables };
  } finally {
    sqlite.close();
  }
}

const stampOf = (now: Date) =>
  now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');

/**
 * Replaces the database at `targetPath` by the backup `from`, keeping the current one as
 * `<target>.before-restore-<UTC time>`. The backup is copied next to the target, flushed to disk
 * and renamed into place, so the target is always either the old database or the whole new one.
 */
export async function restoreDatabase(from: string, targetPath: string, now = new Date()): Promise<RestoreReport> {
  const target = resolve(targetPath);
  if (resolve(from) === target) throw new OperationError('The backup and the database are the same file.');
  const contents = inspectBackup(from);
  mkdirSync(dirname(target), { recursive: true });

  const claim = claimStoppedDatabase(target);
  const temporary = `${target}.restoring-${process.pid}`;
  try {
    await copyInto(resolve(from), temporary);
    let kept: string | null = null;
    if (existsSync(target)) {
      kept = `${target}.before-restore-${stampOf(now)}`;
      if (existsSync(kept)) throw new OperationError(`${kept} already exists; wait a second and try again.`);
      // After the checkpoint no -wal or -shm is left; any that is (an unreadable database) goes
      // with the file it belongs to, never beside the restored one.
      for (const suffix of SIDE_SUFFIXES) if (existsSync(target + suffix)) renameSync(target + suffix, kept + suffix);
      renameSync(target, kept);
    }
    renameSync(temporary, target);
    fsyncPath(dirname(target));
    return { ...contents, target, kept };
  } finally {
    for (const file of [temporary, ...SIDE_SUFFIXES.map((suffix) => temporary + suffix)]) rmSync(file, { force: true });
    if (claim) {
      claim.exec('ROLLBACK');
      claim.close();
    }
  }
}

/**
 * Refuses a database that something has open, and holds it exclusively until released. Returns
 * null when there is no database yet, or one SQLite cannot read (its files are moved aside as they are).
 */
function claimStoppedDatabase(target: string): SQLite.Database | null {
  if (!existsSync(target)) return null;
  let sqlite: SQLite.Database;
  try {
    sqlite = new SQLite(target, { fileMustExist: true, timeout: 0 });
  } catch {
    return null;
  }
  try {
    // Folds the WAL into the file, so the database kept aside is complete on its own.
    sqlite.pragma('journal_mode = DELETE');
    sqlite.pragma('locking_mode = EXCLUSIVE');
    sqlite.exec('BEGIN EXCLUSIVE');
    return sqlite;
  } catch (error) {
    sqlite.close();
    if ((error as { code?: string }).code === 'SQLITE_BUSY') {
      throw new OperationError(
        `The database ${target} is in use: Cartera Ágil (or a backup, or another program) has it open. ` +
          'Stop the app first, then run db:restore again. Nothing was changed.',
      );
    }
    if ((error as { code?: string }).code === 'SQLITE_NOTADB' || (error as { code?: string }).code === 'SQLITE_CORRUPT')
      return null;
    throw error;
  }
}

/** A self-contained copy of the backup (its WAL content included), flushed to disk. */
async function copyInto(from: string, destination: string): Promise<void> {
  const source = new SQLite(from, { readonly: true, fileMustExist: true });
  try {
    await source.backup(destination);
  } finally {
    source.close();
  }
  const copy = new SQLite(destination, { fileMustExist: true });
  try {
    copy.pragma('journal_mode = DELETE');
  } finally {
    copy.close();
  }
  fsyncPath(destination);
}
