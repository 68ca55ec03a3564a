// Administrators manage users: create with a role, change role, deactivate, reset a password.
import type { Response } from 'express';
import { ROLES } from '../auth/access.js';
import { idParam } from '../http/params.js';
import { type RouteSpec, actorOf, get, post } from '../http/routing.js';
import { ConflictError, type FieldIssue, NotFoundError, ValidationError } from '../shared/errors.js';
import { NO_ERRORS, formErrors, parseForm, textFields } from '../shared/forms.js';
import { newUserSchema, resetPasswordSchema, roleSchema } from './schemas.js';
import * as service from './service.js';

const NOTICES = new Set(['created', 'role', 'deactivated', 'reactivated', 'password']);
// The password an admin sets is labelled as temporary.
const TEMPORARY_PASSWORD = { password: 'field.temporaryPassword' };

export function adminUserRoutes(db: service.Db): RouteSpec[] {
  async function renderUser(
    res: Response,
    id: number,
    status = 200,
    view: { issues?: FieldIssue[]; notice?: string | null } = {},
  ) {
    const user = await service.findUserById(db, id);
    if (!user) throw new NotFoundError('user');
    res.status(status).render('admin/user', {
      subject: user,
      roles: ROLES,
      notice: view.notice ?? null,
      errors: view.issues
        ? formErrors(res, view.issues, ['role', 'password'], { labels: TEMPORARY_PASSWORD })
        : NO_ERRORS,
    });
  }

  function renderNew(res: Response, status: number, values: Record<string, string>, issues?: FieldIssue[]) {
    res.status(status).render('admin/user-new', {
      roles: ROLES,
      values,
      errors: issues
        ? formErrors(res, issues, ['name', 'email', 'role', 'password'], { labels: TEMPORARY_PASSWORD })
        : NO_ERRORS,
    });
  }

  /** Runs an admin change; a rule it breaks (the last admin) re-renders the user page with the message. */
  async function change(res: Response, id: number, notice: string, work: () => Promise<unknown>) {
    try {
      await work();
    } catch (error) {
      if (error instanceof ValidationError) return renderUser(res, id, 400, { issues: error.issues });
      throw error;
    }
    res.redirect(303, `/admin/users/${id}?notice=${notice}`);
  }

  return [
    get('/admin/users', 'users.manage', async (_req, res) => {
      res.render('admin/users', { users: await service.listUsers(db) });
    }),

    get('/admin/users/new', 'users.manage', (_req, res) =>
      renderNew(res, 200, { name: '', email: '', role: 'officer' }),
    ),

    post('/admin/users', 'users.manage', async (req, res) => {
      const values = textFields(req.body, ['name', 'email', 'role']);
      const parsed = parseForm(newUserSchema, req.body);
      if ('issues' in parsed) {
        renderNew(res, 400, values, parsed.issues);
        return;
      }
      try {
        const user = await service.createUser(db, actorOf(res), { ...parsed.data, mustChangePassword: true });
        res.redirect(303, `/admin/users/${user.id}?notice=created`);
      } catch (error) {
        if (!(error instanceof ConflictError)) throw error;
        renderNew(res, 400, values, error.issues);
      }
    }),

    get('/admin/users/:id', 'users.manage', async (req, res) => {
      const notice =
        typeof req.query.notice === 'string' && NOTICES.has(req.query.notice)
          ? `admin.users.notice.${req.query.notice}`
          : null;
      await renderUser(res, idParam(req, 'user'), 200, { notice });
    }),

    post('/admin/users/:id/role', 'users.manage', async (req, res) => {
      const id = idParam(req, 'user');
      const parsed = parseForm(roleSchema, req.body);
      if ('issues' in parsed) return renderUser(res, id, 400, { issues: parsed.issues });
      await change(res, id, 'role', () => service.changeRole(db, actorOf(res), id, parsed.data.role));
    }),

    post('/admin/users/:id/deactivate', 'users.manage', async (req, res) => {
      const id = idParam(req, 'user');
      await change(res, id, 'deactivated', () => service.setActive(db, actorOf(res), id, false));
    }),

    post('/admin/users/:id/reactivate', 'users.manage', async (req, res) => {
      const id = idParam(req, 'user');
      await change(res, id, 'reactivated', () => service.setActive(db, actorOf(res), id, true));
    }),

    post('/admin/users/:id/password', 'users.manage', async (req, res) => {
      const id = idParam(req, 'user');
      const parsed = parseForm(resetPasswordSchema, req.body);
      if ('issues' in parsed) return renderUser(res, id, 400, { issues: parsed.issues });
      await change(res, id, 'password', () => service.resetPassword(db, actorOf(res), id, parsed.data.password));
    }),
  ];
}
