// Frozen in time: this migration never imports app code. Several instances over one database
// (issue 16): what one process used to keep for itself now lives in the database, so that any
// instance can serve any request — API request counts per caller and minute, the uploaded files
// import previews read again, and the period each scheduled job last ran for.
import type { Kysely } from 'kysely';
import { binary } from './engine.js';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('api_rate_counts')
    .addColumn('caller', 'text', (c) => c.notNull())
    .addColumn('window_start', 'text', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('api_rate_counts_pk', ['caller', 'window_start'])
    .execute();
  await db.schema.createIndex('api_rate_counts_window_idx').on('api_rate_counts').column('window_start').execute();

  await db.schema
    .createTable('import_files')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('content', binary(db), (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('scheduled_runs')
    .addColumn('job', 'text', (c) => c.primaryKey())
    .addColumn('period_start', 'text', (c) => c.notNull())
    .addColumn('last_run_at', 'text', (c) => c.notNull())
    .addColumn('runs', 'integer', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('scheduled_runs').execute();
  await db.schema.dropTable('import_files').execute();
  await db.schema.dropIndex('api_rate_counts_window_idx').execute();
  await db.schema.dropTable('api_rate_counts').execute();
}
