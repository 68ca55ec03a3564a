// Every registered route × every kind of caller, against the access table in tests/helpers/routes.ts:
// no credentials, each role by session and by token, revoked and expired tokens, expired and
// signed-out sessions. Complements tests/auth/route-matrix.test.ts (roles only) with the callers
// whose credentials are missing or dead.
import type { Server } from 'node:http';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../src/auth/access.js';
import { createApiToken, revokeApiToken } from '../../src/api-tokens/service.js';
import { SYSTEM_ACTOR } from '../../src/audit/actor.js';
import { startSession } from '../../src/auth/sessions.js';
import { userWithRole } from '../helpers/app.js';
import { PUBLIC, EXPECTED, registeredRoutes } from '../helpers/routes.js';
import { recordFigure } from './figures.js';
import { type Portfolio, pathFor, portfolioApp } from './fixture.js';

type Expectation = 'allowed' | 'forbidden' | 'unauthenticated';

interface Caller {
  name: string;
  headers: Record<string, string>;
  /** The role the credentials would carry if they were alive. */
  role: Role | null;
  alive: boolean;
  /** Pages ignore bearer tokens: a token caller is anonymous there. */
  pages: boolean;
}

let p: Portfolio;
let server: Server;
const callers: Caller[] = [];

async function sessionHeaders(
  role: Role,
): Promise<{ headers: Record<string, string>; sessionId: string; userId: number }> {
  const { user } = await userWithRole(p.db, role);
  const { token, csrfToken } = await startSession(p.db, user.id);
  const row = await p.db.selectFrom('sessions').select('id').where('userId', '=', user.id).executeTakeFirstOrThrow();
  return { headers: { Cookie: `sid=${token}`, 'X-CSRF-Token': csrfToken }, sessionId: row.id, userId: user.id };
}

async function tokenFor(role: Role) {
  const { user } = await userWithRole(p.db, role);
  const created = await createApiToken(p.db, SYSTEM_ACTOR, user.id, { name: 'matrix', expiresInDays: 30 });
  return {
    header: `Bearer ${created.token}`,
    userId: user.id,
    tokenId: (await p.db.selectFrom('apiTokens').select('id').where('userId', '=', user.id).executeTakeFirstOrThrow())
      .id,
  };
}

beforeAll(async () => {
  p = await portfolioApp();
  server = p.app.listen(0, '127.0.0.1');
  callers.push({ name: 'no credentials', headers: {}, role: null, alive: false, pages: true });
  for (const role of ROLES) {
    callers.push({
      name: `${role} by session`,
      headers: (await sessionHeaders(role)).headers,
      role,
      alive: true,
      pages: true,
    });
    callers.push({
      name: `${role} by token`,
      headers: { Authorization: (await tokenFor(role)).header },
      role,
      alive: true,
      pages: false,
    });
  }
  const revoked = await tokenFor('admin');
  await revokeApiToken(p.db, SYSTEM_ACTOR, revoked.userId, revoked.tokenId);
  callers.push({
    name: 'revoked admin token',
    headers: { Authorization: revoked.header },
    role: 'admin',
    alive: false,
    pages: false,
  });
  const expired = await tokenFor('admin');
  await p.db
    .updateTable('apiTokens')
    .set({ expiresAt: new Date(Date.now() - 60_000).toISOString() })
    .where('id', '=', expired.tokenId)
    .execute();
  callers.push({
    name: 'expired admin token',
    headers: { Authorization: expired.header },
    role: 'admin',
    alive: false,
    pages: false,
  });
  const old = await sessionHeaders('admin');
  const dayAgo = new Date(Date.now() - 25 * 3_600_000).toISOString();
  await p.db
    .updateTable('sessions')
    .set({ createdAt: dayAgo, lastSeenAt: dayAgo })
    .where('id', '=', old.sessionId)
    .execute();
  callers.push({ name: 'expired admin session', headers: old.headers, role: 'admin', alive: false, pages: true });
  const signedOut = await sessionHeaders('admin');
  const out = await request(server).post('/sign-out').set(signedOut.headers).type('form').send({});
  if (out.status !== 303) throw new Error(`sign-out answered ${out.status}`);
  callers.push({
    name: 'signed-out admin session',
    headers: signedOut.headers,
    role: 'admin',
    alive: false,
    pages: true,
  });
}, 120_000);

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

function expected(route: string, caller: Caller, api: boolean): Expectation {
  const allowed = EXPECTED[route]!;
  if (allowed === PUBLIC) return 'allowed';
  const authenticated = caller.alive && (api || caller.pages);
  if (!authenticated) return 'unauthenticated';
  return allowed.includes(caller.role!) ? 'allowed' : 'forbidden';
}

describe('route × caller matrix', () => {
  it('answers every route as the access table says, for every kind of caller', async () => {
    const mismatches: string[] = [];
    let checked = 0;
    // Signing out ends the callers' sessions, so it goes last.
    const routes = registeredRoutes(p.app).sort(
      (a, b) => Number(a === 'POST /sign-out') - Number(b === 'POST /sign-out'),
    );
    for (const route of routes) {
      const [method, pattern] = route.split(' ') as [string, string];
      const path = pathFor(pattern, p);
      const api = path.startsWith('/api/');
      for (const caller of callers) {
        const want = expected(route, caller, api);
        let req = request(server)[method.toLowerCase() as 'get'](path).set(caller.headers).redirects(0);
        if (method !== 'GET') req = req.type(api ? 'json' : 'form').send({});
        const res = await req.ok(() => true);
        checked++;
        const toSignIn = res.status === 303 && String(res.headers.location).startsWith('/sign-in?next=');
        let ok: boolean;
        let wanted: string;
        // Public forms (sign-in, language) still need the double-submit CSRF token a caller without a
        // live session does not have here: 403 is the CSRF check, not access control.
        const csrfRefusal = !api && method !== 'GET' && !(caller.alive && caller.pages) && res.status === 403;
        if (want === 'allowed') {
          // 503: the PDF report has no browser in tests.
          ok =
            (![401, 403].includes(res.status) || csrfRefusal) &&
            !toSignIn &&
            (res.status < 500 || (res.status === 503 && pattern.endsWith('.pdf')));
          wanted = 'let through (not 401, 403, sign-in or 5xx)';
        } else if (want === 'forbidden') {
          ok = res.status === 403;
          wanted = '403';
        } else if (api) {
          ok = res.status === 401 && /^Bearer/i.test(String(res.headers['www-authenticate']));
          wanted = '401 with WWW-Authenticate: Bearer';
        } else {
          // A page form posted without a live session cannot carry a valid CSRF token: refusing it
          // with 403 is as safe as sending the visitor to sign in.
          ok = toSignIn || (method !== 'GET' && res.status === 403);
          wanted = method === 'GET' ? '303 to /sign-in' : '303 to /sign-in or 403';
        }
        if (!ok)
          mismatches.push(
            `${route} by ${caller.name}: answered ${res.status}${res.headers.location ? ` → ${res.headers.location}` : ''}, expected ${wanted}`,
          );
      }
    }
    recordFigure({
      check: 'route × caller matrix: answers checked',
      measured: `${checked} (${routes.length} routes × ${callers.length} callers)`,
      target: 'every route, every caller',
      ok: checked === routes.length * callers.length,
    });
    recordFigure({
      check: 'route × caller matrix: mismatches',
      measured: String(mismatches.length),
      target: '0',
      ok: mismatches.length === 0,
    });
    expect(mismatches).toEqual([]);
  });
});
