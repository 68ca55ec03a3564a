import type { Actor } from '../audit/actor.js';
import { recordAudit } from '../audit/repository.js';
import type { Db } from '../database/connect.js';
import { NotFoundError } from '../shared/errors.js';
import * as tokens from './repository.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Creates a token for a user; the secret is returned once and never stored. */
export async function createApiToken(
  db: Db,
  actor: Actor,
  userId: number,
  input: { name: string; expiresInDays: number | null },
): Promise<{ token: string; id: number; expiresAt: string | null }> {
  const expiresAt =
    input.expiresInDays === null ? null : new Date(Date.now() + input.expiresInDays * DAY_MS).toISOString();
  return db.transaction().execute(async (trx) => {
    const created = await tokens.insertToken(trx, userId, input.name, expiresAt);
    await recordAudit(trx, actor, {
      action: 'token_create',
      entity: 'api_token',
      entityId: created.id,
      details: { name: input.name, userId, expiresAt },
    });
    return { ...created, expiresAt };
  });
}

/** Users revoke their own tokens; a token of someone else is as good as unknown. */
export async function revokeApiToken(db: Db, actor: Actor, userId: number, tokenId: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const token = await tokens.findToken(trx, tokenId);
    if (!token || token.userId !== userId) throw new NotFoundError('api_token');
    if (token.revokedAt !== null) return;
    await tokens.revokeToken(trx, tokenId);
    await recordAudit(trx, actor, {
      action: 'token_revoke',
      entity: 'api_token',
      entityId: tokenId,
      details: { name: token.name, userId },
    });
  });
}

export { listTokens } from './repository.js';
