// The one place that knows which engine the app runs on: `file:…` opens SQLite (the embedded
// default), `postgres://…` or `postgresql://…` opens a PostgreSQL connection pool. Everything else
// talks to Kysely and gets the same values back from both.
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { CamelCasePlugin, Kysely, PostgresAdapter, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.js';

export type Db = Kysely<Database>;
export type Engine = 'sqlite' | 'postgres';

const MEMORY = ':memory:';
/** Connections per app instance when DATABASE_POOL_SIZE is not set. */
export const DEFAULT_POOL_SIZE = 10;

export function engineOfUrl(databaseUrl: string): Engine {
  return /^postgres(ql)?:\/\//.test(databaseUrl) ? 'postgres' : 'sqlite';
}

/** The engine behind an open database (for the few operations that differ: backups, copies, locks). */
export function engineOf(db: { getExecutor(): { readonly adapter: unknown } }): Engine {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

/** `file:path/to/db.sqlite` → an absolute path; `file::memory:` → SQLite's in-memory database. */
export function sqlitePathOf(databaseUrl: string): string {
  const location = databaseUrl.replace(/^file:/, '');
  return location === MEMORY ? MEMORY : resolve(location);
}

export interface OpenOptions {
  /** Most connections a PostgreSQL pool opens (DATABASE_POOL_SIZE). */
  poolSize?: number;
  /** How long an idle PostgreSQL connection is kept, in milliseconds. */
  idleMs?: number;
}

export function openDatabase(databaseUrl: string, options: OpenOptions = {}): Db {
  const dialect =
    engineOfUrl(databaseUrl) === 'postgres'
      ? new PostgresDialect({ pool: postgresPool(databaseUrl, options) })
      : new SqliteDialect({ database: openSqlite(databaseUrl) });
  return new Kysely<Database>({ dialect, plugins: [new CamelCasePlugin()] });
}

function openSqlite(databaseUrl: string): SQLite.Database {
  const path = sqlitePathOf(databaseUrl);
  if (path !== MEMORY) mkdirSync(dirname(path), { recursive: true });
  const sqlite = new SQLite(path);
  if (path !== MEMORY) sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('synchronous = NORMAL');
  return sqlite;
}

// PostgreSQL sends 64-bit integers (count(*), sum of integers) and numerics (money, avg) as text so
// as not to lose precision. Every figure this app counts or sums fits a double, so both come back
// as numbers, as they do from SQLite: set here once, never Number() at call sites.
const toNumber = (value: string) => Number(value);
pg.types.setTypeParser(pg.types.builtins.INT8, toNumber);
pg.types.setTypeParser(pg.types.builtins.NUMERIC, toNumber);

function postgresPool(databaseUrl: string, options: OpenOptions): pg.Pool {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: options.poolSize ?? DEFAULT_POOL_SIZE,
    idleTimeoutMillis: options.idleMs ?? 30_000,
  });
  // An idle connection the server closes (restart, failover) must not take the process down; the
  // pool opens a new one for the next query. A connection in use that is closed between two queries
  // (in a transaction, say) must not either: the next query on it fails, and that error is reported.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  return pool;
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
