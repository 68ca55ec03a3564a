// Moving an office's data (issue 15): every table of one database copied into a new, empty one, on
// either engine — an office's SQLite file to PostgreSQL, or a regional PostgreSQL database to a
// laptop's SQLite file.
//
// - The tables, their columns, keys and foreign keys are read from each database's own catalogue,
//   so a table a later migration adds is copied without a change here. Kysely's migration tables are
//   not copied: migrating the target writes them.
// - The source is read in one read transaction (one snapshot), the target written in one transaction:
//   a copy that fails or does not verify is rolled back, leaving the target as it was (migrated, with
//   nothing from the source), so the same command can simply be run again.
// - Verification happens inside that transaction, before the commit: rows and a checksum per table,
//   computed the same way from the rows read from the source and the rows the target then holds.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { type Kysely, type RawBuilder, sql } from 'kysely';
import { migrations } from '../../db/migrations/index.js';
import { type Db, type Engine, engineOf, engineOfUrl, openDatabase, sqlitePathOf } from '../database/connect.js';
import { migrateToLatest } from '../database/migrate.js';
import { OperationError } from './sqlite-files.js';

type Row = Record<string, unknown>;
/** The databases seen without the app's types or name mapping: tables and columns as the catalogue names them. */
type RawDb = Kysely<Record<string, Row>>;

export interface TableResult {
  table: string;
  sourceRows: number;
  targetRows: number;
  /** sha256-based, over every row's values; the same whichever engine holds them. */
  sourceChecksum: string;
  targetChecksum: string;
  ok: boolean;
}

export interface CopyReport {
  /** In the order they were copied (referenced tables first). */
  tables: TableResult[];
  /** Every table has the source's rows and checksum; the copy is committed only then. */
  ok: boolean;
  /** Migrations applied to the target before the copy (none when it was already up to date). */
  migrated: string[];
  durationMs: number;
}

export interface CopyOptions {
  /** Told once the target is migrated, with the migrations applied (none when it was up to date). */
  onMigrated?: (applied: string[]) => void | Promise<void>;
  /** Told as each table is copied and checked (operators watch a large copy progress). */
  onTable?: (result: TableResult) => void | Promise<void>;
  /** Rows read, and at most written by one INSERT, at a time (5,000). */
  batchRows?: number;
}

// Kysely keeps its migration history here; the target's own migration writes it.
const MIGRATION_TABLES = new Set(['kysely_migration', 'kysely_migration_lock']);
// Rows read at a time, and the most values one INSERT carries (SQLite allows 32,766 parameters a
// statement, PostgreSQL 65,535).
const BATCH_ROWS = 5000;
const VALUES_PER_INSERT = 20_000;

/** A database URL fit to print: a file's absolute path, a server's URL without its password. */
export function describeDatabase(url: string): string {
  if (engineOfUrl(url) === 'sqlite') return `file:${sqlitePathOf(url)}`;
  try {
    const parsed = new URL(url);
    parsed.password = '';
    return parsed.toString();
  } catch {
    return 'the PostgreSQL database given';
  }
}

/**
 * `npm run db:copy -- --from URL --to URL`: opens both databases, copies, closes them. Throws
 * OperationError with a message for the operator when the copy is refused or fails.
 */
export async function copyBetween(fromUrl: string, toUrl: string, options: CopyOptions = {}): Promise<CopyReport> {
  for (const [option, url] of [
    ['--from', fromUrl],
    ['--to', toUrl],
  ] as const) {
    if (!/^(file:.+|postgres(ql)?:\/\/.+)$/.test(url))
      throw new OperationError(
        `${option} must be a database URL: file:path/to/cartera.sqlite (SQLite) or postgres://user@host/database (PostgreSQL).`,
      );
    if (engineOfUrl(url) === 'sqlite' && sqlitePathOf(url) === ':memory:')
      throw new OperationError(`${option} is an in-memory database, which is gone when the command ends: name a file.`);
  }
  if (sameDatabase(fromUrl, toUrl))
    throw new OperationError('--from and --to name the same database: the copy goes into another, empty one.');
  if (engineOfUrl(fromUrl) === 'sqlite' && !existsSync(sqlitePathOf(fromUrl)))
    throw new OperationError(`There is no database at ${sqlitePathOf(fromUrl)} (check --from).`);

  const source = openDatabase(fromUrl, { poolSize: 2 });
  try {
    await reachable(source, 'source', fromUrl);
    // Before the target is opened, so that a refused source leaves no new target file behind.
    await checkMigrationLevel(source.withoutPlugins() as unknown as RawDb, engineOf(source), 'source');
    const target = openDatabase(toUrl, { poolSize: 2 });
    try {
      await reachable(target, 'target', toUrl);
      return await copyDatabase(source, target, options);
    } finally {
      await target.destroy();
    }
  } finally {
    await source.destroy();
  }
}

