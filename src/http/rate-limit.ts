// A per-caller limit on API requests: each token (or each signed-in user calling the API from the
// browser) gets `perMinute` requests in each clock minute, then 429 with Retry-After until the next
// one. Counts live in memory, in one process: a restart forgets them, which only ever lets a
// caller through sooner.
import type { RequestHandler, Response } from 'express';
import { isApiRequest, sendProblem } from './problem.js';

const WINDOW_MS = 60_000;

/** Who the request is counted against: its token, else its user; anonymous calls get 401 anyway. */
function callerOf(res: Response): string | null {
  const actor = res.locals.actor;
  if (!actor) return null;
  if (actor.tokenId !== null) return `token:${actor.tokenId}`;
  return actor.userId !== null ? `user:${actor.userId}` : null;
}

export function apiRateLimit(perMinute: number, now: () => number = Date.now): RequestHandler {
  let window = -1;
  let counts = new Map<string, number>();
  return (req, res, next) => {
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
    const current = Math.floor(time / WINDOW_MS);
    // A new minute starts every count afresh, so memory holds only this minute's callers.
    if (current !== window) {
      window = current;
      counts = new Map();
    }
    const used = (counts.get(caller) ?? 0) + 1;
    counts.set(caller, used);
    const resetSeconds = Math.max(1, Math.ceil(((current + 1) * WINDOW_MS - time) / 1000));
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
