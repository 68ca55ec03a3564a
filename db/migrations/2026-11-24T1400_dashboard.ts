// Frozen in time: this migration never imports app code. Covering indexes for the dashboard:
// a year of response events (hundreds of thousands of rows) is aggregated from the index alone,
// without reading each row, and the period's portfolio agreements likewise.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('response_events_dashboard_idx')
    .on('response_events')
    .columns(['requested_at', 'territory_id', 'assistance_type_id', 'partner_id', 'response_hours', 'people_assisted'])
    .execute();
  await db.schema
    .createIndex('agreements_portfolio_idx')
    .on('agreements')
    .columns(['status', 'start_date', 'end_date', 'partner_id', 'amount_usd'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('agreements_portfolio_idx').execute();
  await db.schema.dropIndex('response_events_dashboard_idx').execute();
}