function sameDatabase(a: string, b: string): boolean {
  if (engineOfUrl(a) !== engineOfUrl(b)) return false;
  if (engineOfUrl(a) === 'sqlite') return sqlitePathOf(a) === sqlitePathOf(b);
  try {
    const [x, y] = [new URL(a), new URL(b)];
    return x.hostname === y.hostname && (x.port || '5432') === (y.port || '5432') && x.pathname === y.pathname;
  } catch {
    return a === b;
  }
}

async function reachable(db: Db, role: 'source' | 'target', url: string): Promise<void> {
  try {
    await sql`select 1`.execute(db);
  } catch (error) {
    const where = describeDatabase(url);
    if ((error as { code?: unknown }).code === '3D000')
      throw new OperationError(
        `The ${role} database ${where} does not exist on that server.` +
          (role === 'target' ? ' Create it first (e.g. createdb -O cartera cartera), empty, then copy again.' : ''),
      );
    throw new OperationError(`Could not open the ${role} database ${where}: ${(error as Error).message}`);
  }
}

/** Copies every table of `source` into `target` (migrated first, and refused unless empty), verified. */
export async function copyDatabase(sourceDb: Db, targetDb: Db, options: CopyOptions = {}): Promise<CopyReport> {
  const started = Date.now();
  const batchRows = options.batchRows ?? BATCH_ROWS;
  const source = sourceDb.withoutPlugins() as unknown as RawDb;
  const target = targetDb.withoutPlugins() as unknown as RawDb;
  const sourceEngine = engineOf(sourceDb);
  const targetEngine = engineOf(targetDb);

  await checkMigrationLevel(source, sourceEngine, 'source');
  await checkMigrationLevel(target, targetEngine, 'target');
  const seeded = await rowsMigrationsWrite();
  // Checked before migrating too, so that a database in use is refused before anything touches it.
  await refuseUnlessEmpty(target, targetEngine, seeded);
  const migrated = await migrateToLatest(targetDb);
  await options.onMigrated?.(migrated);

  const sourceTables = await readSchema(source, sourceEngine);
  const targetTables = await readSchema(target, targetEngine);
  compareSchemas(sourceTables, targetTables);
  const order = copyOrder(targetTables);

  const reading =
    sourceEngine === 'postgres'
      ? source.startTransaction().setIsolationLevel('repeatable read').setAccessMode('read only')
      : source.startTransaction();
  const from = await reading.execute();
  const to = await target.startTransaction().execute();
  let committed = false;
  try {
    await refuseUnlessEmpty(to, targetEngine, seeded);
    // What the migrations wrote (territories, sectors, methodologies, targets) gives way to the source's.
    for (const table of [...order].reverse()) if (seeded.has(table.name)) await to.deleteFrom(table.name).execute();

    const results: TableResult[] = [];
    for (const table of order) {
      const columns = sourceTables.get(table.name)?.columns ?? [];
      let copied: Digest;
      try {
        // The table's own indexes are built once from all its rows rather than kept up to date row
        // by row: on a million response events that halves the copy. (Indexes behind keys and
        // unique constraints stay; a unique index rebuilt on duplicate values fails the copy.)
        const indexes = await secondaryIndexes(to, targetEngine, table.name);
        for (const index of indexes) await sql`drop index ${sql.id(index.name)}`.execute(to);
        copied = await copyTable(from, sourceEngine, to, table, columns, batchRows);
        for (const index of indexes) await sql.raw(index.definition).execute(to);
      } catch (error) {
        throw rolledBack(`Copying ${table.name} failed`, error);
      }
      const held = await digestTable(to, targetEngine, table, columns, batchRows);
      const result = {
        table: table.name,
        sourceRows: copied.rows,
        targetRows: held.rows,
        sourceChecksum: copied.hex(),
        targetChecksum: held.hex(),
        ok: copied.rows === held.rows && copied.hex() === held.hex(),
      };
      results.push(result);
      await options.onTable?.(result);
    }
    if (targetEngine === 'postgres') await advanceIdentities(to, order);

    const ok = results.every((result) => result.ok);
    if (ok) {
      try {
        await to.commit().execute();
      } catch (error) {
        throw new OperationError(
          `The target did not confirm the commit (${(error as Error).message}). Run the same command again: it copies if the target is still empty, and refuses it if the copy was committed after all.`,
          { cause: error },
        );
      }
      committed = true;
    }
    return { tables: results, ok, migrated, durationMs: Date.now() - started };
  } catch (error) {
    if (error instanceof OperationError) throw error;
    throw rolledBack('The copy failed', error);
  } finally {
    // A rollback fails only when the connection is gone, and a server discards the unfinished
    // transaction of a lost connection: the error worth reporting is the one that got us here.
    if (!committed)
      await to
        .rollback()
        .execute()
        .catch(() => undefined);
    await from
      .rollback()
      .execute()
      .catch(() => undefined);
  }
}

