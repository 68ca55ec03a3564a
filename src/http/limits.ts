// The explicit limits of the server: how long a client may take, how long an address may be, and
// how much expensive work (PDF reports, imports, exports) runs at once.
import type http from 'node:http';
import type { RequestHandler } from 'express';
import { isApiRequest, sendProblem } from './problem.js';

/** What an office may tune through the environment (see README, "Limits"). */
export interface LimitSettings {
  /** PDF reports rendered at the same time (each one is a Chromium page). */
  pdfConcurrency: number;
  /** A PDF report that takes longer is abandoned. */
  pdfTimeoutSeconds: number;
  /** Import uploads, mappings and commits processed at the same time. */
  importConcurrency: number;
  /** CSV/XLSX exports streamed at the same time. */
  exportConcurrency: number;
  /** How long a request waits for a free place before it gets 503. */
  queueWaitSeconds: number;
  /** API requests per token (or per signed-in user) and minute; 0 turns the limit off. */
  apiRequestsPerMinute: number;
}

export const DEFAULT_LIMIT_SETTINGS: LimitSettings = {
  pdfConcurrency: 2,
  pdfTimeoutSeconds: 30,
  importConcurrency: 2,
  exportConcurrency: 4,
  queueWaitSeconds: 30,
  apiRequestsPerMinute: 600,
};

/** Longer addresses get 414. Node itself refuses a request line and headers over 16 KB with 431. */
export const MAX_URL_LENGTH = 8 * 1024;

/** Slow clients are cut off: see README, "Limits". */
export const SERVER_TIMEOUTS = {
  /** Time to send the request line and headers (stops slowloris-style clients). */
  headersTimeout: 20_000,
  /** Time to send the whole request; a 20 MB import upload fits on a slow office line. */
  requestTimeout: 300_000,
  /** An idle kept-alive connection is closed after this. */
  keepAliveTimeout: 5_000,
  /** A connection on which nothing moves for this long is closed (longer than a queued PDF). */
  timeout: 120_000,
} as const;

export function applyServerTimeouts(server: http.Server): void {
  server.headersTimeout = SERVER_TIMEOUTS.headersTimeout;
  server.requestTimeout = SERVER_TIMEOUTS.requestTimeout;
  server.keepAliveTimeout = SERVER_TIMEOUTS.keepAliveTimeout;
  server.setTimeout(SERVER_TIMEOUTS.timeout);
}

export function limitUrlLength(maxLength = MAX_URL_LENGTH): RequestHandler {
  return (req, res, next) => {
    if (req.originalUrl.length <= maxLength) {
      next();
      return;
    }
    const message = res.locals.t('problem.uriTooLong', { limit: maxLength });
    if (isApiRequest(req)) {
      sendProblem(res, 414, message);
      return;
    }
    res.status(414).render('errors/bad-request', { message });
  };
}
