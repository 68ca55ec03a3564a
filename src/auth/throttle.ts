// Slows password guessing: too many failures for one account or from one address lock it for a while.
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

export async function recordFailure(db: Executor, key: string, limit: number, now = new Date()): Promise<void> {
  const row = await db.selectFrom('signInThrottle').selectAll().where('key', '=', key).executeTakeFirst();
  const windowOpen = row && now.getTime() - Date.parse(row.windowStartedAt) < THROTTLE_WINDOW_MS;
  const failures = windowOpen ? row.failures + 1 : 1;
  const lock = failures >= limit ? new Date(now.getTime() + LOCK_MS).toISOString() : null;
  const values = {
    failures,
    windowStartedAt: windowOpen ? row.windowStartedAt : now.toISOString(),
    lockedUntil: lock,
  };
  if (row) await db.updateTable('signInThrottle').set(values).where('key', '=', key).execute();
  else
    await db
      .insertInto('signInThrottle')
      .values({ key, ...values })
      .execute();
}

export async function clearFailures(db: Executor, key: string): Promise<void> {
  await db.deleteFrom('signInThrottle').where('key', '=', key).execute();
}