function rolledBack(what: string, error: unknown): OperationError {
  // PostgreSQL puts the offending value in `detail` (e.g. "Key (partner_id)=(7) is not present…").
  const detail = (error as { detail?: unknown }).detail;
  const reason = `${(error as Error).message}${typeof detail === 'string' ? ` (${detail})` : ''}`;
  return new OperationError(
    `${what}: ${reason}\nThe copy was rolled back: the target holds nothing from the source. Fix the cause and run the same command again.`,
    { cause: error },
  );
}

// ---------------------------------------------------------------------------------------------
// Refusals: migration level and emptiness

async function appliedMigrations(db: RawDb, engine: Engine): Promise<string[] | null> {
  if (!(await tableNames(db, engine, true)).includes('kysely_migration')) return null;
  const rows = await db.selectFrom('kysely_migration').select('name').orderBy('name').execute();
  return rows.map((row) => String(row.name));
}

async function checkMigrationLevel(db: RawDb, engine: Engine, role: 'source' | 'target'): Promise<void> {
  const known = Object.keys(migrations);
  const applied = await appliedMigrations(db, engine);
  const unknown = (applied ?? []).filter((name) => !known.includes(name));
  if (unknown.length > 0)
    throw new OperationError(
      `The ${role} database was migrated by a newer version of Cartera Ágil (migrations this version does not know: ${unknown.join(', ')}). Copy with that version.`,
    );
  if (role === 'target') return;
  if (applied === null)
    throw new OperationError(
      'The source database has no Cartera Ágil tables (no kysely_migration table): check --from.',
    );
  const pending = known.filter((name) => !applied.includes(name));
  if (pending.length > 0)
    throw new OperationError(
      `The source database is at an earlier migration level than this version of Cartera Ágil (${pending.length} pending: ${pending.join(', ')}); the copy needs both at the same level. Bring the source up to date first — DATABASE_URL=<the --from URL> npm run db:migrate — then copy again.`,
    );
}

/** Rows per table that the migrations themselves write into a new database (found by migrating one). */
async function rowsMigrationsWrite(): Promise<Map<string, number>> {
  const scratch = openDatabase('file::memory:');
  try {
    await migrateToLatest(scratch);
    const raw = scratch.withoutPlugins() as unknown as RawDb;
    const counts = await rowCounts(raw, 'sqlite');
    return new Map([...counts].filter(([, rows]) => rows > 0));
  } finally {
    await scratch.destroy();
  }
}

/**
 * A target is empty when no table holds more rows than the migrations write into a new database
 * (only reference data: territories, sectors, methodologies, portfolio targets). The copy replaces
 * those; anything else — partners, users, audit events, settings — belongs to someone and is refused.
 */
async function refuseUnlessEmpty(db: RawDb, engine: Engine, seeded: Map<string, number>): Promise<void> {
  const inTheWay = [...(await rowCounts(db, engine))].filter(([table, rows]) => rows > (seeded.get(table) ?? 0));
  if (inTheWay.length === 0) return;
  const listed = inTheWay.map(([table, rows]) => `${table} (${rows} ${rows === 1 ? 'row' : 'rows'})`).join(', ');
  throw new OperationError(
    `The target database is not empty: ${listed}. db:copy only fills a new, empty database, so that nothing already there is overwritten or mixed with the copy. ` +
      'Create a new database (or name a file that does not exist yet) and copy again. Do not start the app on it before the copy: a first start loads the demo portfolio and creates an administrator.',
  );
}

