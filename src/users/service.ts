// Account use cases. Each change runs in one transaction with its audit record.
import type { Role } from '../auth/access.js';
import { hashPassword, verifyPassword } from '../auth/passwords.js';
import { endUserSessions } from '../auth/sessions.js';
import type { Actor } from '../audit/actor.js';
import { recordAudit } from '../audit/repository.js';
import type { Db } from '../database/connect.js';
import type { Language } from '../i18n/index.js';
import { ConflictError, NotFoundError, ValidationError } from '../shared/errors.js';
import * as users from './repository.js';
import type { NewUserInput } from './schemas.js';
import type { User } from './user.js';

/** The database handle this module's functions take; routes pass it through. */
export type { Db };

async function existing(db: Db, id: number): Promise<User> {
  const user = await users.findUserById(db, id);
  if (!user) throw new NotFoundError('user');
  return user;
}

/** An admin who is the last active one can be neither demoted nor deactivated. */
async function guardLastAdmin(db: Db, user: User): Promise<void> {
  if (user.role === 'admin' && user.active && (await users.countActiveAdmins(db)) <= 1) {
    throw new ValidationError([{ path: 'role', message: 'validation.lastAdmin' }]);
  }
}

export async function createUser(
  db: Db,
  actor: Actor,
  input: NewUserInput & { mustChangePassword: boolean; language?: Language | null },
): Promise<User> {
  const passwordHash = await hashPassword(input.password);
  return db.transaction().execute(async (trx) => {
    if (await users.findCredentials(trx, input.email)) {
      throw new ConflictError('duplicate', [{ path: 'email', message: 'validation.emailTaken' }]);
    }
    const id = await users.insertUser(trx, { ...input, passwordHash, language: input.language ?? null });
    const user = await existing(trx, id);
    await recordAudit(trx, actor, {
      action: 'create',
      entity: 'user',
      entityId: id,
      changes: {
        email: { before: null, after: user.email },
        name: { before: null, after: user.name },
        role: { before: null, after: user.role },
      },
    });
    return user;
  });
}

export async function changeRole(db: Db, actor: Actor, id: number, role: Role): Promise<User> {
  return db.transaction().execute(async (trx) => {
    const user = await existing(trx, id);
    if (user.role === role) return user;
    if (role !== 'admin') await guardLastAdmin(trx, user);
    await users.updateUser(trx, id, { role });
    await recordAudit(trx, actor, {
      action: 'role_change',
      entity: 'user',
      entityId: id,
      changes: { role: { before: user.role, after: role } },
    });
    return existing(trx, id);
  });
}

/** Deactivating ends the user's sessions and makes their tokens stop working at once. */
export async function setActive(db: Db, actor: Actor, id: number, active: boolean): Promise<User> {
  return db.transaction().execute(async (trx) => {
    const user = await existing(trx, id);
    if (user.active === active) return user;
    if (!active) {
      await guardLastAdmin(trx, user);
      await endUserSessions(trx, id);
    }
    await users.updateUser(trx, id, { active });
    await recordAudit(trx, actor, {
      action: active ? 'reactivate' : 'deactivate',
      entity: 'user',
      entityId: id,
      changes: { active: { before: user.active, after: active } },
    });
    return existing(trx, id);
  });
}

/** An admin sets a temporary password; the user must choose their own at next sign-in. */
export async function resetPassword(db: Db, actor: Actor, id: number, password: string): Promise<void> {
  const passwordHash = await hashPassword(password);
  await db.transaction().execute(async (trx) => {
    await existing(trx, id);
    await users.updateUser(trx, id, { passwordHash, mustChangePassword: true });
    await endUserSessions(trx, id);
    await recordAudit(trx, actor, { action: 'password_reset', entity: 'user', entityId: id });
  });
}

export async function changeOwnPassword(
  db: Db,
  actor: Actor,
  id: number,
  current: string,
  next: string,
): Promise<void> {
  const storedHash = await users.passwordHashOf(db, id);
  if (!storedHash || !(await verifyPassword(storedHash, current))) {
    throw new ValidationError([{ path: 'currentPassword', message: 'validation.currentPasswordWrong' }]);
  }
  if (current === next) throw new ValidationError([{ path: 'newPassword', message: 'validation.passwordUnchanged' }]);
  const passwordHash = await hashPassword(next);
  await db.transaction().execute(async (trx) => {
    await users.updateUser(trx, id, { passwordHash, mustChangePassword: false });
    await recordAudit(trx, actor, { action: 'password_change', entity: 'user', entityId: id });
  });
}

export async function setLanguage(db: Db, actor: Actor, id: number, language: Language): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const user = await existing(trx, id);
    if (user.language === language) return;
    await users.updateUser(trx, id, { language });
    await recordAudit(trx, actor, {
      action: 'update',
      entity: 'user',
      entityId: id,
      changes: { language: { before: user.language, after: language } },
    });
  });
}

export { listUsers, findUserById, countUsers } from './repository.js';

// A user keeps their own API tokens from their account page.
export { createApiToken, listTokens, revokeApiToken } from '../api-tokens/service.js';
