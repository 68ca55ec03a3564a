// The request log an operator reads: one line per request with its id, user, route, status and
// duration; a failure's stack once; and never a password, token or CSRF value, whatever was sent.
import { sql } from 'kysely';
import { pino } from 'pino';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { TOKEN_PREFIX } from '../../src/api-tokens/repository.js';
import { DEMO_USERS, createDemoUsers } from '../../src/demo/users.js';
import { loggableUrl, requestIdFor } from '../../src/http/logging.js';
import { addPartner, csrfFrom, partnerInput, testApp } from '../helpers/app.js';

interface LogLine {
  level: number;
  msg: string;
  reqId?: string;
  userId?: number;
  tokenId?: number;
  route?: string;
  responseTime?: number;
  req?: { method: string; url: string };
  res?: { statusCode: number };
  err?: { message: string; stack: string };
}

async function loggedApp() {
  const chunks: string[] = [];
  const logger = pino({ level: 'info' }, { write: (chunk: string) => void chunks.push(chunk) });
  const { app, db } = await testApp({ logger });
  const lines = () =>
    chunks
      .join('')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as LogLine);
  return { app, db, text: () => chunks.join(''), lines };
}

async function signIn(app: Parameters<typeof request.agent>[0], email: string, password: string) {
  const agent = request.agent(app);
  const form = await agent.get('/sign-in');
  const csrf = csrfFrom(form.text);
  await agent.post('/sign-in').type('form').send({ _csrf: csrf, email, password }).expect(303);
  return { agent, anonymousCsrf: csrf };
}

