// Personal API tokens: shown once, stored as a hash, revocable, with an optional expiry.
import { newSecret, sha256 } from '../auth/secrets.js';
import { TOUCH_INTERVAL_MS } from '../auth/sessions.js';
import { USER_COLUMNS, toUser } from '../users/repository.js';
import type { User } from '../users/user.js';
import type { Executor } from '../database/executor.js';

export const TOKEN_PREFIX = 'cag_';

export interface ApiToken {
  id: number;
  userId: number;
  name: string;
  tokenPrefix: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export async function insertToken(
  trx: Executor,
  userId: number,
  name: string,
  expiresAt: string | null,
): Promise<{ token: string; id: number }> {
  const token = `${TOKEN_PREFIX}${newSecret()}`;
  const { id } = await trx
    .insertInto('apiTokens')
    .values({
      userId,
      name,
      tokenHash: sha256(token),
      tokenPrefix: token.slice(0, TOKEN_PREFIX.length + 6),
      createdAt: new Date().toISOString(),
      expiresAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { token, id };
}

export async function listTokens(db: Executor, userId: number): Promise<ApiToken[]> {
  return db
    .selectFrom('apiTokens')
    .select(['id', 'userId', 'name', 'tokenPrefix', 'createdAt', 'expiresAt', 'lastUsedAt', 'revokedAt'])
    .where('userId', '=', userId)
    .orderBy('id', 'desc')
    .execute();
}

export async function findToken(db: Executor, id: number): Promise<ApiToken | undefined> {
  return db
    .selectFrom('apiTokens')
    .select(['id', 'userId', 'name', 'tokenPrefix', 'createdAt', 'expiresAt', 'lastUsedAt', 'revokedAt'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function revokeToken(trx: Executor, id: number): Promise<void> {
  await trx.updateTable('apiTokens').set({ revokedAt: new Date().toISOString() }).where('id', '=', id).execute();
}

/** The active user a bearer token stands for, or null when it is unknown, revoked, expired or its user is deactivated. */
export async function resolveToken(
  db: Executor,
  token: string,
  now = new Date(),
): Promise<{ user: User; tokenId: number } | null> {
  if (!token.startsWith(TOKEN_PREFIX)) return null;
  const row = await db
    .selectFrom('apiTokens')
    .innerJoin('users', 'users.id', 'apiTokens.userId')
    .select([
      'apiTokens.id as tokenId',
      'apiTokens.expiresAt',
      'apiTokens.revokedAt',
      'apiTokens.lastUsedAt',
      ...USER_COLUMNS,
    ])
    .where('apiTokens.tokenHash', '=', sha256(token))
    .executeTakeFirst();
  if (!row || row.revokedAt !== null || row.active !== 1) return null;
  if (row.expiresAt !== null && Date.parse(row.expiresAt) <= now.getTime()) return null;
  if (row.lastUsedAt === null || now.getTime() - Date.parse(row.lastUsedAt) >= TOUCH_INTERVAL_MS) {
    await db.updateTable('apiTokens').set({ lastUsedAt: now.toISOString() }).where('id', '=', row.tokenId).execute();
  }
  return { user: toUser(row), tokenId: row.tokenId };
}
