// Frozen in time: this migration never imports app code. Imports in the office's own words
// (issue 14): each import keeps its value mapping (what the user confirmed each unrecognized value
// means), the values it did not read exactly, and the cells corrected in the preview; confirmed
// value mappings are remembered for later files, per column (field) and list.
import type { Kysely } from 'kysely';
import { identity } from './engine.js';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('imports')
    .addColumn('value_mapping', 'text', (c) => c.notNull().defaultTo('{}'))
    .execute();
  await db.schema
    .alterTable('imports')
    .addColumn('unrecognized', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();
  await db.schema
    .alterTable('imports')
    .addColumn('cell_edits', 'text', (c) => c.notNull().defaultTo('{}'))
    .execute();

  await db.schema
    .createTable('import_value_mappings')
    .addColumn('id', 'integer', identity(db))
    .addColumn('field', 'varchar(40)', (c) => c.notNull())
    .addColumn('list', 'varchar(40)', (c) => c.notNull())
    .addColumn('value_key', 'varchar(300)', (c) => c.notNull())
    .addColumn('value', 'varchar(300)', (c) => c.notNull())
    .addColumn('code', 'varchar(40)', (c) => c.notNull())
    .addColumn('user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('actor_label', 'varchar(300)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .addUniqueConstraint('import_value_mappings_key', ['field', 'list', 'value_key'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('import_value_mappings').execute();
  for (const column of ['cell_edits', 'unrecognized', 'value_mapping'])
    await db.schema.alterTable('imports').dropColumn(column).execute();
}
