import { pino } from 'pino';
import request from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { ABSOLUTE_TIMEOUT_MS, IDLE_TIMEOUT_MS } from '../../src/auth/sessions.js';
import { sha256 } from '../../src/auth/secrets.js';
import { ACCOUNT_FAILURE_LIMIT, THROTTLE_WINDOW_MS, recordFailure } from '../../src/auth/throttle.js';
import type { Db } from '../../src/database/connect.js';
import { csrfFrom, signedInAgent, testApp, userWithRole } from '../helpers/app.js';

let app: Awaited<ReturnType<typeof testApp>>['app'];
let db: Db;

beforeEach(async () => {
  ({ app, db } = await testApp());
});

function cookieOf(res: request.Response, name: string): string | undefined {
  const raw = res.headers['set-cookie'] as unknown as string[] | undefined;
  return raw?.find((cookie) => cookie.startsWith(`${name}=`));
}

async function attempt(agent: request.Agent, email: string, password: string, ip = '10.0.0.1') {
  const form = await agent.get('/sign-in');
  return agent
    .post('/sign-in')
    .set('X-Forwarded-For', ip)
    .type('form')
    .send({ _csrf: csrfFrom(form.text), email, password });
}

describe('signing in', () => {
  it('is the only page (with health and assets) open without a session', async () => {
    await request(app).get('/partners').expect(303).expect('Location', '/sign-in?next=%2Fpartners');
    await request(app).get('/sign-in').expect(200);
    await request(app).get('/health').expect(200);
    const api = await request(app).get('/api/v1/partners').expect(401);
    expect(api.type).toBe('application/problem+json');
    expect(api.headers['www-authenticate']).toBe('Bearer');
  });

  it('sets an HttpOnly, SameSite=Lax session cookie and goes to the page asked for', async () => {
    const { email, password } = await userWithRole(db, 'viewer');
    const agent = request.agent(app);
    const form = await agent.get('/sign-in?next=/partners?q=abc');
    const res = await agent
      .post('/sign-in')
      .type('form')
      .send({ _csrf: csrfFrom(form.text), email, password, next: '/partners?q=abc' })
      .expect(303);
    expect(res.headers.location).toBe('/partners?q=abc');
    const cookie = cookieOf(res, 'sid')!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);
    await agent.get('/partners').expect(200);
  });

  it('marks the cookies Secure when the request came over HTTPS through a trusted proxy', async () => {
    const { db: prodDb } = await testApp();
    const prod = createApp({ db: prodDb, logger: pino({ level: 'silent' }), production: true, trustProxy: 'loopback' });
    const { email, password } = await userWithRole(prodDb, 'viewer');
    const form = await request(prod).get('/sign-in').set('X-Forwarded-Proto', 'https');
    const anonymous = cookieOf(form, 'csrf')!;
    expect(anonymous).toMatch(/Secure/);
    // A cookie jar would not send Secure cookies over plain HTTP, so the test sends it by hand.
    const res = await request(prod)
      .post('/sign-in')
      .set('X-Forwarded-Proto', 'https')
      .set('Cookie', anonymous.split(';')[0]!)
      .type('form')
      .send({ _csrf: csrfFrom(form.text), email, password })
      .expect(303);
    expect(cookieOf(res, 'sid')).toMatch(/Secure/);
  });

  it('gives the same answer for a wrong password and an unknown email', async () => {
    const { email } = await userWithRole(db, 'viewer');
    const wrong = await attempt(request.agent(app), email, 'no es la contraseña');
    const unknown = await attempt(request.agent(app), 'nadie@example.org', 'no es la contraseña');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const message = (html: string) => /<li><a href="#field-email">([^<]+)<\/a><\/li>/.exec(html)?.[1];
    expect(message(wrong.text)).toBe('El correo o la contraseña no son correctos.');
    expect(message(unknown.text)).toBe(message(wrong.text));
    expect(wrong.text).toContain(`value="${email}"`);
  });

  it('issues a new session id at sign-in, so a planted session is worthless (fixation)', async () => {
    const { email, password } = await userWithRole(db, 'officer');
    const first = await signedInAgent(app, db, 'viewer');
    const before = (await db.selectFrom('sessions').select('id').execute()).map((s) => s.id);
    const form = await first.agent.get('/account');
    const res = await first.agent
      .post('/sign-in')
      .type('form')
      .send({ _csrf: csrfFrom(form.text), email, password })
      .expect(303);
    const newToken = /sid=([^;]+)/.exec(cookieOf(res, 'sid')!)![1]!;
    const after = (await db.selectFrom('sessions').select('id').execute()).map((s) => s.id);
    expect(after).toContain(sha256(decodeURIComponent(newToken)));
    for (const old of before) expect(after).not.toContain(old);
  });

  it('locks an account after 5 failures, refusing even the right password for a while', async () => {
    const { email, password } = await userWithRole(db, 'viewer');
    for (let i = 0; i < 4; i++) expect((await attempt(request.agent(app), email, `mala ${i}`)).status).toBe(401);
    const fifth = await attempt(request.agent(app), email, 'mala 5');
    expect(fifth.status).toBe(429);
    expect(fifth.text).toMatch(/Demasiados intentos fallidos\. Por seguridad, espere \d+ minutos/);
    expect((await attempt(request.agent(app), email, password)).status).toBe(429);
    // Once the lock has passed, the right password works again.
    await db
      .updateTable('signInThrottle')
      .set({ lockedUntil: new Date(Date.now() - 1000).toISOString(), windowStartedAt: '2000-01-01T00:00:00.000Z' })
      .execute();
    expect((await attempt(request.agent(app), email, password)).status).toBe(303);
  });

  it('counts every failure when many arrive together, as from several instances', async () => {
    const { email } = await userWithRole(db, 'viewer');
    const key = `account:${email}`;
    await Promise.all(Array.from({ length: 12 }, () => recordFailure(db, key, ACCOUNT_FAILURE_LIMIT)));
    const row = await db.selectFrom('signInThrottle').selectAll().where('key', '=', key).executeTakeFirstOrThrow();
    expect(row.failures).toBe(12);
    expect(Date.parse(row.lockedUntil!)).toBeGreaterThan(Date.now());
    // A window older than 15 minutes starts the count again, unlocked.
    await recordFailure(db, key, ACCOUNT_FAILURE_LIMIT, new Date(Date.now() + THROTTLE_WINDOW_MS + 1000));
    const later = await db.selectFrom('signInThrottle').selectAll().where('key', '=', key).executeTakeFirstOrThrow();
    expect(later).toMatchObject({ failures: 1, lockedUntil: null });
  });

  it('locks an address after 20 failures across accounts, with the same message for unknown emails', async () => {
    // Behind a reverse proxy named by TRUST_PROXY, the address is the one the proxy forwards.
    const app = createApp({ db, logger: pino({ level: 'silent' }), production: false, trustProxy: 'loopback' });
    for (let i = 0; i < 19; i++)
      await attempt(request.agent(app), `nadie${i}@example.org`, 'una clave cualquiera', '10.9.9.9');
    const twentieth = await attempt(request.agent(app), 'otro@example.org', 'una clave cualquiera', '10.9.9.9');
    expect(twentieth.status).toBe(429);
    const { email, password } = await userWithRole(db, 'viewer');
    expect((await attempt(request.agent(app), email, password, '10.9.9.9')).status).toBe(429);
    expect((await attempt(request.agent(app), email, password, '10.1.1.1')).status).toBe(303);
  });

  it('signs out: the session stops working', async () => {
    const { agent, csrf } = await signedInAgent(app, db, 'viewer');
    await agent
      .post('/sign-out')
      .type('form')
      .send({ _csrf: csrf })
      .expect(303)
      .expect('Location', '/sign-in?signedOut=1');
    await agent.get('/partners').expect(303);
    expect(await db.selectFrom('sessions').selectAll().execute()).toEqual([]);
  });

  it('ends a session idle for 8 hours, and any session after 24 hours', async () => {
    const idle = await signedInAgent(app, db, 'viewer');
    await db
      .updateTable('sessions')
      .set({ lastSeenAt: new Date(Date.now() - IDLE_TIMEOUT_MS - 1000).toISOString() })
      .execute();
    await idle.agent.get('/partners').expect(303);

    const old = await signedInAgent(app, db, 'viewer');
    await db
      .updateTable('sessions')
      .set({
        createdAt: new Date(Date.now() - ABSOLUTE_TIMEOUT_MS - 1000).toISOString(),
        lastSeenAt: new Date().toISOString(),
      })
      .execute();
    await old.agent.get('/partners').expect(303);

    const fresh = await signedInAgent(app, db, 'viewer');
    await db
      .updateTable('sessions')
      .set({ lastSeenAt: new Date(Date.now() - IDLE_TIMEOUT_MS + 60_000).toISOString() })
      .execute();
    await fresh.agent.get('/partners').expect(200);
  });
});

describe('CSRF protection', () => {
  it('refuses a form post without the token, or with another one', async () => {
    const { agent, csrf } = await signedInAgent(app, db, 'officer');
    const missing = await agent.post('/partners').type('form').send({ name: 'Sin token' }).expect(403);
    expect(missing.text).toContain('El formulario caducó');
    await agent
      .post('/partners')
      .type('form')
      .send({ _csrf: `${csrf}x`, name: 'Token ajeno' })
      .expect(403);
    await agent.post('/sign-out').type('form').send({}).expect(403);
    await agent.get('/partners').expect(200);
  });

  it('refuses the sign-in form without its token', async () => {
    const { email, password } = await userWithRole(db, 'viewer');
    await request(app).post('/sign-in').type('form').send({ email, password }).expect(403);
  });

  it('asks API calls made with a session cookie for the X-CSRF-Token header', async () => {
    const { agent, csrf } = await signedInAgent(app, db, 'officer');
    await agent.delete('/api/v1/partners/1').expect(403);
    await agent.delete('/api/v1/partners/1').set('X-CSRF-Token', csrf).expect(404);
  });
});
