// Signing in and out. Failures never reveal whether an email has an account.
import { userActor } from '../audit/actor.js';
import { recordAudit } from '../audit/repository.js';
import type { Db } from '../database/connect.js';
import { findCredentials, updateUser } from '../users/repository.js';
import type { User } from '../users/user.js';
import { verifyAgainstDecoy, verifyPassword } from './passwords.js';
import { endSession, startSession } from './sessions.js';
import {
  ACCOUNT_FAILURE_LIMIT,
  ADDRESS_FAILURE_LIMIT,
  accountKey,
  addressKey,
  clearFailures,
  lockedUntil,
  recordFailure,
} from './throttle.js';

export type SignInResult =
  { outcome: 'signed_in'; user: User; token: string } | { outcome: 'failed' } | { outcome: 'locked'; until: Date };

/** Who a failed attempt claimed to be: an email as typed, but never whatever else was typed there (a password). */
function attemptLabel(email: string): string {
  const typed = email.trim().toLowerCase();
  return /^[^\s@]{1,64}@[^\s@]{1,189}\.[^\s@]{2,}$/.test(typed) ? typed : '(not an email address)';
}

export async function signIn(
  db: Db,
  attempt: { email: string; password: string; ip: string; previousSessionId: string | null },
): Promise<SignInResult> {
  const account = accountKey(attempt.email);
  const address = addressKey(attempt.ip);
  const keys = [account, address];
  const locked = await lockedUntil(db, keys);
  if (locked) return { outcome: 'locked', until: locked };

  const credentials = await findCredentials(db, attempt.email);
  const valid = credentials
    ? credentials.user.active && (await verifyPassword(credentials.passwordHash, attempt.password))
    : await verifyAgainstDecoy(attempt.password);

  return db.transaction().execute(async (trx): Promise<SignInResult> => {
    if (!valid || !credentials) {
      await recordFailure(trx, account, ACCOUNT_FAILURE_LIMIT);
      await recordFailure(trx, address, ADDRESS_FAILURE_LIMIT);
      await recordAudit(
        trx,
        { userId: null, tokenId: null, label: attemptLabel(attempt.email) },
        {
          action: 'sign_in_failed',
          entity: 'user',
          entityId: credentials?.user.id ?? null,
          details: { ip: attempt.ip },
        },
      );
      const nowLocked = await lockedUntil(trx, keys);
      return nowLocked ? { outcome: 'locked', until: nowLocked } : { outcome: 'failed' };
    }
    // A new session id at every sign-in: a session planted before it (fixation) is worthless.
    if (attempt.previousSessionId) await endSession(trx, attempt.previousSessionId);
    await clearFailures(trx, account);
    const { token } = await startSession(trx, credentials.user.id);
    await updateUser(trx, credentials.user.id, { lastSignInAt: new Date().toISOString() });
    await recordAudit(trx, userActor(credentials.user), {
      action: 'sign_in',
      entity: 'user',
      entityId: credentials.user.id,
      details: { ip: attempt.ip },
    });
    return { outcome: 'signed_in', user: credentials.user, token };
  });
}

export async function signOut(db: Db, session: { id: string; user: User }): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await endSession(trx, session.id);
    await recordAudit(trx, userActor(session.user), { action: 'sign_out', entity: 'user', entityId: session.user.id });
  });
}
