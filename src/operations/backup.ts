// An online, consistent backup of a database that may be in use, checked before it counts.
//
// Consistency: the backup runs on its own connection inside one read transaction. In WAL mode that
// transaction sees one snapshot of the database for as long as it lasts, while the app keeps
// writing; SQLite's backup API, run on a connection that already holds a read transaction, copies
// exactly that snapshot (it never restarts because of other writers). The row counts taken inside
// the same transaction are therefore the counts the copy must have, whatever is written meanwhile.
import { existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { OperationError, SIDE_SUFFIXES, fsyncPath, integrityProblems, tableCounts } from './sqlite-files.js';

export interface BackupReport {
  /** The verified backup file (absolute path). */
  file: string;
  bytes: number;
  /** Rows per table, in the database at the moment of the copy and in the copy alike. */
  tables: Record<string, number>;
  startedAt: string;
  durationMs: number;
}

// Pages copied between two turns of the event loop (4 MB at SQLite's 4 kB pages), so a backup
// taken inside the app leaves room for requests.
const PAGES_PER_STEP = 1000;

/**
 * Copies the database at `sourcePath` into `destination` (which must not exist yet), verifies the
 * copy and only then gives it its name: a failed backup leaves no file that looks like a backup.
 */
export async function backupDatabase(sourcePath: string, destination: string): Promise<BackupReport> {
  const target = resolve(destination);
  if (!existsSync(sourcePath)) throw new OperationError(`There is no database at ${sourcePath} (check DATABASE_URL).`);
  if (!existsSync(dirname(target)))
    throw new OperationError(
      `The folder ${dirname(target)} does not exist; create it or choose another place for the backup.`,
    );
  if (existsSync(target))
    throw new OperationError(`${target} already exists; a backup never overwrites a file. Choose a new name.`);

  const started = new Date();
  const partial = `${target}.partial-${process.pid}`;
  try {
    const expected = await copySnapshot(sourcePath, partial);
    verifyCopy(partial, expected);
    fsyncPath(partial);
    renameSync(partial, target);
    fsyncPath(dirname(target));
    return {
      file: target,
      bytes: statSync(target).size,
      tables: expected,
      startedAt: started.toISOString(),
      durationMs: Date.now() - started.getTime(),
    };
  } catch (error) {
    for (const file of [partial, ...SIDE_SUFFIXES.map((suffix) => partial + suffix)]) rmSync(file, { force: true });
    if (error instanceof OperationError) throw error;
    throw new OperationError(`The backup of ${sourcePath} failed: ${(error as Error).message}`);
  }
}

/** Copies one snapshot of the database and returns its row counts. */
async function copySnapshot(sourcePath: string, destination: string): Promise<Record<string, number>> {
  let source: SQLite.Database;
  try {
    source = new SQLite(sourcePath, { fileMustExist: true });
  } catch (error) {
    throw new OperationError(`Could not open the database ${sourcePath}: ${(error as Error).message}`);
  }
  try {
    source.pragma('busy_timeout = 5000');
    source.exec('BEGIN');
    // The first read fixes the snapshot that the counts and the copy both see.
    const counts = tableCounts(source);
    await source.backup(destination, { progress: () => PAGES_PER_STEP });
    source.exec('COMMIT');
    return counts;
  } finally {
    if (source.inTransaction) source.exec('ROLLBACK');
    source.close();
  }
}

/**
 * The copy must be sound and hold what the source held at the moment of the copy. It becomes a
 * single self-contained file (rollback journal, no -wal beside it); the app switches it back to
 * WAL when it opens it after a restore.
 */
function verifyCopy(file: string, expected: Record<string, number>): void {
  const copy = new SQLite(file, { fileMustExist: true });
  try {
    copy.pragma('journal_mode = DELETE');
    const problems = integrityProblems(copy);
    if (problems.length > 0)
      throw new OperationError(`The copy failed PRAGMA integrity_check: ${problems.slice(0, 5).join('; ')}`);
    const actual = tableCounts(copy);
    const names = [...new Set([...Object.keys(expected), ...Object.keys(actual)])].sort();
    const differences = names
      .filter((name) => actual[name] !== expected[name])
      .map(
        (name) => `${name}: ${expected[name] ?? 'missing'} in the database, ${actual[name] ?? 'missing'} in the copy`,
      );
    if (differences.length > 0)
      throw new OperationError(
        `The copy's rows differ from the database's at the moment of the copy (${differences.join('; ')}).`,
      );
  } finally {
    copy.close();
  }
}
