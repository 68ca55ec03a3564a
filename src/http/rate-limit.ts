// A per-caller limit on API requests: each token (or each signed-in user calling the API from the
// browser) gets `perMinute` requests in each clock minute, then 429 with Retry-After until the next
// one. Counts live in the database, so every instance behind a load balancer counts against the
// same limit; retention purges the minutes gone by.
import type { RequestHandler, Response } from 'express';
import type { Executor } from '../database/executor.js';
import { isApiRequest, sendProblem } from './problem.js';

export const RATE_WINDOW_MS = 60_000;

/** Who the request is counted against: its token, else its user; anonymous calls get 401 anyway. */
function callerOf(res: Response): string | null {
  const actor = res.locals.actor;
  if (!actor) return null;
  if (actor.tokenId !== null) return `token:${actor.tokenId}`;
  return actor.userId !== null ? `user:${actor.userId}` : null;
}

/** Counts one request of `caller` in the minute starting at `windowStart`; returns the minute's count so far. */
export async function countRequest(db: Executor, caller: string, windowStart: string): Promise<number> {
  // One statement, so concurrent requests on any instance each get their own count.
  const { count } = await db
    .insertInto('apiRateCounts')
    .values({ caller, windowStart, count: 1 })
    .onConflict((oc) =>
      oc.columns(['caller', 'windowStart']).doUpdateSet((eb) => ({ count: eb('apiRateCounts.count', '+', 1) })),
    )
    .returning('count')
    .executeTakeFirstOrThrow();
  return count;
}

export function apiRateLimit(db: Executor, perMinute: number, now: () => number = Date.now): RequestHandler {
  return async (req, res, next) => {
    if (perMinute <= 0 || !isApiRequest(req)) {
      next();
      return;
    }
    const caller = callerOf(res);
    if (!caller) {
      next();
      return;
    }
    const time = now();
    const current = Math.floor(time / RATE_WINDOW_MS);
    const used = await countRequest(db, caller, new Date(current * RATE_WINDOW_MS).toISOString());
    const resetSeconds = Math.max(1, Math.ceil(((current + 1) * RATE_WINDOW_MS - time) / 1000));
    res.setHeader('RateLimit-Limit', String(perMinute));
    res.setHeader('RateLimit-Remaining', String(Math.max(0, perMinute - used)));
    res.setHeader('RateLimit-Reset', String(resetSeconds));
    if (used <= perMinute) {
      next();
      return;
    }
    res.setHeader('Retry-After', String(resetSeconds));
    sendProblem(res, 429, res.locals.t('problem.rateLimited', { count: perMinute, seconds: resetSeconds }));
  };
}
