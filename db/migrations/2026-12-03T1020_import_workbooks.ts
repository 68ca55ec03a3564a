// Frozen in time: this migration never imports app code. Whole workbooks (issue 14): a workbook is an
// import of type 'workbook' (its headers the sheet names, its mapping each sheet's record type) with
// one child import per imported sheet, which points at it.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('imports')
    .addColumn('workbook_id', 'integer', (c) => c.references('imports.id'))
    .execute();
  await db.schema.createIndex('imports_workbook_idx').on('imports').columns(['workbook_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('imports_workbook_idx').execute();
  await db.schema.alterTable('imports').dropColumn('workbook_id').execute();
}