async function rowCounts(db: RawDb, engine: Engine): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const table of await tableNames(db, engine)) {
    const row = await db
      .selectFrom(table)
      .select(sql<number>`count(*)`.as('n'))
      .executeTakeFirstOrThrow();
    counts.set(table, row.n);
  }
  return counts;
}

// ---------------------------------------------------------------------------------------------
// The catalogue: tables, columns, keys

interface TableShape {
  name: string;
  columns: string[];
  nullable: Set<string>;
  /** Empty for a table without one (its rows are then read in no particular order). */
  primaryKey: string[];
  /** Foreign keys, one entry per constraint. */
  references: { columns: string[]; table: string; to: string[] }[];
  /** Columns whose values a PostgreSQL sequence generates. */
  identity: string[];
}

async function tableNames(db: RawDb, engine: Engine, withMigrationTables = false): Promise<string[]> {
  const names =
    engine === 'sqlite'
      ? await sql<{
          name: string;
        }>`select name from sqlite_master where type = 'table' and name not like 'sqlite\\_%' escape '\\' order by name`.execute(
          db,
        )
      : await sql<{
          name: string;
        }>`select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`.execute(
          db,
        );
  return names.rows.map((row) => row.name).filter((name) => withMigrationTables || !MIGRATION_TABLES.has(name));
}

async function readSchema(db: RawDb, engine: Engine): Promise<Map<string, TableShape>> {
  const tables = new Map<string, TableShape>();
  for (const name of await tableNames(db, engine))
    tables.set(name, { name, columns: [], nullable: new Set(), primaryKey: [], references: [], identity: [] });
  const shape = (name: string) => tables.get(name);

  if (engine === 'sqlite') {
    for (const table of tables.values()) {
      const columns = await sql<{
        name: string;
        notnull: number;
        pk: number;
      }>`select name, "notnull", pk from pragma_table_info(${table.name}) order by cid`.execute(db);
      for (const column of columns.rows) {
        table.columns.push(column.name);
        if (column.notnull === 0 && column.pk === 0) table.nullable.add(column.name);
      }
      table.primaryKey = columns.rows
        .filter((column) => column.pk > 0)
        .sort((a, b) => a.pk - b.pk)
        .map((column) => column.name);
    }
    // After every table's key is known: a reference that names no column points at the referenced key.
    for (const table of tables.values()) {
      const keys = await sql<{
        id: number;
        table: string;
        from: string;
        to: string | null;
      }>`select id, "table", "from", "to" from pragma_foreign_key_list(${table.name}) order by id, seq`.execute(db);
      const byConstraint = new Map<number, TableShape['references'][number]>();
      for (const key of keys.rows) {
        const to = key.to ?? shape(key.table)?.primaryKey[0] ?? 'id';
        const reference = byConstraint.get(key.id);
        if (reference) {
          reference.columns.push(key.from);
          reference.to.push(to);
        } else byConstraint.set(key.id, { columns: [key.from], table: key.table, to: [to] });
      }
      table.references = [...byConstraint.values()];
    }
    return tables;
  }

  const columns = await sql<{
    table: string;
    column: string;
    nullable: string;
    identity: string;
  }>`select table_name as "table", column_name as "column", is_nullable as nullable, is_identity as identity
       from information_schema.columns where table_schema = current_schema()
       order by table_name, ordinal_position`.execute(db);
  for (const column of columns.rows) {
    const table = shape(column.table);
    if (!table) continue;
    table.columns.push(column.column);
    if (column.nullable === 'YES') table.nullable.add(column.column);
    if (column.identity === 'YES') table.identity.push(column.column);
  }
  const keys = await sql<{
    table: string;
    column: string;
  }>`select c.table_name as "table", k.column_name as "column"
       from information_schema.table_constraints c
       join information_schema.key_column_usage k
         on k.constraint_schema = c.constraint_schema and k.constraint_name = c.constraint_name
      where c.constraint_type = 'PRIMARY KEY' and c.table_schema = current_schema()
      order by c.table_name, k.ordinal_position`.execute(db);
  for (const key of keys.rows) shape(key.table)?.primaryKey.push(key.column);
  const references = await sql<{
    constraint: string;
    table: string;
    column: string;
    referenced: string;
    to: string;
  }>`select c.conname as "constraint", t.relname as "table", a.attname as "column",
            r.relname as referenced, ra.attname as "to"
       from pg_constraint c
       join pg_class t on t.oid = c.conrelid
       join pg_namespace n on n.oid = t.relnamespace
       join pg_class r on r.oid = c.confrelid
       cross join lateral unnest(c.conkey, c.confkey) with ordinality as k(attnum, refnum, position)
       join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.attnum
       join pg_attribute ra on ra.attrelid = c.confrelid and ra.attnum = k.refnum
      where c.contype = 'f' and n.nspname = current_schema()
      order by t.relname, c.conname, k.position`.execute(db);
  let previous = '';
  for (const key of references.rows) {
    const table = shape(key.table);
    if (!table) continue;
    const last = table.references.at(-1);
    if (last && previous === `${key.table}.${key.constraint}`) {
      last.columns.push(key.column);
      last.to.push(key.to);
    } else table.references.push({ columns: [key.column], table: key.referenced, to: [key.to] });
    previous = `${key.table}.${key.constraint}`;
  }
  return tables;
}

