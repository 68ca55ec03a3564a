// Sends the generated hostile requests to every write route (pages with a session and its CSRF
// token; the API with a bearer token and with a session) and collects what went wrong.
import type { Server } from 'node:http';
import fc from 'fast-check';
import request from 'supertest';
import { startSession } from '../../src/auth/sessions.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registeredRoutes } from '../helpers/routes.js';
import { type Portfolio, changedTables, checksums, leakIn, pathFor, portfolioApp, totalChanges } from './fixture.js';
import { recordFigure } from './figures.js';
import { type HostileRequest, hostileRequests } from './hostile.js';

// RELIABILITY_RUNS lowers it for a quick local look; CI and the figures use 300.
export const RUNS_PER_ROUTE = Number(process.env.RELIABILITY_RUNS ?? 300);
const ANSWER_WITHIN_MS = 15_000;
const WRITE = /^(POST|PATCH|PUT|DELETE) /;
// Signing out ends the session every other route is called with; it has no body to attack.
const SKIPPED = new Set(['POST /sign-out']);
// A refused sign-in is counted against the address and the email: that row is the refusal itself.
const BOOKKEEPING: Record<string, string[]> = { 'POST /sign-in': ['signInThrottle'] };

export function writeRoutes(p: Portfolio, api: boolean): string[] {
  return registeredRoutes(p.app).filter(
    (route) => WRITE.test(route) && !SKIPPED.has(route) && route.includes(' /api/') === api,
  );
}

/** Runs the hostile bodies against the write routes of one kind; `part` splits the pages into two files that run in parallel. */
export function hostileSuite(api: boolean, part: (route: string) => boolean = () => true, partLabel = '') {
  const kind = `${api ? 'API' : 'page'}${partLabel}`;
  let p: Portfolio;
  // One listening server and a raw session cookie: supertest would otherwise listen per request.
  let server: Server;
  let session: { cookie: string; csrf: string };
  const totals = { requests: 0, rejected: 0, serverErrors: 0, leaks: 0, changedByRejected: 0 };
  const failures: string[] = [];

  beforeAll(async () => {
    p = await portfolioApp();
    server = p.app.listen(0, '127.0.0.1');
    const admin = await p.db.selectFrom('users').select('id').where('role', '=', 'admin').executeTakeFirstOrThrow();
    const started = await startSession(p.db, admin.id);
    session = { cookie: `sid=${started.token}`, csrf: started.csrfToken };
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    const routes = new Set(failures.map((f) => f.split(' → ')[0])).size;
    const polluted = Object.keys(Object.prototype).length;
    recordFigure({
      check: `hostile ${kind} bodies: requests sent`,
      measured: `${totals.requests} (${totals.rejected} refused with 4xx)`,
      target: `≥ ${RUNS_PER_ROUTE} per route`,
      ok: totals.requests > 0,
    });
    recordFigure({
      check: `hostile ${kind} bodies: 5xx answers or no answer`,
      measured: String(totals.serverErrors),
      target: '0',
      ok: totals.serverErrors === 0,
    });
    recordFigure({
      check: `hostile ${kind} bodies: stack traces / paths shown`,
      measured: String(totals.leaks),
      target: '0',
      ok: totals.leaks === 0,
    });
    recordFigure({
      check: `hostile ${kind} bodies: rows changed by a 4xx`,
      measured: String(totals.changedByRejected),
      target: '0',
      ok: totals.changedByRejected === 0,
    });
    recordFigure({
      check: `hostile ${kind} bodies: routes with a failure`,
      measured: String(routes),
      target: '0',
      ok: routes === 0,
    });
    recordFigure({
      check: `hostile ${kind} bodies: Object.prototype keys added`,
      measured: String(polluted),
      target: '0',
      ok: polluted === 0,
    });
  });

  describe(`hostile ${kind} bodies`, () => {
    it('reaches every write route', async () => {
      expect(writeRoutes(p, api).length).toBeGreaterThan(api ? 10 : 40);
    });

    // The routes are known only once the app is built, so one test walks them all.
    it(`answer no 5xx, show no internals and change nothing when refused (${RUNS_PER_ROUTE} bodies per route)`, async () => {
      for (const route of writeRoutes(p, api).filter(part)) {
        const [method, pattern] = route.split(' ') as [string, string];
        const base = pathFor(pattern, p);
        const skip = BOOKKEEPING[route] ?? [];
        // Tables are hashed again only when SQLite counted a change: exact, and cheap when nothing changed.
        let before = await checksums(p.db, skip);
        let changes = await totalChanges(p.db);
        const seen = new Set<string>();
        const send = async (hostile: HostileRequest, bySession: boolean, query: string) => {
          const path = base + query;
          let req = request(server)[method.toLowerCase() as 'post'](path);
          req = bySession
            ? req.set('Cookie', session.cookie).set('X-CSRF-Token', session.csrf)
            : req.set('Authorization', p.adminBearer);
          if (hostile.contentType !== null) req = req.set('Content-Type', hostile.contentType);
          let res: request.Response;
          try {
            res = await req
              .send(hostile.body)
              .timeout(ANSWER_WITHIN_MS)
              .ok(() => true);
          } catch (error) {
            // No answer at all: the client would hang. Counted with the 5xx.
            totals.requests++;
            totals.serverErrors++;
            failures.push(
              `${route} → no answer within ${ANSWER_WITHIN_MS} ms: ${(error as Error).message} (${bySession ? 'session' : 'bearer'}; ${method} ${path}; ${hostile.label})`,
            );
            return;
          }
          totals.requests++;
          const body = res.text ?? '';
          const problems: string[] = [];
          if (res.status >= 500) {
            totals.serverErrors++;
            problems.push(`answered ${res.status}`);
          }
          const leak = leakIn(body);
          if (leak) {
            totals.leaks++;
            problems.push(`showed ${JSON.stringify(leak)}`);
          }
          const changesNow = await totalChanges(p.db);
          const after = changesNow === changes ? before : await checksums(p.db, skip);
          changes = changesNow;
          if (res.status >= 400 && res.status < 500) {
            totals.rejected++;
            const changed = changedTables(before, after);
            if (changed.length > 0) {
              totals.changedByRejected++;
              problems.push(`answered ${res.status} but changed ${changed.join(', ')}`);
            }
          }
          before = after;
          for (const problem of problems) {
            // One line per route and kind of problem keeps the report readable.
            const key = problem.replace(/\d+/g, '#').slice(0, 40);
            if (seen.has(key)) continue;
            seen.add(key);
            failures.push(
              `${route} → ${problem} (${bySession ? 'session' : 'bearer'}; ${method} ${path}; ${hostile.label})`,
            );
          }
        };
        const queries =
          pattern === '/api/v1/imports'
            ? fc.constantFrom(
                '?type=partners&dryRun=true',
                '?type=events&dryRun=false',
                '?type=nope',
                '',
                '?type=partners&type=events',
                '?type=agreements&sheet=%00',
              )
            : fc.constant('');
        const routeStarted = performance.now();
        await fc.assert(
          fc.asyncProperty(
            hostileRequests(api ? null : session.csrf),
            api ? fc.boolean() : fc.constant(true),
            queries,
            async (hostile, bySession, query) => {
              await send(hostile, bySession, query);
            },
          ),
          { numRuns: RUNS_PER_ROUTE, endOnFailure: true },
        );
        if (process.env.RELIABILITY_TIMES)
          console.log(`${route}: ${((performance.now() - routeStarted) / RUNS_PER_ROUTE).toFixed(1)} ms per request`);
      }
      expect(failures).toEqual([]);
    });
  });
}
