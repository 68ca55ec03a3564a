// The access every registered route should have, and the walk that finds the registered routes.
// Shared by the route × role matrix (tests/auth) and the reliability suite's caller matrix.
import type { Express } from 'express';
import { ROLES, type Role } from '../../src/auth/access.js';

const EVERYONE = ROLES;
export const PUBLIC = 'public' as const;
export type Allowed = typeof PUBLIC | readonly Role[];

export const EXPECTED: Record<string, Allowed> = {
  'GET /health': PUBLIC,
  'GET /health/ready': PUBLIC,
  'GET /assets/vendor/chart.umd.min.js': PUBLIC,
  'POST /language': PUBLIC,
  'GET /sign-in': PUBLIC,
  'POST /sign-in': PUBLIC,
  'POST /sign-out': EVERYONE,
  'GET /': EVERYONE,
  'GET /partners': EVERYONE,
  'GET /partners/new': ['officer', 'admin'],
  'POST /partners': ['officer', 'admin'],
  'GET /partners/:id': EVERYONE,
  'GET /partners/:id/edit': ['officer', 'admin'],
  'POST /partners/:id/edit': ['officer', 'admin'],
  'POST /partners/:id/archive': ['officer', 'admin'],
  'POST /partners/:id/restore': ['officer', 'admin'],
  'GET /partners/:id/events': EVERYONE,
  'GET /partners/:id/events/new': ['officer', 'admin'],
  'POST /partners/:id/events': ['officer', 'admin'],
  'GET /partners/:id/events/:eventId/edit': ['officer', 'admin'],
  'POST /partners/:id/events/:eventId/edit': ['officer', 'admin'],
  'POST /partners/:id/events/:eventId/delete': ['officer', 'admin'],
  'GET /partners/:id/events/:eventId/delete': ['officer', 'admin'],
  'POST /partners/:id/events/:eventId/restore': ['officer', 'admin'],
  'GET /partners/:id/reviews/new': ['officer', 'admin'],
  'POST /partners/:id/reviews': ['officer', 'admin'],
  'GET /partners/:id/reviews/:reviewId/edit': ['officer', 'admin'],
  'POST /partners/:id/reviews/:reviewId/edit': ['officer', 'admin'],
  'POST /partners/:id/reviews/:reviewId/delete': ['officer', 'admin'],
  'GET /partners/:id/reviews/:reviewId/delete': ['officer', 'admin'],
  'POST /partners/:id/reviews/:reviewId/restore': ['officer', 'admin'],
  'GET /partners/:id/flags/new': ['officer', 'admin'],
  'POST /partners/:id/flags': ['officer', 'admin'],
  'GET /partners/:id/flags/:flagId/edit': ['officer', 'admin'],
  'POST /partners/:id/flags/:flagId/edit': ['officer', 'admin'],
  'POST /partners/:id/flags/:flagId/delete': ['officer', 'admin'],
  'GET /partners/:id/flags/:flagId/delete': ['officer', 'admin'],
  'POST /partners/:id/flags/:flagId/restore': ['officer', 'admin'],
  'GET /partners/:id/flags/:flagId/resolve': ['procurement', 'admin'],
  'POST /partners/:id/flags/:flagId/resolve': ['procurement', 'admin'],
  'POST /partners/:id/flags/:flagId/reopen': ['procurement', 'admin'],
  'GET /ranking': EVERYONE,
  'GET /methodology': EVERYONE,
  'GET /methodology/draft': ['procurement', 'admin'],
  'POST /methodology/draft': ['procurement', 'admin'],
  'GET /methodology/draft/preview': ['procurement', 'admin'],
  'POST /methodology/draft/activate': ['procurement', 'admin'],
  'POST /methodology/draft/discard': ['procurement', 'admin'],
  'GET /agreements': EVERYONE,
  'GET /agreements/new': ['procurement', 'admin'],
  'POST /agreements': ['procurement', 'admin'],
  'GET /agreements/:id': EVERYONE,
  'GET /agreements/:id/edit': ['procurement', 'admin'],
  'POST /agreements/:id/edit': ['procurement', 'admin'],
  'POST /agreements/:id/close': ['procurement', 'admin'],
  'POST /agreements/:id/activate': ['procurement', 'admin'],
  'GET /portfolio/alerts': EVERYONE,
  'GET /portfolio/balance': EVERYONE,
  'GET /portfolio/targets': ['procurement', 'admin'],
  'POST /portfolio/targets': ['procurement', 'admin'],
  'GET /portfolio/targets/:target/delete': ['procurement', 'admin'],
  'POST /portfolio/targets/:target/delete': ['procurement', 'admin'],
  'POST /portfolio/targets/:target/restore': ['procurement', 'admin'],
  'POST /partners/:id/decisions': ['procurement', 'admin'],
  'GET /partners/:id/decisions/new': ['procurement', 'admin'],
  'GET /partners/:id/decisions/:decisionId/delete': ['procurement', 'admin'],
  'POST /partners/:id/decisions/:decisionId/delete': ['procurement', 'admin'],
  'POST /partners/:id/decisions/:decisionId/restore': ['procurement', 'admin'],
  'GET /decisions': EVERYONE,
  'GET /dashboard': EVERYONE,
  'GET /reports/portfolio': EVERYONE,
  'GET /reports/portfolio.pdf': EVERYONE,
  'GET /events': EVERYONE,
  'GET /reviews': EVERYONE,
  'GET /flags': EVERYONE,
  'GET /rapid-response': EVERYONE,
  'GET /account': EVERYONE,
  'POST /account/language': EVERYONE,
  'GET /account/password': EVERYONE,
  'POST /account/password': EVERYONE,
  'GET /account/tokens': EVERYONE,
  'POST /account/tokens': EVERYONE,
  'POST /account/tokens/:id/revoke': EVERYONE,
  'GET /admin/users': ['admin'],
  'GET /admin/users/new': ['admin'],
  'POST /admin/users': ['admin'],
  'GET /admin/users/:id': ['admin'],
  'POST /admin/users/:id/role': ['admin'],
  'POST /admin/users/:id/deactivate': ['admin'],
  'POST /admin/users/:id/reactivate': ['admin'],
  'POST /admin/users/:id/password': ['admin'],
  'GET /admin/audit': ['admin'],
  'GET /admin/backups': ['admin'],
  'GET /admin/reference-data': ['admin'],
  'GET /admin/territories/new': ['admin'],
  'POST /admin/territories': ['admin'],
  'GET /admin/territories/:id/edit': ['admin'],
  'POST /admin/territories/:id/edit': ['admin'],
  'GET /admin/assistance-types/new': ['admin'],
  'POST /admin/assistance-types': ['admin'],
  'GET /admin/assistance-types/:id/edit': ['admin'],
  'POST /admin/assistance-types/:id/edit': ['admin'],
  'GET /api/v1/partners': EVERYONE,
  'POST /api/v1/partners': ['officer', 'admin'],
  'GET /api/v1/partners/:id': EVERYONE,
  'PATCH /api/v1/partners/:id': ['officer', 'admin'],
  'DELETE /api/v1/partners/:id': ['officer', 'admin'],
  'GET /api/v1/response-events': EVERYONE,
  'GET /api/v1/partners/:id/response-events': EVERYONE,
  'POST /api/v1/partners/:id/response-events': ['officer', 'admin'],
  'GET /api/v1/partners/:id/response-events/:eventId': EVERYONE,
  'PATCH /api/v1/partners/:id/response-events/:eventId': ['officer', 'admin'],
  'DELETE /api/v1/partners/:id/response-events/:eventId': ['officer', 'admin'],
  'GET /api/v1/partners/:id/reviews': EVERYONE,
  'POST /api/v1/partners/:id/reviews': ['officer', 'admin'],
  'PATCH /api/v1/partners/:id/reviews/:reviewId': ['officer', 'admin'],
  'DELETE /api/v1/partners/:id/reviews/:reviewId': ['officer', 'admin'],
  'GET /api/v1/partners/:id/flags': EVERYONE,
  'POST /api/v1/partners/:id/flags': ['officer', 'admin'],
  'PATCH /api/v1/partners/:id/flags/:flagId': ['officer', 'procurement', 'admin'],
  'DELETE /api/v1/partners/:id/flags/:flagId': ['officer', 'admin'],
  'GET /api/v1/scores': EVERYONE,
  'GET /api/v1/partners/:id/score': EVERYONE,
  'GET /api/v1/agreements': EVERYONE,
  'POST /api/v1/agreements': ['procurement', 'admin'],
  'GET /api/v1/agreements/:id': EVERYONE,
  'GET /api/v1/decisions': EVERYONE,
  'PATCH /api/v1/agreements/:id': ['procurement', 'admin'],
  'GET /api/v1/portfolio/alerts': EVERYONE,
  'GET /api/v1/portfolio/balance': EVERYONE,
  'GET /api/v1/rapid-response': EVERYONE,
  'GET /api/v1/territories': EVERYONE,
  'GET /api/v1/dashboard': EVERYONE,
  'GET /api/v1/assistance-types': EVERYONE,
  'GET /imports': ['officer', 'procurement', 'admin'],
  'POST /imports': ['officer', 'procurement', 'admin'],
  'GET /imports/history': ['officer', 'procurement', 'admin'],
  'GET /imports/templates/:file': ['officer', 'procurement', 'admin'],
  'GET /imports/samples/:file': ['officer', 'procurement', 'admin'],
  'GET /imports/:id': ['officer', 'procurement', 'admin'],
  'GET /imports/:id/mapping': ['officer', 'procurement', 'admin'],
  'POST /imports/:id/mapping': ['officer', 'procurement', 'admin'],
  'POST /imports/:id/commit': ['officer', 'procurement', 'admin'],
  'POST /imports/:id/sheets': ['officer', 'procurement', 'admin'],
  'GET /imports/:id/records': ['officer', 'procurement', 'admin'],
  'GET /imports/:id/values': ['officer', 'procurement', 'admin'],
  'POST /imports/:id/values': ['officer', 'procurement', 'admin'],
  'POST /imports/:id/cells': ['officer', 'procurement', 'admin'],
  'GET /admin/import-values': ['admin'],
  'POST /admin/import-values/:id/delete': ['admin'],
  'POST /api/v1/imports': ['officer', 'procurement', 'admin'],
  'GET /api/v1/imports/:id': ['officer', 'procurement', 'admin'],
  'POST /api/v1/imports/:id/mapping': ['officer', 'procurement', 'admin'],
  'POST /api/v1/imports/:id/cells': ['officer', 'procurement', 'admin'],
  'POST /api/v1/imports/:id/commit': ['officer', 'procurement', 'admin'],
  'GET /imports/:id/rejected-rows': ['officer', 'procurement', 'admin'],
  'GET /api/v1/imports/:id/rejected-rows': ['officer', 'procurement', 'admin'],
};

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

/** Every METHOD path the Express app registers, found by walking its router stack. */
export function registeredRoutes(app: Express): string[] {
  const found: string[] = [];
  const walk = (stack: Layer[]) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const method of Object.keys(layer.route.methods))
          found.push(`${method.toUpperCase()} ${layer.route.path}`);
      } else if (layer.handle?.stack) {
        walk(layer.handle.stack);
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack);
  return found;
}

/** Whether a role may call a route according to the table. */
export function mayCall(route: string, role: Role): boolean {
  const allowed = EXPECTED[route]!;
  return allowed === PUBLIC || allowed.includes(role);
}

/** A concrete path for a route pattern: `:id` is the given record, other ids a record that does not exist. */
export function concretePath(pattern: string, ids: { partnerId: number; userId: number; missing?: number }): string {
  return pattern
    .replace(':id', String(pattern.startsWith('/admin/users') ? ids.userId : ids.partnerId))
    .replace(/:(eventId|reviewId|flagId|decisionId)/, String(ids.missing ?? 999999));
}
