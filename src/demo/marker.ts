import type { Kysely } from 'kysely';
import type { Database } from '../database/schema.js';

const DEMO_KEY = 'demo_data';

/** Whether the demo portfolio was loaded into this database (the UI says so while it is). */
export async function isDemoDataLoaded(db: Kysely<Database>): Promise<boolean> {
  const row = await db.selectFrom('appSettings').select('value').where('key', '=', DEMO_KEY).executeTakeFirst();
  return row?.value === 'loaded';
}

export async function markDemoDataLoaded(db: Kysely<Database>): Promise<void> {
  await db.deleteFrom('appSettings').where('key', '=', DEMO_KEY).execute();
  await db.insertInto('appSettings').values({ key: DEMO_KEY, value: 'loaded' }).execute();
}
