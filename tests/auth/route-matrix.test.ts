// Walks every route the app registers, for every role and for no session, and checks the answer
// against this table. A route added without a line here fails the suite.
import type { Express } from 'express';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../src/auth/access.js';
import { addPartner, bearerFor, csrfFrom, signedInAgent, testApp, userWithRole } from '../helpers/app.js';

const EVERYONE = ROLES;
const PUBLIC = 'public' as const;
type Allowed = typeof PUBLIC | readonly Role[];

const EXPECTED: Record<string, Allowed> = {
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
  'GET /imports/:id/records': ['officer', 'procurement', 'admin'],
  'POST /api/v1/imports': ['officer', 'procurement', 'admin'],
  'GET /api/v1/imports/:id': ['officer', 'procurement', 'admin'],
};

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

/** Every METHOD path the Express app registers, found by walking its router stack. */
function registeredRoutes(app: Express): string[] {
  const found: string[] = [];
  const walk = (stack: Layer[]) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const method of Object.keys(layer.route.methods)) found.push(`${method.toUpperCase()} ${layer.route.path}`);
      } else if (layer.handle?.stack) {
        walk(layer.handle.stack);
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack);
  return found;
}

describe('route × role matrix', () => {
  let app: Express;
  const agents = new Map<Role, { agent: request.Agent; csrf: string }>();
  const bearers = new Map<Role, string>();
  let partnerId: number;
  let targetUserId: number;
  let anonymous: { agent: request.Agent; csrf: string };

  beforeAll(async () => {
    const built = await testApp();
    app = built.app;
    partnerId = (await addPartner(built.db)).id;
    // Admin routes act on a user of their own, so they never disturb the signed-in agents.
    targetUserId = (await userWithRole(built.db, 'viewer')).user.id;
    const visitor = request.agent(app);
    anonymous = { agent: visitor, csrf: csrfFrom((await visitor.get('/sign-in')).text) };
    for (const role of ROLES) {
      agents.set(role, await signedInAgent(app, built.db, role));
      bearers.set(role, await bearerFor(built.db, role));
    }
  }, 60_000);

  it('has an expected access for every registered route, and no stale line', () => {
    const routes = registeredRoutes(app);
    expect(routes.filter((route) => !(route in EXPECTED))).toEqual([]);
    expect(Object.keys(EXPECTED).filter((route) => !routes.includes(route))).toEqual([]);
  });

  it('answers every route as the table says, for each role and for no session', async () => {
    const failures: string[] = [];
    // Signing out ends the agents' sessions, so it goes last.
    const routes = registeredRoutes(app).sort((a, b) => Number(a === 'POST /sign-out') - Number(b === 'POST /sign-out'));
    for (const route of routes) {
      const [method, pattern] = route.split(' ') as [string, string];
      // Sub-records that do not exist answer 404, which still proves the role was let through.
      const path = pattern
        .replace(':id', String(pattern.startsWith('/admin/users') ? targetUserId : partnerId))
        .replace(/:(eventId|reviewId|flagId|decisionId)/, '999999');
      const api = path.startsWith('/api/');
      const allowed = EXPECTED[route]!;
      const send = (req: request.Test) => (method === 'GET' ? req : req.type(api ? 'json' : 'form'));
      const call = (client: request.Agent | ReturnType<typeof request>, headers: Record<string, string>, body: object) =>
        send((client as unknown as Record<string, (p: string) => request.Test>)[method.toLowerCase()]!(path).set(headers)).send(method === 'GET' ? undefined : body);

      const visitor = await call(anonymous.agent, {}, { _csrf: anonymous.csrf });
      const visitorOk =
        allowed === PUBLIC
          ? ![401, 403].includes(visitor.status)
          : api
            ? visitor.status === 401
            : visitor.status === 303 && visitor.headers.location?.startsWith('/sign-in?next=');
      if (!visitorOk) failures.push(`${route} without a session answered ${visitor.status}`);

      for (const role of ROLES) {
        const mayCall = allowed === PUBLIC || allowed.includes(role);
        const res = api
          ? await call(request(app), { Authorization: bearers.get(role)! }, {})
          : await call(agents.get(role)!.agent, {}, { _csrf: agents.get(role)!.csrf });
        const ok = mayCall ? ![401, 403].includes(res.status) && !(res.status === 303 && res.headers.location?.startsWith('/sign-in?next=')) : res.status === 403;
        if (!ok) failures.push(`${route} as ${role} answered ${res.status}`);
      }
    }
    expect(failures).toEqual([]);
  }, 60_000);
});
