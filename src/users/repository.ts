import type { Role } from '../auth/access.js';
import type { UserRow } from '../database/schema.js';
import type { Language } from '../i18n/index.js';
import { type User, normalizeEmail } from './user.js';
import type { Executor } from '../database/executor.js';

/** The user's columns (never the password hash), for queries that join users to something else. */
export const USER_COLUMNS = [
  'users.id',
  'users.email',
  'users.name',
  'users.role',
  'users.language',
  'users.active',
  'users.mustChangePassword',
  'users.createdAt',
  'users.updatedAt',
  'users.lastSignInAt',
] as const;

export function toUser(row: Omit<UserRow, 'passwordHash'>): User {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role as Role,
    language: row.language as Language | null,
    active: row.active === 1,
    mustChangePassword: row.mustChangePassword === 1,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    lastSignInAt: row.lastSignInAt,
  };
}

export async function findUserById(db: Executor, id: number): Promise<User | undefined> {
  const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toUser(row) : undefined;
}

/** The user and their password hash, for signing in. */
export async function findCredentials(db: Executor, email: string) {
  const row = await db.selectFrom('users').selectAll().where('email', '=', normalizeEmail(email)).executeTakeFirst();
  return row ? { user: toUser(row), passwordHash: row.passwordHash } : undefined;
}

export async function passwordHashOf(db: Executor, id: number): Promise<string | undefined> {
  const row = await db.selectFrom('users').select('passwordHash').where('id', '=', id).executeTakeFirst();
  return row?.passwordHash;
}

export async function listUsers(db: Executor): Promise<User[]> {
  const rows = await db.selectFrom('users').selectAll().orderBy('active', 'desc').orderBy('name').execute();
  return rows.map(toUser);
}

export async function countUsers(db: Executor): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function countActiveAdmins(db: Executor): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('role', '=', 'admin')
    .where('active', '=', 1)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertUser(
  trx: Executor,
  user: {
    email: string;
    name: string;
    role: Role;
    passwordHash: string;
    mustChangePassword: boolean;
    language: Language | null;
  },
): Promise<number> {
  const now = new Date().toISOString();
  const { id } = await trx
    .insertInto('users')
    .values({
      email: normalizeEmail(user.email),
      name: user.name,
      role: user.role,
      passwordHash: user.passwordHash,
      mustChangePassword: user.mustChangePassword ? 1 : 0,
      language: user.language,
      active: 1,
      createdAt: now,
      updatedAt: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function updateUser(
  trx: Executor,
  id: number,
  changes: Partial<{
    role: Role;
    active: boolean;
    passwordHash: string;
    mustChangePassword: boolean;
    language: Language | null;
    lastSignInAt: string;
  }>,
): Promise<void> {
  const { active, mustChangePassword, ...rest } = changes;
  await trx
    .updateTable('users')
    .set({
      ...rest,
      ...(active === undefined ? {} : { active: active ? 1 : 0 }),
      ...(mustChangePassword === undefined ? {} : { mustChangePassword: mustChangePassword ? 1 : 0 }),
      updatedAt: new Date().toISOString(),
    })
    .where('id', '=', id)
    .execute();
}
