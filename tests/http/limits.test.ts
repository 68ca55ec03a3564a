// Explicit limits: address length, header size, server timeouts, and the bound on import work.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Request, Response } from 'express';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_LIMIT_SETTINGS, MAX_URL_LENGTH, SERVER_TIMEOUTS, applyServerTimeouts } from '../../src/http/limits.js';
import { createWorkQueue, createWorkQueues } from '../../src/http/work-queue.js';
import { bearerFor, signedInAgent, testApp } from '../helpers/app.js';

const servers: http.Server[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

async function listening(app: http.RequestListener) {
  const server = http.createServer(app);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

describe('address and header limits', () => {
  it('answers an address longer than 8 KB with 414 and says so, on pages and in the API', async () => {
    const { app, db } = await testApp();
    const { agent } = await signedInAgent(app, db, 'viewer');
    const long = 'a'.repeat(MAX_URL_LENGTH);
    const page = await agent.get(`/partners?q=${long}`).expect(414);
    expect(page.text).toContain(
      'La dirección es demasiado larga (más de 8.192 caracteres); acorte los filtros o la búsqueda.',
    );
    expect(page.text).toMatch(/Referencia: <code>[0-9a-f-]{36}<\/code>/);

    const api = await request(app)
      .get(`/api/v1/partners?q=${long}`)
      .set('Authorization', await bearerFor(db, 'viewer'))
      .set('Accept-Language', 'en')
      .expect(414);
    expect(api.type).toBe('application/problem+json');
    expect(api.body).toMatchObject({
      status: 414,
      title: 'The address is too long (more than 8,192 characters); shorten the filters or the search.',
    });
    expect(api.body.requestId).toBe(api.headers['x-request-id']);

    await agent.get(`/partners?q=${'a'.repeat(MAX_URL_LENGTH - 100)}`).expect(200);
  });

  it('leaves headers over Node’s 16 KB limit to Node, which answers 431', async () => {
    const { app } = await testApp();
    const server = await listening(app);
    const { port } = server.address() as AddressInfo;
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const req = http.get(
        { port, host: '127.0.0.1', path: '/sign-in', headers: { 'X-Padding': 'x'.repeat(20_000) } },
        (res) => {
          res.resume();
          resolve(res.statusCode);
        },
      );
      req.on('error', reject);
    });
    expect(status).toBe(431);
  });

  it('sets the server timeouts that cut slow clients off', () => {
    const server = http.createServer();
    applyServerTimeouts(server);
    expect(server.headersTimeout).toBe(SERVER_TIMEOUTS.headersTimeout);
    expect(server.requestTimeout).toBe(SERVER_TIMEOUTS.requestTimeout);
    expect(server.keepAliveTimeout).toBe(SERVER_TIMEOUTS.keepAliveTimeout);
    expect(server.timeout).toBe(SERVER_TIMEOUTS.timeout);
    expect(server.headersTimeout).toBeLessThan(server.requestTimeout);
  });
});

describe('bounded imports and exports', () => {
  it('keeps the only import place for a slow upload; another import gets 503 with Retry-After after its wait', async () => {
    const { app, db } = await testApp({ limits: { importConcurrency: 1, queueWaitSeconds: 0.3 } });
    const authorization = await bearerFor(db, 'officer');
    const server = await listening(app);
    const { port } = server.address() as AddressInfo;

    // An upload that announces 1 MB and sends a few bytes, then stalls.
    const slow = http.request({
      port,
      host: '127.0.0.1',
      method: 'POST',
      path: '/api/v1/imports?type=partners',
      headers: {
        Authorization: authorization,
        'Content-Type': 'multipart/form-data; boundary=x',
        'Content-Length': 1_000_000,
      },
    });
    slow.on('error', () => undefined);
    slow.write('--x\r\nContent-Disposition: form-data; name="file"; filename="socios.csv"\r\n\r\nNombre\n');
    await new Promise((resolve) => setTimeout(resolve, 100));

    const refused = await request(server)
      .post('/api/v1/imports?type=partners')
      .set('Authorization', authorization)
      .attach('file', Buffer.from('Nombre\nFundación Uno\n'), 'socios.csv')
      .expect(503);
    expect(refused.headers['retry-after']).toBe('10');
    expect(refused.type).toBe('application/problem+json');
    expect(refused.body.title).toBe(
      'Hay demasiadas importaciones en curso a la vez; no se recibió ni guardó nada. Vuelva a intentarlo en 10 segundos.',
    );
    expect(await db.selectFrom('imports').select('id').execute()).toEqual([]);

    // The stalled client leaves: its place is free again.
    slow.destroy();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const accepted = await request(server)
      .post('/api/v1/imports?type=partners')
      .set('Authorization', authorization)
      .attach('file', Buffer.from('Nombre\nFundación Uno\n'), 'socios.csv');
    expect(accepted.status).not.toBe(503);
  });

  it('puts import posts and CSV/XLSX exports through their queues, and nothing else', () => {
    const queues = createWorkQueues(DEFAULT_LIMIT_SETTINGS);
    const signedIn = { locals: { user: { id: 1 } } } as unknown as Response;
    const anonymous = { locals: {} } as unknown as Response;
    const req = (method: string, path: string, query: Record<string, string> = {}) =>
      ({ method, path, query }) as unknown as Request;
    expect(queues.queueFor(req('POST', '/imports'), signedIn)).toBe(queues.imports);
    expect(queues.queueFor(req('POST', '/imports/7/commit'), signedIn)).toBe(queues.imports);
    expect(queues.queueFor(req('POST', '/api/v1/imports'), signedIn)).toBe(queues.imports);
    expect(queues.queueFor(req('GET', '/partners', { format: 'xlsx' }), signedIn)).toBe(queues.exports);
    expect(queues.queueFor(req('GET', '/audit', { format: 'csv', hxl: '1' }), signedIn)).toBe(queues.exports);
    expect(queues.queueFor(req('GET', '/partners'), signedIn)).toBeNull();
    expect(queues.queueFor(req('GET', '/imports/7'), signedIn)).toBeNull();
    expect(queues.queueFor(req('POST', '/imports'), anonymous)).toBeNull();
  });
});

describe('the work queue', () => {
  it('hands a freed place to the request that waited longest, and refuses beyond its waiting room', async () => {
    const queue = createWorkQueue('export', { concurrency: 1, maxWaiting: 2, maxWaitMs: 5_000, retryAfterSeconds: 7 });
    const order: string[] = [];
    const first = await queue.acquire();
    const second = queue.acquire().then((release) => (order.push('second'), release));
    const third = queue.acquire().then((release) => (order.push('third'), release));
    await expect(queue.acquire()).rejects.toMatchObject({ kind: 'export', retryAfterSeconds: 7 });
    expect([queue.running, queue.waiting]).toEqual([1, 2]);
    first();
    first();
    (await second)();
    (await third)();
    expect(order).toEqual(['second', 'third']);
    expect([queue.running, queue.waiting]).toEqual([0, 0]);
  });

  it('gives up the turn of a caller that leaves while waiting', async () => {
    const queue = createWorkQueue('import', { concurrency: 1, maxWaiting: 1, maxWaitMs: 5_000, retryAfterSeconds: 10 });
    const held = await queue.acquire();
    const leaving = new AbortController();
    const waiting = queue.acquire(leaving.signal);
    leaving.abort();
    await expect(waiting).rejects.toThrow(/too many import jobs/);
    expect(queue.waiting).toBe(0);
    held();
    expect(queue.running).toBe(0);
  });
});
