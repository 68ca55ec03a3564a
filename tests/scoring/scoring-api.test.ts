import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/database/connect.js';
import { apiClient, bearerFor, idsByCode, partnerInput, testApp } from '../helpers/app.js';

let db: Db;
let officer: ReturnType<typeof apiClient>;
let procurement: ReturnType<typeof apiClient>;
let ids: Awaited<ReturnType<typeof idsByCode>>;

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const iso = (ms: number) => new Date(ms).toISOString();

beforeEach(async () => {
  const built = await testApp();
  db = built.db;
  officer = apiClient(built.app, await bearerFor(db, 'officer'));
  procurement = apiClient(built.app, await bearerFor(db, 'procurement'));
  ids = await idsByCode(db);
});

async function newPartner(overrides: Record<string, unknown> = {}) {
  const res = await officer
    .post('/api/v1/partners')
    .send(await partnerInput(db, { staffCount: 12, adminSteps: 4, ...overrides }))
    .expect(201);
  return res.body.id as number;
}

function logEvent(partnerId: number, hours: number | null, daysAgo = 10, extra: Record<string, unknown> = {}) {
  const requested = Date.now() - daysAgo * DAY;
  return officer.post(`/api/v1/partners/${partnerId}/response-events`).send({
    territoryId: ids.territory.tulcan,
    assistanceTypeId: ids.assistanceType.shelter,
    requestedAt: iso(requested),
    firstAssistanceAt: hours === null ? null : iso(requested + hours * HOUR),
    peopleAssisted: 50,
    ...extra,
  });
}

const scoreOf = async (partnerId: number, language = 'en') =>
  (await officer.get(`/api/v1/partners/${partnerId}/score`).set('Accept-Language', language).expect(200)).body;

