// What backup and restore share: reading an SQLite file's tables and health, and making file
// changes durable. Used on raw better-sqlite3 connections, because the backup API lives there.
import { closeSync, fsyncSync, openSync } from 'node:fs';
import type SQLite from 'better-sqlite3';
import { engineOfUrl, sqlitePathOf } from '../database/connect.js';

/** A problem an operator must fix; its message is written for them and shown as it is. */
export class OperationError extends Error {}

/** The database file DATABASE_URL names; an in-memory database has none. */
export function databaseFileOf(databaseUrl: string): string {
  if (engineOfUrl(databaseUrl) === 'postgres')
    throw new OperationError(
      "DATABASE_URL names a PostgreSQL database: back it up and restore it with the server's own tools (pg_dump and pg_restore, or base backups). db:backup and db:restore copy SQLite files.",
    );
  const path = sqlitePathOf(databaseUrl);
  if (path === ':memory:')
    throw new OperationError(
      'DATABASE_URL is file::memory:, an in-memory database: there is no file to back up or restore.',
    );
  return path;
}

/** Files SQLite keeps beside a database while it is open or after a crash. */
export const SIDE_SUFFIXES = ['-wal', '-shm', '-journal'] as const;

const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** Rows in every table (SQLite's own `sqlite_*` tables aside), by table name. */
export function tableCounts(sqlite: SQLite.Database): Record<string, number> {
  const tables = sqlite
    .prepare(
      "select name from sqlite_master where type = 'table' and name not like 'sqlite\\_%' escape '\\' order by name",
    )
    .pluck()
    .all() as string[];
  return Object.fromEntries(
    tables.map((table) => [
      table,
      Number(
        sqlite
          .prepare(`select count(*) from ${quoted(table)}`)
          .pluck()
          .get(),
      ),
    ]),
  );
}

/** What `PRAGMA integrity_check` reports, or nothing when the file is sound. */
export function integrityProblems(sqlite: SQLite.Database): string[] {
  const lines = sqlite.pragma('integrity_check', { simple: false }) as { integrity_check: string }[];
  const messages = lines.map((line) => line.integrity_check);
  return messages.length === 1 && messages[0] === 'ok' ? [] : messages;
}

/** Flushes a file (or a folder's entries, after a rename) to disk. */
export function fsyncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export const totalRows = (counts: Record<string, number>) => Object.values(counts).reduce((sum, n) => sum + n, 0);

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} kB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
