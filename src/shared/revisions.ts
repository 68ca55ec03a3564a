// Change counters kept in the database, so caches of derived figures know when to recompute,
// whichever app instance made the change.
import type { Executor, Trx } from '../database/executor.js';

/** Agreements, decisions, targets and reference data: the portfolio's balance, alerts and dashboard. */
export const PORTFOLIO_REVISION = 'portfolio_revision';
/** Response events: every figure made from them. */
export const EVENTS_REVISION = 'events_revision';
/** Stored scores: standings, ranks, alerts. */
export const SCORES_REVISION = 'scores_revision';

export type RevisionKey = typeof PORTFOLIO_REVISION | typeof EVENTS_REVISION | typeof SCORES_REVISION;

/** Marks a change in the caller's transaction, so the change and its mark commit together. */
export async function bumpRevision(trx: Trx, key: RevisionKey): Promise<void> {
  const value = `${Date.now()}-${Math.random().toString(36).slice(2, 10)}`;
  await trx
    .insertInto('appSettings')
    .values({ key, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute();
}

export async function currentRevision(db: Executor, key: RevisionKey): Promise<string> {
  const row = await db.selectFrom('appSettings').select('value').where('key', '=', key).executeTakeFirst();
  return row?.value ?? '';
}