describe('scores through the API', () => {
  it('reproduce PRODUCT.md’s worked example from logged evidence', async () => {
    const id = await newPartner();
    for (const hours of [20, 36, 50]) await logEvent(id, hours).expect(201);
    for (const rating of [4, 5])
      await officer
        .post(`/api/v1/partners/${id}/reviews`)
        .send({ periodStart: '2026-01-01', periodEnd: '2026-03-31', rating })
        .expect(201);
    const score = await scoreOf(id);
    expect(score).toMatchObject({
      partnerId: id,
      methodologyVersion: 2,
      sizeClass: 'small',
      isSmall: true,
      recommendation: 'keep_priority',
      isSmallAgile: true,
      rank: 1,
      verified: true,
    });
    expect(score.overall).toBeCloseTo(85.346, 3);
    expect(score.agility).toBeCloseTo(87.69, 2);
    expect(score.completeness).toBeCloseTo(1, 10);
    expect(score.components.response).toMatchObject({ raw: 36, source: 'measured', count: 3, weight: 0.3 });
    expect(score.components.size).toMatchObject({ raw: 12, source: 'profile', score: 80 });
    expect(score.components.quality).toMatchObject({ raw: 4.5, source: 'reviews', score: 87.5 });
    expect(score.reason).toBe(
      'Small partner (12 staff) with a median response of 36 h over 3 events, 4 administrative steps, and a mean rating of 4.5 from 2 reviews: overall 85.3 ≥ 70, keep as a priority.',
    );
    expect((await scoreOf(id, 'es')).reason).toMatch(
      /^Socio pequeño \(12 personas\) con una mediana de respuesta de 36 h en 3 eventos/,
    );
    expect(score.sensitivity).toEqual({ rankMin: 1, rankMax: 1, recommendationStable: true });
  });

  it('change the moment the partner or its evidence does', async () => {
    const id = await newPartner({ declaredResponseHours: 48 });
    expect((await scoreOf(id)).components.response.source).toBe('declared');
    for (const hours of [10, 12, 14]) await logEvent(id, hours).expect(201);
    expect((await scoreOf(id)).components.response).toMatchObject({ source: 'measured', raw: 12 });

    const events = (await officer.get(`/api/v1/partners/${id}/response-events`).expect(200)).body.data;
    const fastest = events.find((e: any) => e.responseHours === 10);
    const edited = await officer
      .patch(`/api/v1/partners/${id}/response-events/${fastest.id}`)
      .send({ firstAssistanceAt: iso(Date.parse(fastest.requestedAt) + 100 * HOUR) })
      .expect(200);
    expect(edited.body.responseHours).toBe(100);
    // Median of 12, 14 and now 100 hours.
    expect((await scoreOf(id)).components.response.raw).toBe(14);
    await officer
      .patch(`/api/v1/partners/${id}/response-events/${fastest.id}`)
      .send({ firstAssistanceAt: iso(Date.parse(fastest.requestedAt) - HOUR) })
      .expect(400);
    await officer.delete(`/api/v1/partners/${id}/response-events/${events[0].id}`).expect(204);
    // Two events left of the three needed: they weigh 2/3 and the declared 48 h weighs 1/3.
    const left = (await officer.get(`/api/v1/partners/${id}/response-events`).expect(200)).body.data
      .map((e: any) => e.responseHours)
      .sort((a: number, b: number) => a - b);
    const blended = (await scoreOf(id)).components.response;
    expect(blended).toMatchObject({ source: 'blended', count: 2 });
    expect(blended.raw).toBeCloseTo((2 * ((left[0] + left[1]) / 2) + 48) / 3, 10);

    await officer.patch(`/api/v1/partners/${id}`).send({ version: 1, staffCount: 300 }).expect(200);
    expect(await scoreOf(id)).toMatchObject({ sizeClass: 'large', recommendation: 'standard_review' });
  });

  it('blocks a partner with an open red flag; procurement resolves it, officers cannot', async () => {
    const id = await newPartner({ declaredResponseHours: 24 });
    const flag = (
      await officer
        .post(`/api/v1/partners/${id}/flags`)
        .send({ level: 'red', category: 'financial', comment: 'Informe con diferencias' })
        .expect(201)
    ).body;
    expect(flag).toMatchObject({ status: 'open', level: 'red' });
    expect((await scoreOf(id)).recommendation).toBe('blocked');
    await officer
      .patch(`/api/v1/partners/${id}/flags/${flag.id}`)
      .send({ status: 'resolved', resolution: 'ok' })
      .expect(403);
    const missing = await procurement
      .patch(`/api/v1/partners/${id}/flags/${flag.id}`)
      .send({ status: 'resolved' })
      .expect(400);
    expect(missing.body.errors[0].path).toBe('resolution');
    const resolved = (
      await procurement
        .patch(`/api/v1/partners/${id}/flags/${flag.id}`)
        .send({ status: 'resolved', resolution: 'Documentos verificados' })
        .expect(200)
    ).body;
    expect(resolved).toMatchObject({ status: 'resolved', resolution: 'Documentos verificados' });
    // Declared times only: kept, but never with priority (methodology v2).
    expect(await scoreOf(id)).toMatchObject({ recommendation: 'keep', verified: false });
    await procurement.patch(`/api/v1/partners/${id}/flags/${flag.id}`).send({ comment: 'otro' }).expect(403);
  });

  it('never let a newcomer that only declares outrank a partner with a measured track record', async () => {
    const newcomer = await newPartner({
      name: 'Recién Llegado',
      staffCount: 5,
      adminSteps: 2,
      declaredResponseHours: 18,
    });
    const veteran = await newPartner({
      name: 'Con Historial',
      staffCount: 5,
      adminSteps: 2,
      declaredResponseHours: 48,
    });
    for (const hours of [30, 40, 50]) await logEvent(veteran, hours).expect(201);
    const declared = await scoreOf(newcomer);
    // Size 100, response capped at 60, steps 100, quality neutral 50: 30 + 18 + 20 + 10 = 78, kept without priority.
    expect(declared).toMatchObject({ recommendation: 'keep', verified: false, rank: 2 });
    expect(declared.overall).toBeCloseTo(78, 10);
    expect(declared.components.response).toMatchObject({ source: 'declared', score: 60, uncapped: 100 });
    expect(declared.components.quality).toMatchObject({ score: null, contribution: 10 });
    // A review rated 1 would add quality 0 (overall 68); rated 2, quality 25 (overall 73) and verified.
    expect(declared.nextStep).toEqual({ kind: 'review', rating: 2, to: 'keep_priority' });
    const measured = await scoreOf(veteran);
    expect(measured).toMatchObject({ recommendation: 'keep_priority', verified: true, rank: 1 });
    const ranking = (await officer.get('/api/v1/scores').expect(200)).body.data.map((s: any) => s.name);
    expect(ranking).toEqual(['Con Historial', 'Recién Llegado']);
  });

  it('list active partners by score with filters and pagination', async () => {
    const best = await newPartner({ name: 'Mejor', declaredResponseHours: 24, adminSteps: 2 });
    await newPartner({ name: 'Grande', staffCount: 400, declaredResponseHours: 24 });
    await newPartner({
      name: 'Lento',
      declaredResponseHours: 300,
      adminSteps: 10,
      territoryIds: [ids.territory.quito],
    });
    const all = (await officer.get('/api/v1/scores').expect(200)).body;
    expect(all.total).toBe(3);
    expect(all.data.map((s: any) => [s.name, s.rank])).toEqual([
      ['Mejor', 1],
      ['Grande', 2],
      ['Lento', 3],
    ]);
    expect(all.data[0].partnerId).toBe(best);
    const filtered = (
      await officer.get(`/api/v1/scores?territoryId=${ids.territory.tulcan}&sizeClass=small`).expect(200)
    ).body;
    expect(filtered.data.map((s: any) => s.name)).toEqual(['Mejor']);
    expect(
      (await officer.get('/api/v1/scores?recommendation=standard_review').expect(200)).body.data
        .map((s: any) => s.name)
        .sort(),
    ).toEqual(['Grande', 'Lento']);
    const page2 = (await officer.get('/api/v1/scores?pageSize=2&page=2').expect(200)).body;
    expect(page2.data.map((s: any) => s.name)).toEqual(['Lento']);
    await officer.get('/api/v1/scores?recommendation=maybe').expect(400);
  });
});

