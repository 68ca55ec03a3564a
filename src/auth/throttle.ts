// Slows password guessing: too many failures for one account or from one address lock it for a while.
import { type SqlBool, sql } from 'kysely';
import type { Executor } from '../database/executor.js';

export const THROTTLE_WINDOW_MS = 15 * 60 * 1000;
export const LOCK_MS = 15 * 60 * 1000;
export const ACCOUNT_FAILURE_LIMIT = 5;
export const ADDRESS_FAILURE_LIMIT = 20;

export const accountKey = (email: string) => `account:${email.trim().toLowerCase()}`;
export const addressKey = (ip: string) => `address:${ip}`;

/** When the latest lock among `keys` ends, or null when none is locked. */
export async function lockedUntil(db: Executor, keys: string[], now = new Date()): Promise<Date | null> {
  const rows = await db.selectFrom('signInThrottle').select('lockedUntil').where('key', 'in', keys).execute();
  const ends = rows
    .map((row) => (row.lockedUntil ? Date.parse(row.lockedUntil) : 0))
    .filter((end) => end > now.getTime());
  return ends.length > 0 ? new Date(Math.max(...ends)) : null;
}

/**
 * Counts one failure for `key` in one statement (an upsert), so failures arriving together — on one
 * instance or several — are all counted: a window older than THROTTLE_WINDOW_MS starts again at 1,
 * and reaching `limit` locks the key for LOCK_MS.
 */
export async function recordFailure(db: Executor, key: string, limit: number, now = new Date()): Promise<void> {
  const at = now.toISOString();
  const windowFrom = new Date(now.getTime() - THROTTLE_WINDOW_MS).toISOString();
  const lock = new Date(now.getTime() + LOCK_MS).toISOString();
  // Timestamps are fixed-width ISO text, so comparing the text compares the times.
  const windowOpen = sql<SqlBool>`${sql.ref('signInThrottle.windowStartedAt')} > ${windowFrom}`;
  const failures = sql<number>`case when ${windowOpen} then ${sql.ref('signInThrottle.failures')} + 1 else 1 end`;
  await db
    .insertInto('signInThrottle')
    .values({ key, failures: 1, windowStartedAt: at, lockedUntil: limit <= 1 ? lock : null })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        failures,
        windowStartedAt: sql<string>`case when ${windowOpen} then ${sql.ref('signInThrottle.windowStartedAt')} else ${at} end`,
        lockedUntil: sql<string | null>`case when ${failures} >= ${limit} then ${lock} else null end`,
      }),
    )
    .execute();
}

export async function clearFailures(db: Executor, key: string): Promise<void> {
  await db.deleteFrom('signInThrottle').where('key', '=', key).execute();
}
