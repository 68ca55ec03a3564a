// Server-side sessions stored through Kysely, so several app instances can share them.
import { USER_COLUMNS, toUser } from '../users/repository.js';
import type { User } from '../users/user.js';
import { newSecret, sha256 } from './secrets.js';
import type { Executor } from '../database/executor.js';

export const IDLE_TIMEOUT_MS = 8 * 60 * 60 * 1000;
export const ABSOLUTE_TIMEOUT_MS = 24 * 60 * 60 * 1000;
// Recording activity on every request would write on every read; once a minute is precise enough.
export const TOUCH_INTERVAL_MS = 60 * 1000;

export interface ActiveSession {
  id: string;
  csrfToken: string;
  user: User;
}

export function sessionExpired(createdAt: string, lastSeenAt: string, now: Date): boolean {
  const at = now.getTime();
  return at - Date.parse(lastSeenAt) >= IDLE_TIMEOUT_MS || at - Date.parse(createdAt) >= ABSOLUTE_TIMEOUT_MS;
}

/** Starts a session; the returned token goes in the cookie, only its hash is stored. */
export async function startSession(trx: Executor, userId: number): Promise<{ token: string; csrfToken: string }> {
  const token = newSecret();
  const csrfToken = newSecret();
  const now = new Date().toISOString();
  await trx
    .insertInto('sessions')
    .values({ id: sha256(token), userId, csrfToken, createdAt: now, lastSeenAt: now })
    .execute();
  return { token, csrfToken };
}

export async function resolveSession(db: Executor, token: string, now = new Date()): Promise<ActiveSession | null> {
  const id = sha256(token);
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.userId')
    .select(['sessions.csrfToken', 'sessions.createdAt as sessionCreatedAt', 'sessions.lastSeenAt', ...USER_COLUMNS])
    .where('sessions.id', '=', id)
    .executeTakeFirst();
  if (!row) return null;
  if (row.active !== 1 || sessionExpired(row.sessionCreatedAt, row.lastSeenAt, now)) {
    await db.deleteFrom('sessions').where('id', '=', id).execute();
    return null;
  }
  if (now.getTime() - Date.parse(row.lastSeenAt) >= TOUCH_INTERVAL_MS) {
    await db.updateTable('sessions').set({ lastSeenAt: now.toISOString() }).where('id', '=', id).execute();
  }
  return { id, csrfToken: row.csrfToken, user: toUser(row) };
}

export async function endSession(trx: Executor, sessionId: string): Promise<void> {
  await trx.deleteFrom('sessions').where('id', '=', sessionId).execute();
}

export async function endUserSessions(trx: Executor, userId: number): Promise<void> {
  await trx.deleteFrom('sessions').where('userId', '=', userId).execute();
}