/** A table's indexes that no key or constraint owns, with the statement that creates each. */
async function secondaryIndexes(
  db: RawDb,
  engine: Engine,
  table: string,
): Promise<{ name: string; definition: string }[]> {
  const found =
    engine === 'sqlite'
      ? // SQLite's own indexes for keys and UNIQUE constraints have no SQL text.
        await sql<{
          name: string;
          definition: string;
        }>`select name, sql as definition from sqlite_master where type = 'index' and tbl_name = ${table} and sql is not null order by name`.execute(
          db,
        )
      : await sql<{ name: string; definition: string }>`select i.indexname as name, i.indexdef as definition
           from pg_indexes i
          where i.schemaname = current_schema() and i.tablename = ${table}
            and not exists (select 1 from pg_constraint c where c.conname = i.indexname and c.connamespace = (select oid from pg_namespace where nspname = current_schema()))
          order by i.indexname`.execute(db);
  return found.rows;
}

/** Both databases must have the same tables and columns (they are at the same migration level). */
function compareSchemas(source: Map<string, TableShape>, target: Map<string, TableShape>): void {
  const differences: string[] = [];
  for (const [name, table] of source) {
    const other = target.get(name);
    if (!other) {
      differences.push(`table ${name} is only in the source`);
      continue;
    }
    for (const column of table.columns)
      if (!other.columns.includes(column)) differences.push(`${name}.${column} is only in the source`);
    for (const column of other.columns)
      if (!table.columns.includes(column)) differences.push(`${name}.${column} is only in the target`);
  }
  for (const name of target.keys()) if (!source.has(name)) differences.push(`table ${name} is only in the target`);
  if (differences.length > 0)
    throw new OperationError(
      `The two databases are at the same migration level but their tables differ: ${differences.join('; ')}. Nothing was copied; a database changed by hand cannot be copied this way.`,
    );
}

/** Referenced tables before the tables that reference them (ties in name order). */
function copyOrder(tables: Map<string, TableShape>): TableShape[] {
  const order: TableShape[] = [];
  const placed = new Set<string>();
  const remaining = [...tables.values()].sort((a, b) => a.name.localeCompare(b.name));
  while (remaining.length > 0) {
    const index = remaining.findIndex((table) =>
      table.references.every((key) => key.table === table.name || placed.has(key.table) || !tables.has(key.table)),
    );
    if (index < 0)
      throw new OperationError(
        `The tables ${remaining.map((table) => table.name).join(', ')} reference each other in a cycle; no order copies them.`,
      );
    const [next] = remaining.splice(index, 1);
    if (!next) break;
    order.push(next);
    placed.add(next.name);
  }
  return order;
}

// ---------------------------------------------------------------------------------------------
// Reading, writing and checking

