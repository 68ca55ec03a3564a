// Frozen in time: this migration never imports app code. Spreadsheet imports (issue 7): each
// upload and its outcome, the records a committed import created or updated, remembered column
// mappings, and a stable row key on events and reviews so re-importing a file creates nothing twice.
import type { Kysely } from 'kysely';
import { identity } from './engine.js';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('imports')
    .addColumn('id', 'integer', identity(db))
    .addColumn('type', 'varchar(20)', (c) => c.notNull())
    .addColumn('file_name', 'varchar(300)', (c) => c.notNull())
    .addColumn('format', 'varchar(10)', (c) => c.notNull())
    .addColumn('sheet', 'varchar(100)')
    .addColumn('encoding', 'varchar(20)')
    .addColumn('delimiter', 'varchar(5)')
    .addColumn('status', 'varchar(20)', (c) => c.notNull())
    .addColumn('headers', 'text', (c) => c.notNull())
    .addColumn('mapping', 'text', (c) => c.notNull())
    .addColumn('total_rows', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('unchanged_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rejected_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('warning_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('issues', 'text', (c) => c.notNull())
    .addColumn('stored_file', 'varchar(500)')
    .addColumn('user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('actor_label', 'varchar(300)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('committed_at', 'varchar(30)')
    .execute();
  await db.schema.createIndex('imports_created_idx').on('imports').columns(['created_at']).execute();

  await db.schema
    .createTable('import_records')
    .addColumn('import_id', 'integer', (c) => c.notNull().references('imports.id'))
    .addColumn('entity', 'varchar(30)', (c) => c.notNull())
    .addColumn('entity_id', 'integer', (c) => c.notNull())
    .addColumn('action', 'varchar(20)', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('import_records_import_idx')
    .on('import_records')
    .columns(['import_id', 'action', 'entity_id'])
    .execute();

  await db.schema
    .createTable('import_mappings')
    .addColumn('type', 'varchar(20)', (c) => c.notNull())
    .addColumn('signature', 'varchar(2000)', (c) => c.notNull())
    .addColumn('mapping', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .addPrimaryKeyConstraint('import_mappings_pk', ['type', 'signature'])
    .execute();

  for (const table of ['response_events', 'performance_reviews']) {
    await db.schema.alterTable(table).addColumn('import_key', 'varchar(200)').execute();
    // Unique per partner; NULLs (records typed in by hand) never collide. Leading with the key
    // lets an import look a batch of keys up at once.
    await db.schema
      .createIndex(`${table}_import_key_idx`)
      .on(table)
      .columns(['import_key', 'partner_id'])
      .unique()
      .execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['response_events', 'performance_reviews']) {
    await db.schema.dropIndex(`${table}_import_key_idx`).execute();
    await db.schema.alterTable(table).dropColumn('import_key').execute();
  }
  await db.schema.dropTable('import_mappings').execute();
  await db.schema.dropTable('import_records').execute();
  await db.schema.dropTable('imports').execute();
}
