import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { ConflictError, NotFoundError, ValidationError } from '../shared/errors.js';
import { sendProblem, translateIssues } from './problem.js';

const isApi = (path: string) => path.startsWith('/api/');

export function notFoundHandler(): RequestHandler {
  return (req, res) => {
    if (isApi(req.path)) {
      sendProblem(res, 404, res.locals.t('problem.notFound'));
      return;
    }
    res.status(404).render('errors/not-found');
  };
}

interface BodyParserError extends Error {
  type?: string;
  status?: number;
  expose?: boolean;
}

/** Maps failures to answers. Production pages never show a stack trace. */
export function errorHandler(logger: Logger, production: boolean): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    const t = res.locals.t;
    const api = isApi(req.path);
    const parserError = err as BodyParserError;
    if (parserError?.type === 'entity.too.large') {
      if (api) return sendProblem(res, 413, t('problem.tooLarge'));
      return res.status(413).render('errors/bad-request', { message: t('problem.tooLarge') });
    }
    if (parserError?.type === 'entity.parse.failed') {
      return sendProblem(res, 400, t('problem.malformed'), { errors: [{ path: '', message: t('problem.malformed') }] });
    }
    // Other refusals of a body (an unsupported charset or encoding, too many form fields).
    if (parserError?.expose && typeof parserError.status === 'number' && parserError.status < 500) {
      if (api) return sendProblem(res, parserError.status, parserError.message);
      return res.status(parserError.status).render('errors/bad-request', { message: parserError.message });
    }
    if (err instanceof NotFoundError) {
      if (api) return sendProblem(res, 404, t('problem.notFound'));
      return res.status(404).render('errors/not-found');
    }
    if (err instanceof ValidationError) {
      const errors = translateIssues(t, err.issues);
      if (api) return sendProblem(res, 400, t('problem.validation'), { errors });
      return res.status(400).render('errors/bad-request', { message: errors.map((e) => e.message).join('; ') });
    }
    if (err instanceof ConflictError && api) {
      return sendProblem(
        res,
        409,
        t(err.reason === 'stale_version' ? 'problem.staleVersion' : 'problem.duplicateRuc'),
        {
          errors: translateIssues(t, err.issues),
        },
      );
    }

    // The request's log line (pino-http) carries the failure with its stack, once, beside its id.
    if (req.log) res.err = err instanceof Error ? err : new Error(String(err));
    else logger.error({ err, url: req.originalUrl }, 'request failed');
    if (res.headersSent) return;
    if (api) return sendProblem(res, 500, t('problem.server'));
    res
      .status(500)
      .render('errors/server-error', { stack: production ? null : ((err as Error)?.stack ?? String(err)) });
  };
}