/** The table's rows in batches: SQLite streams one statement, PostgreSQL reads through a cursor. */
async function* readBatches(
  db: RawDb,
  engine: Engine,
  table: TableShape,
  columns: string[],
  batchRows: number,
): AsyncGenerator<Row[]> {
  let query = db.selectFrom(table.name).select(columns);
  for (const column of table.primaryKey) query = query.orderBy(column);
  if (engine === 'sqlite') {
    let batch: Row[] = [];
    for await (const row of query.stream()) {
      batch.push(row);
      if (batch.length === batchRows) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
    return;
  }
  const cursor = sql.id(`db_copy_${table.name}`);
  await sql`declare ${cursor} no scroll cursor for ${query}`.execute(db);
  for (;;) {
    const { rows } = await sql<Row>`fetch forward ${sql.raw(String(batchRows))} from ${cursor}`.execute(db);
    if (rows.length > 0) yield rows;
    if (rows.length < batchRows) break;
  }
  await sql`close ${cursor}`.execute(db);
}

/** A row's values in a form both engines give alike (numbers, text, null), one string per column. */
function canonical(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number') return `n${Object.is(value, -0) ? '0' : String(value)}`;
  if (typeof value === 'bigint') return `n${value.toString()}`;
  if (typeof value === 'boolean') return value ? 'n1' : 'n0';
  if (typeof value === 'string') return `s${value}`;
  if (value instanceof Uint8Array) return `b${Buffer.from(value).toString('hex')}`;
  throw new Error(`a value of an unexpected type (${Object.prototype.toString.call(value)})`);
}

/**
 * Rows and checksum of a table. The checksum is the sum (mod 2^256) of each row's sha256, so it does
 * not depend on the order rows come in: the engines sort text differently (collations), and a table
 * without a primary key has no order at all. Summing, not XOR-ing, keeps two identical rows from
 * cancelling out.
 */
class Digest {
  rows = 0;
  private sum = 0n;

  constructor(private readonly columns: string[]) {}

  add(row: Row): void {
    const values = JSON.stringify(this.columns.map((column) => canonical(row[column])));
    this.sum = BigInt.asUintN(256, this.sum + BigInt(`0x${createHash('sha256').update(values).digest('hex')}`));
    this.rows++;
  }

  hex(): string {
    return this.sum.toString(16).padStart(64, '0');
  }
}

async function digestTable(
  db: RawDb,
  engine: Engine,
  table: TableShape,
  columns: string[],
  batchRows: number,
): Promise<Digest> {
  const digest = new Digest(columns);
  for await (const batch of readBatches(db, engine, table, columns, batchRows))
    for (const row of batch) digest.add(row);
  return digest;
}

/**
 * Copies one table's rows, ids as they are. A row pointing at a later row of its own table (a sector
 * made a sub-sector of a newer one; PostgreSQL checks each statement) is written without that
 * reference, which is set once the table is complete.
 */
async function copyTable(
  from: RawDb,
  sourceEngine: Engine,
  to: RawDb,
  table: TableShape,
  columns: string[],
  batchRows: number,
): Promise<Digest> {
  const digest = new Digest(columns);
  const selfReferences = table.references.filter(
    (key) =>
      key.table === table.name &&
      key.columns.length === 1 &&
      table.primaryKey.length > 0 &&
      key.columns.every((column) => table.nullable.has(column)),
  );
  const written = selfReferences.map(() => new Set<unknown>());
  const later: { key: Row; column: string; value: unknown }[] = [];
  const perInsert = Math.max(1, Math.min(batchRows, Math.floor(VALUES_PER_INSERT / columns.length)));
  for await (const batch of readBatches(from, sourceEngine, table, columns, batchRows)) {
    const rows = batch.map((row) => {
      digest.add(row);
      let copy = row;
      selfReferences.forEach((key, i) => {
        const [column = '', referenced = ''] = [key.columns[0], key.to[0]];
        written[i]?.add(row[referenced]);
        const value = row[column];
        if (value !== null && value !== undefined && !written[i]?.has(value)) {
          copy = { ...copy, [column]: null };
          later.push({ key: Object.fromEntries(table.primaryKey.map((k) => [k, row[k]])), column, value });
        }
      });
      return copy;
    });
    for (let start = 0; start < rows.length; start += perInsert)
      await to
        .insertInto(table.name)
        .values(rows.slice(start, start + perInsert))
        .execute();
  }
  for (const { key, column, value } of later) {
    let update = to.updateTable(table.name).set({ [column]: value });
    for (const [name, keyValue] of Object.entries(key)) update = update.where(name, '=', keyValue);
    await update.execute();
  }
  return digest;
}

/** Sets each identity column's sequence to the table's highest value, so new rows get fresh ids. */
async function advanceIdentities(db: RawDb, tables: TableShape[]): Promise<void> {
  for (const table of tables)
    for (const column of table.identity) {
      const highest: RawBuilder<unknown> = sql`(select max(${sql.ref(column)}) from ${sql.table(table.name)})`;
      await sql`select setval(pg_get_serial_sequence(quote_ident(${table.name}), ${column}), coalesce(${highest}, 1), ${highest} is not null)`.execute(
        db,
      );
    }
}
