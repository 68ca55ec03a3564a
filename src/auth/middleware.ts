// Who is asking (session cookie or API token), CSRF protection, and the access check per route.
import express, { type NextFunction, type Request, type RequestHandler, type Response, type Router } from 'express';
import { resolveToken } from '../api-tokens/repository.js';
import { type Actor, userActor } from '../audit/actor.js';
import type { Db } from '../database/connect.js';
import { isApiRequest, sendProblem } from '../http/problem.js';
import type { MessageKey } from '../i18n/index.js';
import type { User } from '../users/user.js';
import { type Action, can } from './access.js';
import { newSecret, sameSecret } from './secrets.js';
import { type ActiveSession, resolveSession } from './sessions.js';

export const SESSION_COOKIE = 'sid';
const ANONYMOUS_CSRF_COOKIE = 'csrf';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

declare global {
  namespace Express {
    interface Locals {
      user?: User;
      session?: ActiveSession;
      actor?: Actor;
      /** True when the request authenticated with a bearer token (no ambient credentials: no CSRF check). */
      viaToken?: boolean;
      csrfToken: string;
      /** Whether the signed-in user may do an action: views hide what a role cannot do. */
      can: (action: Action) => boolean;
    }
  }
}

/** Cookies are Secure whenever the request came over HTTPS, directly or through a trusted proxy (TRUST_PROXY). */
export function sessionCookieOptions(req: Request) {
  return { httpOnly: true, sameSite: 'lax' as const, secure: req.secure, path: '/' };
}

export function setUpAuthentication(db: Db): Router {
  const router = express.Router();
  router.use(async (req: Request, res: Response, next: NextFunction) => {
    res.locals.can = (action) => (res.locals.user ? can(res.locals.user.role, action) : false);
    const authorization = req.get('authorization');
    if (isApiRequest(req) && authorization !== undefined) {
      const token = /^Bearer\s+(\S+)$/i.exec(authorization)?.[1];
      const resolved = token ? await resolveToken(db, token) : null;
      if (!resolved) {
        res.setHeader('WWW-Authenticate', 'Bearer');
        sendProblem(res, 401, res.locals.t('problem.unauthenticated'));
        return;
      }
      res.locals.user = resolved.user;
      res.locals.actor = userActor(resolved.user, resolved.tokenId);
      res.locals.viaToken = true;
      res.locals.csrfToken = '';
      next();
      return;
    }

    // cookie-parser types every cookie as `any`; they are read here as what they are, unknown strings.
    const cookies = req.cookies as Record<string, unknown>;
    const cookie = cookies[SESSION_COOKIE];
    const session = typeof cookie === 'string' && cookie !== '' ? await resolveSession(db, cookie) : null;
    if (session) {
      res.locals.session = session;
      res.locals.user = session.user;
      res.locals.actor = userActor(session.user);
      res.locals.csrfToken = session.csrfToken;
    } else {
      if (typeof cookie === 'string') res.clearCookie(SESSION_COOKIE, sessionCookieOptions(req));
      // Before sign-in, the sign-in form is protected by a double-submit cookie.
      let anonymous = cookies[ANONYMOUS_CSRF_COOKIE];
      if (typeof anonymous !== 'string' || anonymous.length < 20) {
        anonymous = newSecret();
        res.cookie(ANONYMOUS_CSRF_COOKIE, anonymous, sessionCookieOptions(req));
      }
      res.locals.csrfToken = anonymous as string;
    }
    next();
  });
  return router;
}

/** A refusal: a problem document for the API, the forbidden page for a browser. */
function forbid(req: Request, res: Response, problemKey: MessageKey, pageKey: MessageKey): void {
  if (isApiRequest(req)) sendProblem(res, 403, res.locals.t(problemKey));
  else res.status(403).render('errors/forbidden', { message: res.locals.t(pageKey) });
}

/** Every state-changing request made with cookies must carry the form's (or header's) CSRF token. */
export function csrfProtection(): RequestHandler {
  return (req, res, next) => {
    const body = req.body as Record<string, unknown> | undefined;
    const provided = typeof body?._csrf === 'string' ? body._csrf : req.get('x-csrf-token');
    if (
      SAFE_METHODS.has(req.method) ||
      res.locals.viaToken ||
      // An API call with neither a session nor a token carries no ambient credentials to forge:
      // it is unauthenticated (401 from the access check), not a CSRF failure.
      (isApiRequest(req) && !res.locals.user) ||
      (typeof provided === 'string' && res.locals.csrfToken && sameSecret(provided, res.locals.csrfToken))
    )
      next();
    else forbid(req, res, 'problem.csrf', 'error.csrf');
  };
}

/** Who may call a route: everyone ('public'), or the roles the access table grants the action to. */
export type Access = Action | 'public';

// Pages a user who must change their password can still reach.
const PASSWORD_CHANGE_PATHS = new Set(['/account/password', '/sign-out']);

export function authorize(access: Access): RequestHandler {
  return (req, res, next) => {
    const user = res.locals.user;
    if (access === 'public') {
      next();
    } else if (!user) {
      if (isApiRequest(req)) {
        res.setHeader('WWW-Authenticate', 'Bearer');
        sendProblem(res, 401, res.locals.t('problem.unauthenticated'));
      } else res.redirect(303, `/sign-in?next=${encodeURIComponent(req.originalUrl)}`);
    } else if (!can(user.role, access)) {
      forbid(req, res, 'problem.forbidden', 'error.forbiddenBody');
    } else if (user.mustChangePassword && !res.locals.viaToken && !PASSWORD_CHANGE_PATHS.has(req.path)) {
      if (isApiRequest(req)) sendProblem(res, 403, res.locals.t('problem.mustChangePassword'));
      else res.redirect(303, '/account/password');
    } else {
      next();
    }
  };
}
