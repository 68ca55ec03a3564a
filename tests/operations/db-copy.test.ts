// npm run db:copy (issue 15): an office's SQLite file into a new PostgreSQL database, and a regional
// PostgreSQL database back into a laptop's SQLite file — every table, ids kept, verified, refused
// when it could lose or mix data, and safe to run again after a failure. Runs on its own throwaway
// PostgreSQL cluster under `npm test`, on the run's server under `npm run test:pg`.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Migrator, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations } from '../../db/migrations/index.js';
import { listAuditEvents } from '../../src/audit/repository.js';
import { SYSTEM_ACTOR, userActor } from '../../src/audit/actor.js';
import { type Db, engineOf, openDatabase } from '../../src/database/connect.js';
import { migrateToLatest } from '../../src/database/migrate.js';
import { loadDemoPortfolioIfEmpty } from '../../src/demo/load.js';
import { createPartner, listPartners } from '../../src/partners/service.js';
import { copyBetween } from '../../src/operations/db-copy.js';
import { saveAssistanceType } from '../../src/reference-data/service.js';
import { listScores } from '../../src/scoring/service.js';
import { findCredentials } from '../../src/users/repository.js';
import { partnerInput } from '../helpers/app.js';
import { type Cluster, databaseUrl, startCluster } from '../helpers/postgres-cluster.js';
import { postgresServer } from '../helpers/test-database.js';
import { npmRun, removeScratchFolders, scratchFolder } from './files.js';

let server = '';
let cluster: Cluster | undefined;
let admin: Db;
const created: string[] = [];
const opened: Db[] = [];

/** A new, empty PostgreSQL database, as an operator makes one with createdb. */
async function newPostgresDatabase(): Promise<string> {
  const name = `copy_${String(process.pid)}_${randomBytes(4).toString('hex')}`;
  await sql`create database ${sql.id(name)}`.execute(admin);
  created.push(name);
  return databaseUrl(server, name);
}

function open(url: string): Db {
  const db = openDatabase(url, { poolSize: 2, idleMs: 1000 });
  opened.push(db);
  return db;
}

const newFile = () => `file:${join(scratchFolder(), 'cartera.sqlite')}`;

/** What the app shows: every partner (archived too), every score with its rank, the audit trail. */
async function whatTheAppShows(db: Db) {
  const [partners, scores, audit] = await Promise.all([
    listPartners(db, { sort: 'name', status: 'all', page: 1, pageSize: 200 }),
    listScores(db, { page: 1, pageSize: 200 }),
    listAuditEvents(db, {}, { limit: 500, offset: 0 }),
  ]);
  return { partners, scores, audit };
}

/** Every index and the statement that makes it, as the engine's catalogue has them. */
async function indexesOf(db: Db) {
  const query =
    engineOf(db) === 'postgres'
      ? sql`select indexname as name, indexdef as definition from pg_indexes where schemaname = current_schema() order by indexname`
      : sql`select name, sql as definition from sqlite_master where type = 'index' order by name`;
  const { rows } = await query.execute(db);
  expect(rows.length).toBeGreaterThan(40);
  return rows;
}

async function countRows(db: Db, table: 'partners' | 'auditEvents' | 'territories' | 'users'): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return row.n;
}

// An office's database: the demo portfolio and users, a partner an officer added (audited under
// their account), values that differ between engines if handled carelessly, and a sector made a
// sub-sector of a newer one (a row pointing at a later row of its own table).
let office = '';
let officeIds: { maxPartnerId: number; educationParent: number };

beforeAll(async () => {
  const given = postgresServer();
  if (given) server = given;
  else {
    cluster = await startCluster({ maxConnections: 50 });
    server = cluster.url;
  }
  admin = openDatabase(server, { poolSize: 1, idleMs: 1000 });

  office = newFile();
  const db = openDatabase(office);
  await migrateToLatest(db);
  await loadDemoPortfolioIfEmpty(db);
  const officer = await findCredentials(db, 'oficial@demo.cartera.ec');
  if (!officer) throw new Error('the demo officer is missing');
  await createPartner(
    db,
    userActor(officer.user),
    await partnerInput(db, {
      name: 'Fundación "Ñucanchik" – Río Verde 🌱',
      annualBudgetUsd: 12345.67,
      declaredResponseHours: 0.1 + 0.2,
      notes: 'Línea 1\nLínea 2\t«comillas» y \\ barra',
    }),
  );
  const emergency = await saveAssistanceType(db, SYSTEM_ACTOR, null, {
    code: 'emergency_response',
    nameEs: 'Respuesta a emergencias',
    nameEn: 'Emergency response',
    parentId: null,
  });
  const education = await db
    .selectFrom('assistanceTypes')
    .select('id')
    .where('code', '=', 'education')
    .executeTakeFirstOrThrow();
  await saveAssistanceType(db, SYSTEM_ACTOR, education.id, {
    code: 'education',
    nameEs: 'Educación',
    nameEn: 'Education',
    parentId: emergency,
  });
  const max = await db
    .selectFrom('partners')
    .select((eb) => eb.fn.max('id').as('id'))
    .executeTakeFirstOrThrow();
  officeIds = { maxPartnerId: max.id, educationParent: emergency };
  await db.destroy();
}, 60_000);

