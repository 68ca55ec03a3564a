// Defects found by an outside test (issue 12), each with its regression: a stored value that
// looks like a date, control characters and text direction tricks, credential-less API writes,
// caching of personal data, and forwarding headers from untrusted clients.
import type { Express } from 'express';
import { pino } from 'pino';
import request from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { ADDRESS_FAILURE_LIMIT } from '../../src/auth/throttle.js';
import type { Db } from '../../src/database/connect.js';
import { addPartner, apiClient, bearerFor, csrfFrom, freshDatabase, signedInAgent, testApp } from '../helpers/app.js';

let app: Express;
let db: Db;

beforeEach(async () => {
  ({ app, db } = await testApp());
});

describe('free text is shown as text, whatever it looks like', () => {
  it('keeps /flags up for every role after a comment that looks like an impossible date, and shows comments whole', async () => {
    const partner = await addPartner(db);
    const officer = apiClient(app, await bearerFor(db, 'officer'));
    for (const comment of ['2024-13-45T25:61', '2024-01-15T10:00 revisar la rendición de cuentas', '2024-02-30']) {
      await officer
        .post(`/api/v1/partners/${partner.id}/flags`)
        .send({ level: 'risk', category: 'financial', comment })
        .expect(201);
    }
    for (const role of ['viewer', 'officer', 'procurement', 'admin'] as const) {
      const { agent } = await signedInAgent(app, db, role);
      const page = await agent.get('/flags').expect(200);
      expect(page.text).toContain('2024-13-45T25:61');
      expect(page.text).toContain('2024-01-15T10:00 revisar la rendición de cuentas');
      expect(page.text).toContain('2024-02-30');
    }
  });
});

describe('control characters and text direction overrides', () => {
  it('refuses NUL and ESC in any text field and bidi overrides in names, in the user’s language', async () => {
    const officer = apiClient(app, await bearerFor(db, 'officer'));
    const partner = await addPartner(db);
    const nul = await officer
      .post(`/api/v1/partners/${partner.id}/flags`)
      .set('Accept-Language', 'en')
      .send({ level: 'risk', category: 'other', comment: 'late \u0000 report' })
      .expect(400);
    expect(nul.body.errors).toEqual([
      expect.objectContaining({ path: 'comment', message: expect.stringContaining('invisible control characters') }),
    ]);

    const { agent, csrf } = await signedInAgent(app, db, 'officer');
    const form = await agent.get('/partners/new').expect(200);
    const escaped = await agent
      .post('/partners')
      .type('form')
      .send({
        _csrf: csrfFrom(form.text) || csrf,
        name: 'Fundaci\u202Eón',
        organizationType: 'national_ngo',
        staffCount: '4',
        status: 'active',
        notes: 'ok\u001b[31m',
      })
      .expect(400);
    expect(escaped.text).toContain('cambian la dirección del texto');
    expect(escaped.text).toContain('caracteres de control invisibles');
    expect(await db.selectFrom('partners').select('id').execute()).toHaveLength(1);
  });

  it('keeps tabs and line breaks in free text, and right-to-left letters in names', async () => {
    const officer = apiClient(app, await bearerFor(db, 'officer'));
    const partner = await addPartner(db, { name: 'جمعية الأمل' });
    const flag = await officer
      .post(`/api/v1/partners/${partner.id}/flags`)
      .send({ level: 'observation', category: 'other', comment: 'línea 1\n\tlínea 2\r\n' })
      .expect(201);
    expect(flag.body.comment).toContain('\n\tlínea 2');
  });
});

describe('API calls without credentials', () => {
  it('answers writes with neither a session nor a token 401 with WWW-Authenticate: Bearer, not a CSRF refusal', async () => {
    const partner = await addPartner(db);
    for (const [method, path] of [
      ['post', '/api/v1/partners'],
      ['patch', `/api/v1/partners/${partner.id}`],
      ['delete', `/api/v1/partners/${partner.id}/flags/1`],
      ['post', '/api/v1/imports?type=partners'],
    ] as const) {
      const res = await request(app)[method](path).send({ name: 'x' });
      expect(res.status, `${method} ${path}`).toBe(401);
      expect(res.headers['www-authenticate']).toBe('Bearer');
    }
  });

  it('still refuses a cookie-authenticated API write without the CSRF token', async () => {
    const { agent } = await signedInAgent(app, db, 'officer');
    const res = await agent.post('/api/v1/partners').send({ name: 'x' });
    expect(res.status).toBe(403);
  });
});

describe('no copies of personal data in caches', () => {
  it('sends Cache-Control: no-store on pages, API answers and exports, but lets assets be cached', async () => {
    const { agent } = await signedInAgent(app, db, 'officer');
    const viewer = apiClient(app, await bearerFor(db, 'viewer'));
    for (const res of [
      await agent.get('/partners'),
      await agent.get('/partners?format=csv'),
      await viewer.get('/api/v1/partners'),
      await request(app).get('/sign-in'),
    ]) {
      expect(res.status).toBe(200);
      expect(res.headers['cache-control']).toBe('no-store');
    }
    const css = await request(app).get('/assets/css/app.css');
    expect(css.headers['cache-control']).not.toBe('no-store');
  });
});

describe('forwarding headers', () => {
  const failSignIn = async (target: Express, forwardedFor: string, attempt: number) => {
    const agent = request.agent(target);
    const form = await agent.get('/sign-in');
    return agent
      .post('/sign-in')
      .set('X-Forwarded-For', forwardedFor)
      .type('form')
      .send({ _csrf: csrfFrom(form.text), email: `nadie${attempt}@example.org`, password: 'no es la contraseña' });
  };

  it('does not let X-Forwarded-For dodge the per-address sign-in limit unless TRUST_PROXY names the proxy', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 22; i++) statuses.push((await failSignIn(app, `203.0.113.${i}`, i)).status);
    // The address is locked by its 20th failure, whatever address each request claimed to come from.
    expect(statuses.slice(0, ADDRESS_FAILURE_LIMIT - 1).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(ADDRESS_FAILURE_LIMIT - 1)).toEqual([429, 429, 429]);

    const proxied = createApp({
      db: await freshDatabase(),
      logger: pino({ level: 'silent' }),
      production: true,
      trustProxy: 'loopback',
    });
    const behindProxy: number[] = [];
    for (let i = 0; i < 22; i++) behindProxy.push((await failSignIn(proxied, `203.0.113.${i}`, i)).status);
    expect(behindProxy.every((s) => s === 401)).toBe(true);
  });

  it('marks cookies Secure when HTTPS reached the app through a trusted proxy, not over plain HTTP', async () => {
    const { db: prodDb } = await testApp();
    const behindProxy = createApp({
      db: prodDb,
      logger: pino({ level: 'silent' }),
      production: true,
      trustProxy: 'loopback',
    });
    const overHttps = await request(behindProxy).get('/sign-in').set('X-Forwarded-Proto', 'https');
    expect(overHttps.headers['set-cookie']?.[0]).toMatch(/Secure/);
    expect(overHttps.headers['strict-transport-security']).toBeDefined();
    const plain = await request(behindProxy).get('/sign-in');
    expect(plain.headers['set-cookie']?.[0]).not.toMatch(/Secure/);

    const untrusted = createApp({ db: prodDb, logger: pino({ level: 'silent' }), production: true });
    const spoofed = await request(untrusted).get('/sign-in').set('X-Forwarded-Proto', 'https');
    expect(spoofed.headers['set-cookie']?.[0]).not.toMatch(/Secure/);
  });
});
