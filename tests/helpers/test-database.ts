// A fresh, migrated database for one test: SQLite in memory under `npm test`; under `npm run
// test:pg` a PostgreSQL database cloned from the migrated template (tests/helpers/postgres-setup.ts)
// and dropped when its test file ends.
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, inject } from 'vitest';
import { type Db, openDatabase } from '../../src/database/connect.js';
import { migrateToLatest } from '../../src/database/migrate.js';
import { databaseUrl } from './postgres-cluster.js';

const TEMPLATE = 'cartera_template';

/** The PostgreSQL server of this run, or undefined when the suite runs on SQLite. */
export function postgresServer(): string | undefined {
  return inject('postgresUrl');
}

/** Handles this file opened, closed when it ends. */
const opened: Db[] = [];
/** Databases this file made, dropped (with any connection left) when it ends. */
const created: string[] = [];
let admin: Db | undefined;

afterAll(async () => {
  for (const db of opened.splice(0)) await db.destroy().catch(() => undefined);
  for (const name of created.splice(0))
    if (admin) await sql`drop database if exists ${sql.id(name)} with (force)`.execute(admin);
  await admin?.destroy();
  admin = undefined;
});

/** A new empty database name on the run's PostgreSQL server (for copies, restores and the like). */
export async function newPostgresDatabase(server: string, template?: string): Promise<{ url: string; name: string }> {
  admin ??= openDatabase(server, { poolSize: 2, idleMs: 1000 });
  const name = `t_${String(process.pid)}_${randomBytes(4).toString('hex')}`;
  await sql`create database ${sql.id(name)}${template ? sql` template ${sql.id(template)}` : sql``}`.execute(admin);
  created.push(name);
  return { url: databaseUrl(server, name), name };
}

/**
 * A database with no tables yet (to migrate step by step, or for a command-line tool to set up):
 * its URL and, opened, its handle. On SQLite `file` is where it goes; on PostgreSQL a new database.
 */
export async function emptyDatabase(file = ':memory:'): Promise<{ url: string; db: Db }> {
  const server = postgresServer();
  if (!server) {
    const url = `file:${file}`;
    return { url, db: openDatabase(url) };
  }
  const { url } = await newPostgresDatabase(server);
  const db = openDatabase(url, { poolSize: 5, idleMs: 1000 });
  opened.push(db);
  return { url, db };
}

export async function freshDatabase(): Promise<Db> {
  const server = postgresServer();
  if (!server) {
    const db = openDatabase('file::memory:');
    await migrateToLatest(db);
    return db;
  }
  const { url } = await newPostgresDatabase(server, TEMPLATE);
  const db = openDatabase(url, { poolSize: 5, idleMs: 1000 });
  opened.push(db);
  return db;
}

/**
 * A fresh migrated database as several app instances see it: on PostgreSQL each handle is its own
 * connection pool to one database; on SQLite (in memory, one process) they are the same handle.
 */
export async function sharedDatabase(instances: number): Promise<Db[]> {
  const server = postgresServer();
  if (!server) {
    const db = await freshDatabase();
    return Array.from({ length: instances }, () => db);
  }
  const { url } = await newPostgresDatabase(server, TEMPLATE);
  const handles = Array.from({ length: instances }, () => openDatabase(url, { poolSize: 3, idleMs: 1000 }));
  opened.push(...handles);
  return handles;
}