describe('the request log', () => {
  it('keeps passwords, tokens and CSRF values out of a realistic session', async () => {
    const { app, db, text, lines } = await loggedApp();
    await createDemoUsers(db);
    const partner = await addPartner(db);
    const secrets: string[] = DEMO_USERS.map((user) => user.password);

    // Every demo user signs in, after one wrong password each.
    const sessions = [];
    for (const user of DEMO_USERS) {
      const anonymous = request.agent(app);
      const form = await anonymous.get('/sign-in');
      await anonymous
        .post('/sign-in')
        .type('form')
        .send({ _csrf: csrfFrom(form.text), email: user.email, password: `${user.password}-wrong` })
        .expect(401);
      secrets.push(`${user.password}-wrong`, csrfFrom(form.text));
      const session = await signIn(app, user.email, user.password);
      secrets.push(session.anonymousCsrf);
      const page = await session.agent.get('/account').expect(200);
      secrets.push(csrfFrom(page.text));
      sessions.push({ ...session, csrf: csrfFrom(page.text), user });
    }
    const admin = sessions[0]!;

    // The admin creates a token on the tokens page, and uses it.
    const created = await admin.agent
      .post('/account/tokens')
      .type('form')
      .send({ _csrf: admin.csrf, name: 'Panel de datos', expiresInDays: '30' })
      .expect(201);
    const token = /id="new-token">([^<]+)</.exec(created.text)![1]!;
    secrets.push(token, token.slice(TOKEN_PREFIX.length, TOKEN_PREFIX.length + 6), token.slice(-12));
    const bearer = `Bearer ${token}`;
    await request(app).get('/api/v1/partners').set('Authorization', bearer).expect(200);
    await request(app).get(`/api/v1/partners/${partner.id}`).set('Authorization', bearer).expect(200);
    await request(app).post('/api/v1/partners').set('Authorization', bearer).send({ name: '' }).expect(400);
    await request(app)
      .post('/api/v1/partners')
      .set('Authorization', bearer)
      .send(await partnerInput(db, { name: 'Fundación Nueva' }))
      .expect(201);
    await request(app).get('/api/v1/partners').set('Authorization', `Bearer ${token}x`).expect(401);
    // Secrets pushed into addresses by careless clients are masked too.
    await request(app).get(`/api/v1/partners?access_token=${token}`).set('Authorization', bearer);
    await admin.agent.get(`/partners?password=${DEMO_USERS[1]!.password}&_csrf=${admin.csrf}`);

    // The officer changes their password, once wrongly.
    const officer = sessions[1]!;
    const newPassword = 'otra clave nueva y larga';
    secrets.push(newPassword);
    await officer.agent
      .post('/account/password')
      .type('form')
      .send({ _csrf: officer.csrf, currentPassword: 'no es la clave', newPassword, confirmPassword: newPassword })
      .expect(400);
    await officer.agent
      .post('/account/password')
      .type('form')
      .send({ _csrf: officer.csrf, currentPassword: officer.user.password, newPassword, confirmPassword: newPassword })
      .expect(303);

    // Failing requests: a form without its token, an unknown page, a forged session cookie.
    await sessions[2]!.agent
      .post('/account/language')
      .type('form')
      .send({ _csrf: `${sessions[2]!.csrf}x`, language: 'en' })
      .expect(403);
    await sessions[3]!.agent.get('/no-such-page').expect(404);
    await request(app).get('/partners').set('Cookie', 'sid=forged-session-value-123456').expect(303);
    secrets.push('forged-session-value-123456');

    const log = text();
    expect(lines().length).toBeGreaterThan(30);
    for (const secret of secrets) expect(log, `the log contains ${secret}`).not.toContain(secret);
    expect(log).not.toContain(TOKEN_PREFIX);
    expect(log).not.toMatch(/"(authorization|cookie|set-cookie|x-csrf-token)"/i);
    expect(log).toContain('access_token=%5BRedacted%5D');
  });

  it('logs each request once with its id, user, route pattern, status and duration', async () => {
    const { app, db, lines } = await loggedApp();
    await createDemoUsers(db);
    const partner = await addPartner(db);
    const viewer = DEMO_USERS.find((user) => user.role === 'viewer')!;
    const { agent } = await signIn(app, viewer.email, viewer.password);
    const userId = (
      await db.selectFrom('users').select('id').where('email', '=', viewer.email).executeTakeFirstOrThrow()
    ).id;

    const page = await agent.get(`/partners/${partner.id}`).set('X-Request-Id', 'proxy-7f3a.42').expect(200);
    expect(page.headers['x-request-id']).toBe('proxy-7f3a.42');
    const odd = await agent.get('/partners').set('X-Request-Id', '<script>alert(1)</script>').expect(200);
    expect(odd.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);

    const line = lines().filter((l) => l.reqId === 'proxy-7f3a.42');
    expect(line).toHaveLength(1);
    expect(line[0]).toMatchObject({
      msg: 'request completed',
      userId,
      route: '/partners/:id',
      req: { method: 'GET', url: `/partners/${partner.id}` },
      res: { statusCode: 200 },
    });
    expect(line[0]!.responseTime).toBeGreaterThanOrEqual(0);
    expect(lines().filter((l) => l.reqId === odd.headers['x-request-id'])).toHaveLength(1);
  });

  it('logs a failure once, with its stack, under the id the error page shows', async () => {
    const { app, db, lines } = await loggedApp();
    await createDemoUsers(db);
    const viewer = DEMO_USERS.find((user) => user.role === 'viewer')!;
    const { agent } = await signIn(app, viewer.email, viewer.password);
    await sql`drop table partner_scores`.execute(db);

    const failed = await agent.get('/ranking').expect(500);
    const id = failed.headers['x-request-id']!;
    expect(failed.text).toContain(`Referencia: <code>${id}</code>`);

    const withStack = lines().filter((l) => l.err?.stack);
    expect(withStack).toHaveLength(1);
    expect(withStack[0]).toMatchObject({
      reqId: id,
      level: 50,
      msg: 'request failed',
      route: '/ranking',
      res: { statusCode: 500 },
    });
    // SQLite says "no such table", PostgreSQL "relation … does not exist".
    expect(withStack[0]!.err!.stack).toMatch(/no such table|relation "partner_scores" does not exist/);
    expect(lines().filter((l) => l.reqId === id || l.msg === 'request failed')).toHaveLength(1);
  });

  it('keeps only short, plain incoming request ids, and masks secret-looking query values', () => {
    expect(requestIdFor('abc-123_x.y:z')).toBe('abc-123_x.y:z');
    for (const odd of ['', 'a'.repeat(65), 'a b', 'a"b', '{"level":60}', undefined, ['a', 'b']])
      expect(requestIdFor(odd)).toMatch(/^[0-9a-f-]{36}$/);
    expect(loggableUrl('/sign-in?next=%2Fpartners&password=x&apiToken=y&CSRF=z')).toBe(
      '/sign-in?next=%2Fpartners&password=%5BRedacted%5D&apiToken=%5BRedacted%5D&CSRF=%5BRedacted%5D',
    );
    expect(loggableUrl(`/partners?q=${'a'.repeat(400)}`)).toHaveLength(301);
  });
});
