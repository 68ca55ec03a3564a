// Walks every route the app registers, for every role and for no session, and checks the answer
// against the table in tests/helpers/routes.ts. A route added without a line there fails the suite.
import type { Express } from 'express';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../src/auth/access.js';
import { addPartner, bearerFor, csrfFrom, signedInAgent, testApp, userWithRole } from '../helpers/app.js';
import { EXPECTED, PUBLIC, registeredRoutes } from '../helpers/routes.js';

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
    const routes = registeredRoutes(app).sort(
      (a, b) => Number(a === 'POST /sign-out') - Number(b === 'POST /sign-out'),
    );
    for (const route of routes) {
      const [method, pattern] = route.split(' ') as [string, string];
      // Sub-records that do not exist answer 404, which still proves the role was let through.
      const path = pattern
        .replace(':id', String(pattern.startsWith('/admin/users') ? targetUserId : partnerId))
        .replace(/:(eventId|reviewId|flagId|decisionId)/, '999999');
      const api = path.startsWith('/api/');
      const allowed = EXPECTED[route]!;
      const send = (req: request.Test) => (method === 'GET' ? req : req.type(api ? 'json' : 'form'));
      const call = (
        client: request.Agent | ReturnType<typeof request>,
        headers: Record<string, string>,
        body: object,
      ) =>
        send(
          (client as unknown as Record<string, (p: string) => request.Test>)[method.toLowerCase()]!(path).set(headers),
        ).send(method === 'GET' ? undefined : body);

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
        const ok = mayCall
          ? ![401, 403].includes(res.status) &&
            !(res.status === 303 && res.headers.location?.startsWith('/sign-in?next='))
          : res.status === 403;
        if (!ok) failures.push(`${route} as ${role} answered ${res.status}`);
      }
    }
    expect(failures).toEqual([]);
  }, 60_000);
});
