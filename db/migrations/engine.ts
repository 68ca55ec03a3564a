// Frozen in time like the migrations that use it: the few column forms that differ between SQLite
// and PostgreSQL. Written for PostgreSQL after the SQLite migrations had run in offices, so every
// SQLite form below is exactly what those migrations always created.
import { type ColumnDefinitionBuilder, type Kysely, PostgresAdapter } from 'kysely';

export function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** A generated integer key: SQLite's rowid alias, PostgreSQL's identity column. */
export function identity(db: Kysely<any>) {
  return (c: ColumnDefinitionBuilder) =>
    isPostgres(db) ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey();
}

/** Money in US dollars: exact on PostgreSQL (`numeric`; `real` is 4 bytes there), SQLite's 8-byte real. */
export function money(db: Kysely<any>): 'numeric' | 'real' {
  return isPostgres(db) ? 'numeric' : 'real';
}

/** Scores, hours and ratios: 8-byte floating point on both engines. */
export function double(db: Kysely<any>): 'double precision' | 'real' {
  return isPostgres(db) ? 'double precision' : 'real';
}

/** Bytes (a kept upload): SQLite's blob, PostgreSQL's bytea. */
export function binary(db: Kysely<any>): 'bytea' | 'blob' {
  return isPostgres(db) ? 'bytea' : 'blob';
}
