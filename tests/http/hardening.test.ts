// Regression tests for an independent review's findings.
import request from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/database/connect.js';
import { DEFAULT_PARAMETERS } from '../../src/scoring/methodology.js';
import { methodologyFormValues, methodologyInputFromForm } from '../../src/scoring/schemas.js';
import { addPartner, apiClient, bearerFor, csrfFrom, idsByCode, signedInAgent, testApp } from '../helpers/app.js';

let app: Awaited<ReturnType<typeof testApp>>['app'];
let db: Db;

beforeEach(async () => {
  ({ app, db } = await testApp());
});

describe('hardening', () => {
  it('ignores unknown methodology form fields, so nothing reaches Object.prototype', () => {
    const input = methodologyInputFromForm({
      ...methodologyFormValues('x', DEFAULT_PARAMETERS),
      'parameters.__proto__.polluted': '1',
      'parameters.weights.size.x': '1',
    });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((input as { parameters: { weights: { size: unknown } } }).parameters.weights.size).toBe(0.3);
  });

  it('keeps spreadsheet formulas out of CSV exports and non-emails out of the audit trail', async () => {
    const visitor = request.agent(app);
    const form = await visitor.get('/sign-in');
    await visitor
      .post('/sign-in')
      .type('form')
      .send({ _csrf: csrfFrom(form.text), email: '=HYPERLINK("https://x")', password: 'una clave cualquiera' })
      .expect(401);
    await visitor
      .post('/sign-in')
      .type('form')
      .send({ _csrf: csrfFrom(form.text), email: 'mi clave secreta', password: 'x' })
      .expect(401);
    const labels = (await db.selectFrom('auditEvents').select('actorLabel').execute()).map((r) => r.actorLabel);
    expect(labels).toEqual(['(not an email address)', '(not an email address)']);
    const partner = await addPartner(db, { name: '=1+1 Fundación' });
    const admin = await signedInAgent(app, db, 'procurement');
    await admin.agent
      .post(`/partners/${partner.id}/decisions`)
      .type('form')
      .send({ _csrf: admin.csrf, kind: 'watch', rationale: '=cmd|calc!A1 seguimiento' })
      .expect(303);
    const csv = (await admin.agent.get('/decisions?format=csv').expect(200)).text;
    expect(csv).toContain("'=1+1 Fundación");
    expect(csv).toContain("'=cmd|calc!A1 seguimiento");
  });

  it('answers a refused body with its own status, never 500', async () => {
    const api = apiClient(app, await bearerFor(db, 'officer'));
    const res = await api.post('/api/v1/partners').set('Content-Type', 'application/json; charset=latin1').send('{}');
    expect(res.status).toBe(415);
    expect(res.type).toBe('application/problem+json');
  });

  it('refuses a balance period that ends before it starts, even with one bound given', async () => {
    const api = apiClient(app, await bearerFor(db, 'viewer'));
    const body = (await api.get('/api/v1/portfolio/balance?from=2027-02-01').expect(200)).body;
    expect([body.from, body.to]).toEqual(['2027-02-01', '2027-03-31']);
    await api.get('/api/v1/portfolio/balance?from=2027-05-01&to=2027-04-01').expect(400);
  });

  it('closes only an active agreement, and only the version the user saw; repeated target fields are a 400', async () => {
    const ids = await idsByCode(db);
    const partner = await addPartner(db);
    const buyer = await signedInAgent(app, db, 'procurement');
    const api = apiClient(app, await bearerFor(db, 'procurement'));
    const agreement = (
      await api
        .post('/api/v1/agreements')
        .send({
          partnerId: partner.id,
          code: 'AC-1',
          title: 'Convenio',
          startDate: '2026-01-01',
          endDate: '2026-12-31',
          amountUsd: 10,
          territoryIds: [ids.territory.tulcan],
          assistanceTypeIds: [ids.assistanceType.shelter],
          status: 'draft',
        })
        .expect(201)
    ).body;
    await buyer.agent
      .post(`/agreements/${agreement.id}/close`)
      .type('form')
      .send({ _csrf: buyer.csrf, version: '1' })
      .expect(409);
    await api.patch(`/api/v1/agreements/${agreement.id}`).send({ version: 1, status: 'active' }).expect(200);
    await buyer.agent
      .post(`/agreements/${agreement.id}/close`)
      .type('form')
      .send({ _csrf: buyer.csrf, version: '1' })
      .expect(409);
    await buyer.agent
      .post(`/agreements/${agreement.id}/close`)
      .type('form')
      .send({ _csrf: buyer.csrf, version: '2' })
      .expect(303);
    expect((await api.get(`/api/v1/agreements/${agreement.id}`)).body.status).toBe('closed');
    await buyer.agent
      .post('/portfolio/targets')
      .type('form')
      .send(
        `_csrf=${encodeURIComponent(buyer.csrf)}&smallShareMin=40&smallShareMin=50&localFundingShareMin=25&smallAgilePerTerritoryMin=1`,
      )
      .expect(400);
  });
});
