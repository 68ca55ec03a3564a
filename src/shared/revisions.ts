// Change counters kept in the database, so caches of derived figures know when to recompute,
// whichever app instance made the change.
import type { Kysely } from 'kysely';
import type { Database } from '../database/schema.js';

export async function bumpRevision(trx: Kysely<Database>, key: string): Promise<void> {
  const value = `${Date.now()}-${Math.random().toString(36).slice(2, 10)}`;
  await trx
    .insertInto('appSettings')
    .values({ key, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute();
}

export async function currentRevision(db: Kysely<Database>, key: string): Promise<string> {
  const row = await db.selectFrom('appSettings').select('value').where('key', '=', key).executeTakeFirst();
  return row?.value ?? '';
}