afterAll(async () => {
  for (const db of opened.splice(0)) await db.destroy();
  for (const name of created.splice(0))
    await sql`drop database if exists ${sql.id(name)} with (force)`.execute(admin).catch(() => undefined);
  await admin.destroy();
  cluster?.stop();
  removeScratchFolders();
});

/** The app's tables in a SQLite file, read from its catalogue. */
async function appTables(url: string): Promise<string[]> {
  const db = openDatabase(url);
  try {
    const { rows } = await sql<{
      name: string;
    }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like 'kysely_%' order by name`.execute(
      db,
    );
    return rows.map((row) => row.name).sort();
  } finally {
    await db.destroy();
  }
}

describe('npm run db:copy', () => {
  let regional = '';

  it("copies an office's SQLite file into a new PostgreSQL database: every table, ids kept, verified", async () => {
    regional = await newPostgresDatabase();
    // In batches of 7 rows, so that every table spans several reads and INSERTs (the sector pointing
    // at a later one lands in an earlier statement than it).
    const report = await copyBetween(office, regional, { batchRows: 7 });

    expect(report.ok).toBe(true);
    expect(report.migrated).toEqual(Object.keys(migrations));
    const copied = Object.fromEntries(report.tables.map((t) => [t.table, t]));
    // Every table the office's file holds, and only the app's (never Kysely's migration tables).
    expect(Object.keys(copied).sort()).toEqual(await appTables(office));
    expect(Object.keys(copied)).not.toContain('kysely_migration');
    for (const table of report.tables) {
      expect(table.ok, table.table).toBe(true);
      expect(table.targetRows, table.table).toBe(table.sourceRows);
      expect(table.targetChecksum, table.table).toBe(table.sourceChecksum);
    }
    expect(copied.partners?.sourceRows).toBe(61);
    expect(copied.users?.sourceRows).toBe(4);
    expect(copied.audit_events?.sourceRows).toBeGreaterThanOrEqual(7);
    // Referenced tables come first.
    const position = (table: string) => report.tables.findIndex((t) => t.table === table);
    expect(position('partners')).toBeLessThan(position('response_events'));
    expect(position('users')).toBeLessThan(position('sessions'));

    const source = open(office);
    const target = open(regional);
    // The audit trail, ids and all, row for row.
    const trail = (db: Db) => db.selectFrom('auditEvents').selectAll().orderBy('id').execute();
    expect(await trail(target)).toEqual(await trail(source));
    // The app reads the same portfolio from both: partners, scores and ranks, the audit list.
    const [before, after] = await Promise.all([whatTheAppShows(source), whatTheAppShows(target)]);
    expect(after.partners.total).toBe(61);
    expect(after).toEqual(before);
    const tricky = after.partners.data.find((p) => p.name.includes('Ñucanchik'));
    expect(tricky).toMatchObject({ annualBudgetUsd: 12345.67, declaredResponseHours: 0.1 + 0.2 });
    expect(tricky?.notes).toBe('Línea 1\nLínea 2\t«comillas» y \\ barra');
    const education = await target
      .selectFrom('assistanceTypes')
      .select('parentId')
      .where('code', '=', 'education')
      .executeTakeFirstOrThrow();
    expect(education.parentId).toBe(officeIds.educationParent);
    // Every index is there again, as a new database has it (the copy rebuilds them after the rows).
    const fresh = open(await newPostgresDatabase());
    await migrateToLatest(fresh);
    expect(await indexesOf(target)).toEqual(await indexesOf(fresh));
  });

  it('advances the PostgreSQL sequences: a partner added after the copy gets the next id', async () => {
    const target = open(regional);
    const { partner } = await createPartner(
      target,
      SYSTEM_ACTOR,
      await partnerInput(target, { name: 'Colectivo Nuevo Amanecer' }),
    );
    expect(partner.id).toBe(officeIds.maxPartnerId + 1);
    const audit = await listAuditEvents(target, { entity: 'partner', entityId: partner.id }, { limit: 5, offset: 0 });
    expect(audit.data).toHaveLength(1);
  });

  it('refuses a target that holds data, says what is in the way, and leaves it as it was', async () => {
    const target = open(regional);
    const partnersBefore = await countRows(target, 'partners');
    await expect(copyBetween(office, regional)).rejects.toThrow(
      /The target database is not empty: .*audit_events \(\d+ rows\).*partners \(62 rows\).*users \(4 rows\)/,
    );
    expect(await countRows(target, 'partners')).toBe(partnersBefore);
  });

  it('copies a regional PostgreSQL database back to a laptop SQLite file, and to another PostgreSQL database', async () => {
    const laptop = newFile();
    const report = await copyBetween(regional, laptop);
    expect(report.ok).toBe(true);
    const source = open(regional);
    const copy = open(laptop);
    const [before, after] = await Promise.all([whatTheAppShows(source), whatTheAppShows(copy)]);
    expect(after.partners.total).toBe(62);
    expect(after).toEqual(before);
    const fresh = open('file::memory:');
    await migrateToLatest(fresh);
    expect(await indexesOf(copy)).toEqual(await indexesOf(fresh));
    // The laptop goes on numbering after the copied ids.
    const { partner } = await createPartner(copy, SYSTEM_ACTOR, await partnerInput(copy, { name: 'Red Local' }));
    expect(partner.id).toBe(officeIds.maxPartnerId + 2);

    const other = await newPostgresDatabase();
    const again = await copyBetween(regional, other);
    expect(again.ok).toBe(true);
    expect(await whatTheAppShows(open(other))).toEqual(before);
  });

  it('leaves the target empty when the connection is lost midway, and the same command then succeeds', async () => {
    const target = await newPostgresDatabase();
    const name = new URL(target).pathname.slice(1);
    await expect(
      copyBetween(office, target, {
        onTable: async ({ table }) => {
          if (table === 'partners')
            await sql`select pg_terminate_backend(pid) from pg_stat_activity where datname = ${name}`.execute(admin);
        },
      }),
    ).rejects.toThrow(
      /(The copy failed|Copying \w+ failed): .*\nThe copy was rolled back: .*run the same command again/,
    );

    const db = open(target);
    expect(await countRows(db, 'partners')).toBe(0);
    expect(await countRows(db, 'auditEvents')).toBe(0);
    expect(await countRows(db, 'territories')).toBe(10);

    const report = await copyBetween(office, target);
    expect(report.ok).toBe(true);
    expect(await countRows(db, 'partners')).toBe(61);
  });

  it('rolls back a copy that does not verify, and says which table differs', async () => {
    // A target that alters what it is given (here a trigger; in life a faulty driver or disk).
    const target = newFile();
    const db = open(target);
    await migrateToLatest(db);
    await sql`create trigger tamper after insert on partners begin update partners set notes = 'changed' where id = new.id; end`.execute(
      db,
    );
    const report = await copyBetween(office, target);
    expect(report.ok).toBe(false);
    expect(report.tables.filter((t) => !t.ok).map((t) => t.table)).toEqual(['partners']);
    const partners = report.tables.find((t) => t.table === 'partners');
    expect(partners?.targetRows).toBe(partners?.sourceRows);
    expect(partners?.targetChecksum).not.toBe(partners?.sourceChecksum);
    expect(await countRows(db, 'partners')).toBe(0);
    expect(await countRows(db, 'users')).toBe(0);
  });

  it('refuses a source at an earlier migration level and says to migrate it first', async () => {
    const older = newFile();
    const db = openDatabase(older);
    const names = Object.keys(migrations);
    const migrator = new Migrator({ db, provider: { getMigrations: () => Promise.resolve(migrations) } });
    await migrator.migrateTo(names.at(-2) ?? '');
    await db.destroy();
    const target = newFile();
    await expect(copyBetween(older, target)).rejects.toThrow(
      `The source database is at an earlier migration level than this version of Cartera Ágil (1 pending: ${names.at(-1) ?? ''})`,
    );
    await expect(copyBetween(older, target)).rejects.toThrow('DATABASE_URL=<the --from URL> npm run db:migrate');
    expect(existsSync(target.slice('file:'.length))).toBe(false);
  });

  it('refuses to copy a database onto itself or from a file that does not exist', async () => {
    await expect(copyBetween(office, office)).rejects.toThrow('--from and --to name the same database');
    const missing = newFile();
    await expect(copyBetween(missing, newFile())).rejects.toThrow(
      `There is no database at ${missing.slice('file:'.length)} (check --from).`,
    );
  });

  it('runs as an operator types it: a table of rows and checksums, exit 0; the same again is refused with exit 1', async () => {
    const target = newFile();
    const done = await npmRun('db:copy', ['--from', office, '--to', target], 'file::memory:');
    expect(done.stderr).toBe('');
    expect(done.code).toBe(0);
    expect(done.stdout).toMatch(/\ntable +rows +checksum +time\n/);
    expect(done.stdout).toMatch(/\naudit_events +\d+ +ok [0-9a-f]{12} +\d+\.\d s\n/);
    expect(done.stdout).toMatch(/\npartners +61 +ok [0-9a-f]{12} +\d+\.\d s\n/);
    expect(done.stdout).toContain(`Copied ${String((await appTables(office)).length)} tables`);
    expect(done.stdout).toContain(`Next: set DATABASE_URL=${target} and start the app (npm start).`);

    const refused = await npmRun('db:copy', ['--from', office, '--to', target], 'file::memory:');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('The target database is not empty: ');
  }, 60_000);
});
