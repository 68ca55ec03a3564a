import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { isRetryableConflict, isUniqueViolation } from '../database/errors.js';
import { ConflictError, NotFoundError, ValidationError } from '../shared/errors.js';
import { isApiRequest, sendProblem, translateIssues } from './problem.js';

export function notFoundHandler(): RequestHandler {
  return (req, res) => {
    if (isApiRequest(req)) sendProblem(res, 404, res.locals.t('problem.notFound'));
    else res.status(404).render('errors/not-found');
  };
}

interface BodyParserError extends Error {
  type?: string;
  status?: number;
  expose?: boolean;
}

const isBodyParserError = (err: unknown): err is BodyParserError => err instanceof Error && 'type' in err;

/** Maps failures to answers. Production pages never show a stack trace. */
export function errorHandler(logger: Logger, production: boolean): ErrorRequestHandler {
  return (err: unknown, req, res, _next: unknown) => {
    const t = res.locals.t;
    const api = isApiRequest(req);
    /** A refusal: a problem document for the API, the named error page for a browser. */
    const refuse = (status: number, message: string, view = 'errors/bad-request', extra = {}) => {
      if (api) sendProblem(res, status, message, extra);
      else res.status(status).render(view, { message });
    };
    if (isBodyParserError(err) && err.type === 'entity.too.large') {
      refuse(413, t('problem.tooLarge'));
    } else if (isBodyParserError(err) && err.type === 'entity.parse.failed') {
      sendProblem(res, 400, t('problem.malformed'), { errors: [{ path: '', message: t('problem.malformed') }] });
    } else if (isBodyParserError(err) && err.expose && typeof err.status === 'number' && err.status < 500) {
      // Other refusals of a body (an unsupported charset or encoding, too many form fields).
      refuse(err.status, err.message);
    } else if (err instanceof NotFoundError) {
      refuse(404, t('problem.notFound'), 'errors/not-found');
    } else if (err instanceof ValidationError) {
      const errors = translateIssues(t, err.issues);
      if (api) sendProblem(res, 400, t('problem.validation'), { errors });
      else refuse(400, errors.map((e) => e.message).join('; '));
    } else if (err instanceof ConflictError && api) {
      const title = t(err.reason === 'stale_version' ? 'problem.staleVersion' : 'problem.duplicateRuc');
      sendProblem(res, 409, title, { errors: translateIssues(t, err.issues) });
    } else if (isUniqueViolation(err) || isRetryableConflict(err)) {
      // Another request saved the same record at the same moment (a code, an email, a RUC): the
      // database kept one; this one is told to reload and look.
      refuse(409, t('problem.concurrentChange'));
    } else {
      serverError(err, res, logger, production, api);
    }
  };
}

function serverError(err: unknown, res: Response, logger: Logger, production: boolean, api: boolean): void {
  // The request's log line (pino-http) carries the failure with its stack, once, beside its id.
  const error = err instanceof Error ? err : new Error(String(err));
  // Without the logging middleware (some tests build a bare app) the request has no logger of its own.
  const requestLog = res.req.log as Logger | undefined;
  if (requestLog) res.err = error;
  else logger.error({ err, url: res.req.originalUrl }, 'request failed');
  if (res.headersSent) return;
  if (api) sendProblem(res, 500, res.locals.t('problem.server'));
  else res.status(500).render('errors/server-error', { stack: production ? null : (error.stack ?? String(err)) });
}
