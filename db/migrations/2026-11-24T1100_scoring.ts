// Frozen in time: this migration never imports app code. The default methodology below is
// PRODUCT.md's "BPI_GN default", version 1.
import type { Kysely } from 'kysely';
import { identity, double } from './engine.js';

const BPI_GN_DEFAULT = {
  sizeBands: { smallMin: 10, mediumMin: 50, largeMin: 200 },
  sizeScores: { micro: 100, small: 80, medium: 30, large: 0 },
  smallClasses: ['micro', 'small'],
  response: { bestHours: 24, worstHours: 336, windowDays: 365, minEvents: 3 },
  adminSteps: { best: 2, worst: 10 },
  quality: { windowDays: 730 },
  agilityWeights: { response: 0.6, adminSteps: 0.4 },
  weights: { size: 0.3, response: 0.3, adminSteps: 0.2, quality: 0.2 },
  agileThreshold: 60,
  recommendation: { minCompleteness: 0.6, keepPriorityMin: 70, keepMin: 50 },
};

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('methodologies')
    .addColumn('id', 'integer', identity(db))
    .addColumn('version', 'integer', (c) => c.notNull().unique())
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('status', 'varchar(20)', (c) => c.notNull())
    .addColumn('parameters', 'text', (c) => c.notNull())
    .addColumn('rationale', 'text')
    .addColumn('created_by', 'varchar(300)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('activated_by', 'varchar(300)')
    .addColumn('activated_at', 'varchar(30)')
    .execute();
  const now = new Date().toISOString();
  await db
    .insertInto('methodologies')
    .values({
      version: 1,
      name: 'BPI_GN default',
      status: 'active',
      parameters: JSON.stringify(BPI_GN_DEFAULT),
      rationale: 'PRODUCT.md default scoring methodology',
      created_by: 'system',
      created_at: now,
      activated_by: 'system',
      activated_at: now,
    })
    .execute();

  await db.schema
    .createTable('response_events')
    .addColumn('id', 'integer', identity(db))
    .addColumn('partner_id', 'integer', (c) => c.notNull().references('partners.id'))
    .addColumn('territory_id', 'integer', (c) => c.notNull().references('territories.id'))
    .addColumn('assistance_type_id', 'integer', (c) => c.notNull().references('assistance_types.id'))
    .addColumn('requested_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('first_assistance_at', 'varchar(30)')
    .addColumn('response_hours', double(db))
    .addColumn('people_assisted', 'integer')
    .addColumn('notes', 'text')
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('response_events_partner_idx')
    .on('response_events')
    .columns(['partner_id', 'requested_at'])
    .execute();
  await db.schema
    .createIndex('response_events_requested_idx')
    .on('response_events')
    .columns(['requested_at'])
    .execute();
  await db.schema
    .createIndex('response_events_territory_idx')
    .on('response_events')
    .columns(['territory_id', 'requested_at'])
    .execute();
  await db.schema
    .createIndex('response_events_type_idx')
    .on('response_events')
    .columns(['assistance_type_id', 'requested_at'])
    .execute();

  await db.schema
    .createTable('performance_reviews')
    .addColumn('id', 'integer', identity(db))
    .addColumn('partner_id', 'integer', (c) => c.notNull().references('partners.id'))
    .addColumn('period_start', 'varchar(10)', (c) => c.notNull())
    .addColumn('period_end', 'varchar(10)', (c) => c.notNull())
    .addColumn('rating', 'integer', (c) => c.notNull())
    .addColumn('notes', 'text')
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('performance_reviews_partner_idx')
    .on('performance_reviews')
    .columns(['partner_id', 'period_end'])
    .execute();

  await db.schema
    .createTable('flags')
    .addColumn('id', 'integer', identity(db))
    .addColumn('partner_id', 'integer', (c) => c.notNull().references('partners.id'))
    .addColumn('level', 'varchar(20)', (c) => c.notNull())
    .addColumn('category', 'varchar(40)', (c) => c.notNull())
    .addColumn('comment', 'text', (c) => c.notNull())
    .addColumn('status', 'varchar(20)', (c) => c.notNull())
    .addColumn('resolution', 'text')
    .addColumn('raised_by', 'varchar(300)', (c) => c.notNull())
    .addColumn('raised_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('resolved_by', 'varchar(300)')
    .addColumn('resolved_at', 'varchar(30)')
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('flags_partner_idx').on('flags').columns(['partner_id', 'status']).execute();

  // Each partner's score under the active methodology; ranks and sensitivity are derived on read.
  await db.schema
    .createTable('partner_scores')
    .addColumn('partner_id', 'integer', (c) => c.primaryKey().references('partners.id').onDelete('cascade'))
    .addColumn('methodology_version', 'integer', (c) => c.notNull())
    .addColumn('scored_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('size_class', 'varchar(10)', (c) => c.notNull())
    .addColumn('is_small', 'integer', (c) => c.notNull())
    .addColumn('size_score', double(db))
    .addColumn('response_score', double(db))
    .addColumn('response_raw', double(db))
    .addColumn('response_source', 'varchar(10)')
    .addColumn('admin_steps_score', double(db))
    .addColumn('quality_score', double(db))
    .addColumn('components', 'text', (c) => c.notNull())
    .addColumn('agility', double(db))
    .addColumn('overall', double(db))
    .addColumn('completeness', double(db), (c) => c.notNull())
    .addColumn('recommendation', 'varchar(20)', (c) => c.notNull())
    .addColumn('is_small_agile', 'integer', (c) => c.notNull())
    .addColumn('open_red_flag', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('partner_scores_overall_idx')
    .on('partner_scores')
    .columns(['overall', 'partner_id'])
    .execute();
  await db.schema
    .createIndex('partner_scores_recommendation_idx')
    .on('partner_scores')
    .columns(['recommendation', 'overall'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['partner_scores', 'flags', 'performance_reviews', 'response_events', 'methodologies']) {
    await db.schema.dropTable(table).execute();
  }
}