describe('response events', () => {
  it('read times without an offset as Ecuador time and derive response hours', async () => {
    const id = await newPartner();
    const event = (
      await officer
        .post(`/api/v1/partners/${id}/response-events`)
        .send({
          territoryId: ids.territory.tulcan,
          assistanceTypeId: ids.assistanceType.shelter,
          requestedAt: '2026-01-10T08:00',
          firstAssistanceAt: '2026-01-11T09:30:00-05:00',
        })
        .expect(201)
    ).body;
    expect(event).toMatchObject({
      requestedAt: '2026-01-10T13:00:00.000Z',
      firstAssistanceAt: '2026-01-11T14:30:00.000Z',
      responseHours: 25.5,
      overdue: false,
    });
    expect(event.warnings).toBeUndefined();
  });

  it('reject delivery before request, future dates, unknown ids and negative people, saying which', async () => {
    const id = await newPartner();
    const bad = async (body: Record<string, unknown>) =>
      (await logEvent(id, 5, 10, body).set('Accept-Language', 'en').expect(400)).body.errors;
    expect(await bad({ firstAssistanceAt: iso(Date.now() - 20 * DAY) })).toEqual([
      { path: 'firstAssistanceAt', message: 'The first assistance cannot come before the request' },
    ]);
    expect(await bad({ requestedAt: iso(Date.now() + DAY), firstAssistanceAt: null })).toEqual([
      { path: 'requestedAt', message: 'The date cannot be in the future' },
    ]);
    expect((await bad({ territoryId: 999 }))[0].path).toBe('territoryId');
    expect(await bad({ peopleAssisted: -3 })).toEqual([
      { path: 'peopleAssisted', message: 'People assisted cannot be negative' },
    ]);
    expect((await bad({ requestedAt: 'ayer' }))[0].message).toContain('valid date and time');
    await logEvent(9999, 5).expect(404);
  });

  it('warn, without rejecting, when the partner is not registered there or for that', async () => {
    const id = await newPartner();
    const res = await logEvent(id, 5, 10, {
      territoryId: ids.territory.quito,
      assistanceTypeId: ids.assistanceType.health,
    })
      .set('Accept-Language', 'en')
      .expect(201);
    expect(res.body.warnings.map((w: any) => w.path)).toEqual(['territoryId', 'assistanceTypeId']);
  });

  it('mark pending events older than the worst response time as overdue', async () => {
    const id = await newPartner();
    expect((await logEvent(id, null, 20).expect(201)).body).toMatchObject({
      firstAssistanceAt: null,
      responseHours: null,
      overdue: true,
    });
    expect((await logEvent(id, null, 2).expect(201)).body.overdue).toBe(false);
  });

  it('filter across partners by territory, assistance type and dates', async () => {
    const a = await newPartner({ name: 'Socio A' });
    const b = await newPartner({ name: 'Socio B', territoryIds: [ids.territory.quito] });
    await logEvent(a, 5, 10).expect(201);
    await logEvent(b, 5, 40, { territoryId: ids.territory.quito }).expect(201);
    const list = async (q: string) => (await officer.get(`/api/v1/response-events?${q}`).expect(200)).body;
    expect((await list('')).total).toBe(2);
    expect((await list(`territoryId=${ids.territory.quito}`)).data.map((e: any) => e.partnerId)).toEqual([b]);
    const from = new Date(Date.now() - 20 * DAY - 5 * HOUR).toISOString().slice(0, 10);
    expect((await list(`from=${from}`)).data.map((e: any) => e.partnerId)).toEqual([a]);
    expect((await list(`assistanceTypeId=${ids.assistanceType.health}`)).total).toBe(0);
    await officer.get('/api/v1/response-events?from=ayer').expect(400);
  });
});

describe('reviews', () => {
  it('validate rating and period, and feed quality', async () => {
    const id = await newPartner();
    const bad = await officer
      .post(`/api/v1/partners/${id}/reviews`)
      .set('Accept-Language', 'en')
      .send({ periodStart: '2026-05-01', periodEnd: '2026-04-01', rating: 6 })
      .expect(400);
    expect(bad.body.errors.map((e: any) => e.path).sort()).toEqual(['periodEnd', 'rating']);
    const review = (
      await officer
        .post(`/api/v1/partners/${id}/reviews`)
        .send({ periodStart: '2026-04-01', periodEnd: '2026-06-30', rating: 3 })
        .expect(201)
    ).body;
    expect((await scoreOf(id)).components.quality).toMatchObject({ raw: 3, score: 50 });
    await officer.patch(`/api/v1/partners/${id}/reviews/${review.id}`).send({ rating: 5 }).expect(200);
    expect((await scoreOf(id)).components.quality.score).toBe(100);
    await officer.delete(`/api/v1/partners/${id}/reviews/${review.id}`).expect(204);
    expect((await scoreOf(id)).components.quality.source).toBe('missing');
  });
});
