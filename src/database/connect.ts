import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { CamelCasePlugin, Kysely, SqliteDialect, sql } from 'kysely';
import type { Database } from './schema.js';

export type Db = Kysely<Database>;

const MEMORY = ':memory:';

/** `file:path/to/db.sqlite` → an absolute path; `file::memory:` → SQLite's in-memory database. */
export function sqlitePathOf(databaseUrl: string): string {
  const location = databaseUrl.replace(/^file:/, '');
  return location === MEMORY ? MEMORY : resolve(location);
}

export function openDatabase(databaseUrl: string): Db {
  const path = sqlitePathOf(databaseUrl);
  if (path !== MEMORY) mkdirSync(dirname(path), { recursive: true });
  const sqlite = new SQLite(path);
  if (path !== MEMORY) sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('synchronous = NORMAL');
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }), plugins: [new CamelCasePlugin()] });
}

/** Whether the database answers a trivial query (health checks). */
export async function databaseAnswers(db: Db): Promise<boolean> {
  try {
    await sql`select 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}
