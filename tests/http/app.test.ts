import { sql } from 'kysely';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { bearerFor, signedInAgent, testApp } from '../helpers/app.js';

describe('the app shell', () => {
  it('reports health with the database checked', async () => {
    const { app, db } = await testApp();
    const ok = await request(app).get('/health').expect(200);
    expect(ok.body).toEqual({ status: 'ok', checks: { database: 'ok' } });
    await db.destroy();
    const down = await request(app).get('/health').expect(503);
    expect(down.body.checks.database).toBe('unavailable');
  });

  it('sends a Content-Security-Policy that allows no inline script or style', async () => {
    const { app, db } = await testApp();
    const { agent } = await signedInAgent(app, db, 'viewer');
    const res = await agent.get('/partners').expect(200);
    const csp = res.headers['content-security-policy']!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.text).not.toMatch(/<script(?![^>]*(src=|type="application\/json"))[^>]*>/);
    expect(res.text).not.toContain('style="');
  });

  it('serves versioned assets with a year of immutable caching, and unversioned ones revalidated', async () => {
    const { app } = await testApp();
    const page = await request(app).get('/sign-in');
    const css = /href="(\/assets\/css\/app\.css\?v=[0-9a-f]+)"/.exec(page.text)?.[1];
    expect(css).toBeDefined();
    const versioned = await request(app).get(css!).expect(200);
    expect(versioned.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(versioned.type).toBe('text/css');
    const plain = await request(app).get('/assets/css/app.css').expect(200);
    expect(plain.headers['cache-control']).toBe('no-cache');
    expect(plain.headers.etag).toBeDefined();
  });

  it('shows a production error page without a stack trace', async () => {
    const { app, db } = await testApp({ production: true });
    const authorization = await bearerFor(db, 'viewer');
    await db.destroy();
    const res = await request(app).get('/sign-in').expect(500);
    expect(res.text).toContain('Algo salió mal');
    expect(res.text).not.toMatch(/at .+\.(ts|js):\d+/);
    const api = await request(app).get('/api/v1/partners').set('Authorization', authorization).expect(500);
    expect(api.type).toBe('application/problem+json');
    expect(JSON.stringify(api.body)).not.toContain('.ts:');
  });

  it('shows the stack in development, to help the developer', async () => {
    const { app, db } = await testApp({ production: false });
    // Every page reads the settings table (the demo banner): without it, any page fails.
    await sql`drop table app_settings`.execute(db);
    const res = await request(app).get('/sign-in').expect(500);
    expect(res.text).toContain('class="stack"');
  });

  it('answers unknown pages and API paths with 404', async () => {
    const { app, db } = await testApp();
    const { agent } = await signedInAgent(app, db, 'viewer');
    expect((await agent.get('/nowhere').expect(404)).text).toContain('Página no encontrada');
    const api = await request(app)
      .get('/api/v1/nowhere')
      .set('Authorization', await bearerFor(db, 'viewer'))
      .set('Accept-Language', 'en')
      .expect(404);
    expect(api.body).toMatchObject({ status: 404, title: 'Not found' });
  });

  it('shows the demo-data notice only while demo data is loaded', async () => {
    const { app, db } = await testApp();
    const before = (await request(app).get('/sign-in')).text;
    expect(before).not.toContain('demo-banner');
    expect(before).not.toContain('Cuentas de demostración');
    await db.insertInto('appSettings').values({ key: 'demo_data', value: 'loaded' }).execute();
    const after = (await request(app).get('/sign-in')).text;
    expect(after).toContain('Datos de demostración');
    // The sign-in page lists the demo accounts, so a newcomer can try each role.
    expect(after).toContain('Cuentas de demostración');
    expect(after).toContain('oficial@demo.cartera.ec');
  });
});
