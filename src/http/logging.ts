// One log line per request, for an operator: its id (also sent back as X-Request-Id and shown on
// error pages), who asked, which route answered, the status and how long it took. A failure's
// stack is in that same line, once. What is logged is allow-listed: never headers with
// credentials, never bodies, and query values whose names look secret are masked.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';

export const REQUEST_ID_HEADER = 'X-Request-Id';
/** An incoming id is kept only when it is short and plain, so it cannot forge or flood log lines. */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;
const SECRET_NAME = /pass|token|csrf|secret|key|auth|session|sid/i;
const LOGGED_URL_LENGTH = 300;

declare global {
  namespace Express {
    interface Locals {
      /** This request's id, as logged and sent in X-Request-Id. */
      requestId?: string;
    }
  }
}

export function requestIdFor(incoming: string | string[] | undefined): string {
  return typeof incoming === 'string' && SANE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

/** The address as logged: secret-looking query values masked, and cut to a readable length. */
export function loggableUrl(url: string): string {
  const mark = url.indexOf('?');
  let safe = url;
  if (mark >= 0) {
    const params = new URLSearchParams(url.slice(mark + 1));
    for (const name of new Set(params.keys())) if (SECRET_NAME.test(name)) params.set(name, '[Redacted]');
    safe = `${url.slice(0, mark)}?${params.toString()}`;
  }
  return safe.length > LOGGED_URL_LENGTH ? `${safe.slice(0, LOGGED_URL_LENGTH)}…` : safe;
}

/** The matched route pattern (`/partners/:id`), not the address with its ids. */
function routeOf(req: Request): string | undefined {
  const path = (req.route as { path?: unknown } | undefined)?.path;
  return typeof path === 'string' ? `${req.baseUrl}${path}` : undefined;
}

export function setUpRequestLogging(logger: Logger) {
  return pinoHttp({
    logger,
    // The id is a field of its own (`reqId`) on every line of the request, including the app's own.
    quietReqLogger: true,
    genReqId: (req: IncomingMessage, res: ServerResponse) => {
      const id = requestIdFor(req.headers['x-request-id']);
      res.setHeader(REQUEST_ID_HEADER, id);
      (res as Response).locals.requestId = id;
      return id;
    },
    customProps: (req, res) => {
      const locals = (res as Response).locals;
      return { userId: locals.user?.id, tokenId: locals.actor?.tokenId ?? undefined, route: routeOf(req as Request) };
    },
    // Busy (503) and rate-limited (429) answers are expected under load: a warning, not an error.
    customLogLevel: (_req, res, err) => {
      if (err || res.err || res.statusCode === 500) return 'error';
      return res.statusCode > 500 || res.statusCode === 429 ? 'warn' : 'info';
    },
    // pino-http invents an error (with a useless stack) for any 5xx; only a real failure has one.
    customErrorObject: (_req, res, _err, value: Record<string, unknown>) =>
      res.err ? value : { ...value, err: undefined },
    customErrorMessage: (_req, res) => (res.err ? 'request failed' : 'request refused'),
    serializers: {
      req: (req: { method: string; url: string; raw?: Request }) => ({
        method: req.method,
        url: loggableUrl(req.raw?.originalUrl ?? req.url),
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    // Belt and braces: the serializers above already leave these out.
    redact: [
      'req.headers.authorization',
      'req.headers.cookie',
      'req.headers["x-csrf-token"]',
      'res.headers["set-cookie"]',
    ],
  });
}
