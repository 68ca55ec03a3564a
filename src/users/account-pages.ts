// A user's own account: language, password and personal API tokens.
import type { Response } from 'express';
import { rememberLanguage, safeLocalPath } from '../http/localization.js';
import { idParam } from '../http/params.js';
import { type RouteSpec, actorOf, get, post } from '../http/routing.js';
import { type FieldIssue, ValidationError } from '../shared/errors.js';
import { NO_ERRORS, formErrors, parseForm, textFields } from '../shared/forms.js';
import { apiTokenSchema, languageSchema, passwordChangeSchema } from './schemas.js';
import { type Db, changeOwnPassword, createApiToken, listTokens, revokeApiToken, setLanguage } from './service.js';
import type { User } from './user.js';

const NOTICES = new Set(['language', 'password', 'revoked']);

function currentUser(res: Response): User {
  const user = res.locals.user;
  if (!user) throw new Error('an account route ran without a signed-in user');
  return user;
}

export function accountRoutes(db: Db): RouteSpec[] {
  async function renderTokens(
    res: Response,
    status: number,
    view: {
      created?: { token: string; name: string } | null;
      issues?: FieldIssue[];
      values?: Record<string, string>;
      notice?: string | null;
    },
  ) {
    res.status(status).render('account/tokens', {
      tokens: await listTokens(db, currentUser(res).id),
      created: view.created ?? null,
      values: view.values ?? { name: '', expiresInDays: '' },
      errors: view.issues
        ? formErrors(res, view.issues, ['name', 'expiresInDays'], { labels: { name: 'field.tokenName' } })
        : NO_ERRORS,
      notice: view.notice ?? null,
    });
  }

  function renderPassword(res: Response, status: number, issues?: FieldIssue[]) {
    res.status(status).render('account/password', {
      errors: issues ? formErrors(res, issues, ['currentPassword', 'newPassword', 'confirmPassword']) : NO_ERRORS,
    });
  }

  return [
    // The header's language switch: a signed-in user's choice is saved to their account.
    post('/language', 'public', async (req, res) => {
      const body = (req.body ?? {}) as Record<string, unknown>;
      const parsed = parseForm(languageSchema, { language: body.lang });
      if ('data' in parsed) {
        rememberLanguage(res, parsed.data.language);
        if (res.locals.user) await setLanguage(db, actorOf(res), res.locals.user.id, parsed.data.language);
      }
      res.redirect(303, safeLocalPath(body.next));
    }),

    get('/account', 'account.self', (req, res) => {
      const notice =
        typeof req.query.notice === 'string' && NOTICES.has(req.query.notice)
          ? `account.notice.${req.query.notice}`
          : null;
      res.render('account/index', { notice });
    }),

    post('/account/language', 'account.self', async (req, res) => {
      const parsed = parseForm(languageSchema, req.body);
      if ('issues' in parsed) throw new ValidationError(parsed.issues);
      await setLanguage(db, actorOf(res), currentUser(res).id, parsed.data.language);
      rememberLanguage(res, parsed.data.language);
      res.redirect(303, '/account?notice=language');
    }),

    get('/account/password', 'account.self', (_req, res) => renderPassword(res, 200)),

    post('/account/password', 'account.self', async (req, res) => {
      const parsed = parseForm(passwordChangeSchema, req.body);
      if ('issues' in parsed) {
        renderPassword(res, 400, parsed.issues);
        return;
      }
      try {
        await changeOwnPassword(
          db,
          actorOf(res),
          currentUser(res).id,
          parsed.data.currentPassword,
          parsed.data.newPassword,
        );
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        renderPassword(res, 400, error.issues);
        return;
      }
      res.redirect(303, '/account?notice=password');
    }),

    get('/account/tokens', 'account.self', async (req, res) => {
      await renderTokens(res, 200, { notice: req.query.notice === 'revoked' ? 'account.notice.revoked' : null });
    }),

    // The new token is shown in this answer only; it is never stored or shown again.
    post('/account/tokens', 'account.self', async (req, res) => {
      const parsed = parseForm(apiTokenSchema, req.body);
      const values = textFields(req.body, ['name', 'expiresInDays']);
      if ('issues' in parsed) return renderTokens(res, 400, { issues: parsed.issues, values });
      const created = await createApiToken(db, actorOf(res), currentUser(res).id, parsed.data);
      res.setHeader('Cache-Control', 'no-store');
      await renderTokens(res, 201, { created: { token: created.token, name: parsed.data.name } });
    }),

    post('/account/tokens/:id/revoke', 'account.self', async (req, res) => {
      await revokeApiToken(db, actorOf(res), currentUser(res).id, idParam(req, 'api_token'));
      res.redirect(303, '/account/tokens?notice=revoked');
    }),
  ];
}
