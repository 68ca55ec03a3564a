// Sign-in and sign-out pages.
import type { Response } from 'express';
import type { Db } from '../database/connect.js';
import { safeLocalPath } from '../http/localization.js';
import { type RouteSpec, get, post } from '../http/routing.js';
import { type FieldIssue } from '../shared/errors.js';
import { NO_ERRORS, formErrors, parseForm } from '../shared/forms.js';
import { DEMO_USERS } from '../demo/users.js';
import { signInSchema } from '../users/schemas.js';
import { SESSION_COOKIE, sessionCookieOptions } from './middleware.js';
import { ABSOLUTE_TIMEOUT_MS } from './sessions.js';
import { signIn, signOut } from './service.js';

const MINUTE_MS = 60 * 1000;

function renderSignIn(
  res: Response,
  status: number,
  view: { email: string; next: string; issues?: FieldIssue[]; message?: string | null },
) {
  res.status(status).render('auth/sign-in', {
    email: view.email,
    next: view.next,
    message: view.message ?? null,
    demoAccounts: res.locals.demoData ? DEMO_USERS : [],
    errors: view.issues ? formErrors(res, view.issues, ['email', 'password']) : NO_ERRORS,
  });
}

export function signInRoutes(db: Db): RouteSpec[] {
  return [
    get('/sign-in', 'public', (req, res) => {
      if (res.locals.user) {
        res.redirect(303, safeLocalPath(req.query.next));
        return;
      }
      renderSignIn(res, 200, { email: '', next: safeLocalPath(req.query.next) });
    }),

    post('/sign-in', 'public', async (req, res) => {
      const body = (req.body ?? {}) as Record<string, unknown>;
      const next = safeLocalPath(body.next);
      const email = typeof body.email === 'string' ? body.email : '';
      const parsed = parseForm(signInSchema, body);
      if ('issues' in parsed) {
        renderSignIn(res, 400, { email, next, issues: parsed.issues });
        return;
      }

      const result = await signIn(db, {
        email: parsed.data.email,
        password: parsed.data.password,
        ip: req.ip ?? 'unknown',
        previousSessionId: res.locals.session?.id ?? null,
      });
      if (result.outcome === 'locked') {
        const minutes = Math.max(1, Math.ceil((result.until.getTime() - Date.now()) / MINUTE_MS));
        renderSignIn(res, 429, { email, next, message: res.locals.t('signIn.locked', { minutes }) });
        return;
      }
      if (result.outcome === 'failed') {
        renderSignIn(res, 401, { email, next, message: res.locals.t('signIn.failed') });
        return;
      }
      res.cookie(SESSION_COOKIE, result.token, { ...sessionCookieOptions(req), maxAge: ABSOLUTE_TIMEOUT_MS });
      res.redirect(303, result.user.mustChangePassword ? '/account/password' : next);
    }),

    post('/sign-out', 'account.self', async (req, res) => {
      if (res.locals.session) await signOut(db, res.locals.session);
      res.clearCookie(SESSION_COOKIE, sessionCookieOptions(req));
      res.redirect(303, '/sign-in?signedOut=1');
    }),
  ];
}
