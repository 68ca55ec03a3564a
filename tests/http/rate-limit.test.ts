// The API rate limit: per token, and per user for API calls made from a signed-in browser.
import { pino } from 'pino';
import request from 'supertest';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../src/app.js';
import { apiClient, bearerFor, signedInAgent, testApp } from '../helpers/app.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('API rate limit', () => {
  it('answers the request beyond the limit with 429, Retry-After and a problem body; other tokens go on', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-12-03T10:00:15Z'));
    const { app, db } = await testApp({ limits: { apiRequestsPerMinute: 3 } });
    const busy = apiClient(app, await bearerFor(db, 'viewer'));
    const other = apiClient(app, await bearerFor(db, 'viewer'));

    for (const remaining of ['2', '1', '0']) {
      const ok = await busy.get('/api/v1/partners').expect(200);
      expect(ok.headers['ratelimit-limit']).toBe('3');
      expect(ok.headers['ratelimit-remaining']).toBe(remaining);
    }
    const refused = await busy.get('/api/v1/partners').set('Accept-Language', 'en').expect(429);
    expect(refused.headers['retry-after']).toBe('45');
    expect(refused.type).toBe('application/problem+json');
    expect(refused.body).toMatchObject({
      status: 429,
      title:
        'Too many requests: each token (or user) may make 3 requests a minute to the API. Try again in 45 seconds.',
      requestId: refused.headers['x-request-id'],
    });
    // Writes count too, and are refused before they change anything.
    await busy.post('/api/v1/partners').send({}).expect(429);

    await other.get('/api/v1/partners').expect(200);

    // The next minute starts afresh.
    vi.setSystemTime(new Date('2026-12-03T10:01:00Z'));
    await busy.get('/api/v1/partners').expect(200);
  });

  it('counts API calls made with a session per user, and leaves pages alone', async () => {
    const { app, db } = await testApp({ limits: { apiRequestsPerMinute: 2 } });
    const { agent } = await signedInAgent(app, db, 'viewer');
    await agent.get('/api/v1/partners').expect(200);
    await agent.get('/api/v1/partners').expect(200);
    const refused = await agent.get('/api/v1/partners').expect(429);
    expect(refused.body.title).toBe(
      'Demasiadas solicitudes: cada token (o usuario) puede hacer 2 solicitudes por minuto a la API. Vuelva a intentarlo en ' +
        refused.headers['retry-after'] +
        (refused.headers['retry-after'] === '1' ? ' segundo.' : ' segundos.'),
    );
    for (let i = 0; i < 3; i++) await agent.get('/partners').expect(200);
  });

  it('does not count anonymous calls against anyone, and can be turned off with 0', async () => {
    const limited = await testApp({ limits: { apiRequestsPerMinute: 1 } });
    for (let i = 0; i < 3; i++) await request(limited.app).get('/api/v1/partners').expect(401);

    const { app, db } = await testApp({ limits: { apiRequestsPerMinute: 0 } });
    const client = apiClient(app, await bearerFor(db, 'viewer'));
    for (let i = 0; i < 5; i++) {
      const ok = await client.get('/api/v1/partners').expect(200);
      expect(ok.headers['ratelimit-limit']).toBeUndefined();
    }
  });

  it('counts one limit across instances over the same database, exactly under concurrent calls', async () => {
    const { app: first, db } = await testApp({ limits: { apiRequestsPerMinute: 6 } });
    const second = createApp({
      db,
      logger: pino({ level: 'silent' }),
      production: false,
      limits: { apiRequestsPerMinute: 6 },
    });
    const token = await bearerFor(db, 'viewer');
    const [one, two] = [apiClient(first, token), apiClient(second, token)];
    // The minute may turn between calls; a count that starts afresh is the only way the test could miss.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-12-03T10:00:05Z'));
    expect((await one.get('/api/v1/partners').expect(200)).headers['ratelimit-remaining']).toBe('5');
    expect((await two.get('/api/v1/partners').expect(200)).headers['ratelimit-remaining']).toBe('4');
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_v, i) => (i % 2 === 0 ? one : two).get('/api/v1/partners')),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 200, 429, 429, 429, 429]);
    expect(
      answers
        .filter((a) => a.status === 200)
        .map((a) => a.headers['ratelimit-remaining'])
        .sort(),
    ).toEqual(['0', '1', '2', '3']);
  });
});
