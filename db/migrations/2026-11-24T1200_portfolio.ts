// Frozen in time: this migration never imports app code.
import type { Kysely } from 'kysely';
import { identity, money, double } from './engine.js';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('agreements')
    .addColumn('id', 'integer', identity(db))
    .addColumn('partner_id', 'integer', (c) => c.notNull().references('partners.id'))
    .addColumn('code', 'varchar(60)', (c) => c.notNull().unique())
    .addColumn('title', 'varchar(300)', (c) => c.notNull())
    .addColumn('start_date', 'varchar(10)', (c) => c.notNull())
    .addColumn('end_date', 'varchar(10)', (c) => c.notNull())
    .addColumn('amount_usd', money(db), (c) => c.notNull())
    .addColumn('people_targeted', 'integer')
    .addColumn('people_reached', 'integer')
    .addColumn('status', 'varchar(20)', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('agreements_partner_idx')
    .on('agreements')
    .columns(['partner_id', 'status', 'end_date'])
    .execute();
  await db.schema
    .createIndex('agreements_status_end_idx')
    .on('agreements')
    .columns(['status', 'end_date', 'start_date'])
    .execute();
  // The rapid-response finder reads a territory's events of one assistance type.
  await db.schema
    .createIndex('response_events_place_type_idx')
    .on('response_events')
    .columns(['territory_id', 'assistance_type_id', 'requested_at'])
    .execute();
  for (const [table, column, target] of [
    ['agreement_territories', 'territory_id', 'territories'],
    ['agreement_assistance_types', 'assistance_type_id', 'assistance_types'],
  ] as const) {
    await db.schema
      .createTable(table)
      .addColumn('agreement_id', 'integer', (c) => c.notNull().references('agreements.id').onDelete('cascade'))
      .addColumn(column, 'integer', (c) => c.notNull().references(`${target}.id`))
      .addPrimaryKeyConstraint(`${table}_pk`, ['agreement_id', column])
      .execute();
    await db.schema.createIndex(`${table}_reverse_idx`).on(table).columns([column, 'agreement_id']).execute();
  }

  await db.schema
    .createTable('portfolio_targets')
    .addColumn('key', 'varchar(60)', (c) => c.primaryKey())
    .addColumn('value', double(db), (c) => c.notNull())
    .addColumn('updated_by', 'varchar(300)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  const now = new Date().toISOString();
  await db
    .insertInto('portfolio_targets')
    .values([
      { key: 'small_share_min', value: 0.4, updated_by: 'system', updated_at: now },
      { key: 'local_funding_share_min', value: 0.25, updated_by: 'system', updated_at: now },
      { key: 'small_agile_per_territory_min', value: 1, updated_by: 'system', updated_at: now },
    ])
    .execute();

  await db.schema
    .createTable('decisions')
    .addColumn('id', 'integer', identity(db))
    .addColumn('partner_id', 'integer', (c) => c.notNull().references('partners.id'))
    .addColumn('kind', 'varchar(10)', (c) => c.notNull())
    .addColumn('rationale', 'text', (c) => c.notNull())
    .addColumn('agreement_id', 'integer', (c) => c.references('agreements.id'))
    .addColumn('recommendation_at_decision', 'varchar(20)')
    .addColumn('confirmed_against_recommendation', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('decided_by', 'varchar(300)', (c) => c.notNull())
    .addColumn('decided_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('decisions_partner_idx').on('decisions').columns(['partner_id', 'decided_at']).execute();
  await db.schema.createIndex('decisions_decided_idx').on('decisions').columns(['decided_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'decisions',
    'portfolio_targets',
    'agreement_assistance_types',
    'agreement_territories',
    'agreements',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
