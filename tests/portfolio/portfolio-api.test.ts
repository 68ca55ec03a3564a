import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/database/connect.js';
import { addDays } from '../../src/portfolio/rules.js';
import { ecuadorToday } from '../../src/shared/dates.js';
import { apiClient, bearerFor, idsByCode, partnerInput, signedInAgent, testApp } from '../helpers/app.js';

let app: Awaited<ReturnType<typeof testApp>>['app'];
let db: Db;
let officer: ReturnType<typeof apiClient>;
let buyer: ReturnType<typeof apiClient>;
let ids: Awaited<ReturnType<typeof idsByCode>>;
const today = ecuadorToday();
const HOUR = 3600_000;

beforeEach(async () => {
  ({ app, db } = await testApp());
  officer = apiClient(app, await bearerFor(db, 'officer'));
  buyer = apiClient(app, await bearerFor(db, 'procurement'));
  ids = await idsByCode(db);
});

/** A partner that scores "keep (priority)" when small: fast, few steps. */
async function partner(name: string, overrides: Record<string, unknown> = {}) {
  return (
    await officer
      .post('/api/v1/partners')
      .send(await partnerInput(db, { name, staffCount: 8, adminSteps: 2, declaredResponseHours: 24, ...overrides }))
      .expect(201)
  ).body.id as number;
}

let serial = 0;
async function agreement(
  partnerId: number,
  startDate: string,
  endDate: string,
  status = 'active',
  extra: Record<string, unknown> = {},
) {
  serial++;
  return buyer
    .post('/api/v1/agreements')
    .send({
      partnerId,
      code: `AC-${serial}`,
      title: 'Convenio',
      startDate,
      endDate,
      amountUsd: 1000,
      territoryIds: [ids.territory.tulcan],
      assistanceTypeIds: [ids.assistanceType.shelter],
      status,
      ...extra,
    })
    .expect(201);
}

describe('agreements', () => {
  it('validate dates, amounts, unknown ids and duplicate codes; warn outside the partner’s coverage and above target', async () => {
    const id = await partner('Socio Uno');
    const bad = await buyer
      .post('/api/v1/agreements')
      .set('Accept-Language', 'en')
      .send({
        partnerId: id,
        code: 'X1',
        title: 'T',
        startDate: '2026-05-01',
        endDate: '2026-04-01',
        amountUsd: -5,
        territoryIds: [],
        assistanceTypeIds: [999],
        status: 'active',
      })
      .expect(400);
    expect(bad.body.errors.map((e: any) => e.path).sort()).toEqual(['amountUsd', 'endDate', 'territoryIds', 'title']);
    const created = await agreement(id, '2026-01-01', '2026-12-31', 'active', {
      territoryIds: [ids.territory.quito],
      peopleTargeted: 100,
      peopleReached: 150,
    });
    expect(created.body.warnings.map((w: any) => w.path)).toEqual(['territoryIds', 'peopleReached']);
    expect(created.headers.location).toBe(`/api/v1/agreements/${created.body.id}`);
    const dup = await buyer
      .post('/api/v1/agreements')
      .set('Accept-Language', 'en')
      .send({
        partnerId: id,
        code: created.body.code,
        title: 'Otro',
        startDate: '2026-01-01',
        endDate: '2026-02-01',
        amountUsd: 1,
        territoryIds: [ids.territory.tulcan],
        assistanceTypeIds: [ids.assistanceType.shelter],
      })
      .expect(409);
    expect(dup.body.errors).toEqual([{ path: 'code', message: 'An agreement with that code already exists' }]);
  });

  it('refuse a stale version with 409 and the current record; officers may not write', async () => {
    const id = await partner('Socio Dos');
    const { body } = await agreement(id, '2026-01-01', '2026-12-31');
    await buyer.patch(`/api/v1/agreements/${body.id}`).send({ version: 1, peopleReached: 50 }).expect(200);
    const stale = await buyer
      .patch(`/api/v1/agreements/${body.id}`)
      .send({ version: 1, peopleReached: 70 })
      .expect(409);
    expect(stale.body.current).toMatchObject({ version: 2, peopleReached: 50 });
    await officer.post('/api/v1/agreements').send({}).expect(403);
  });

  it('filter by partner, status, territory and date', async () => {
    const a = await partner('Socio A');
    const b = await partner('Socio B', { territoryIds: [ids.territory.quito] });
    await agreement(a, '2025-01-01', '2025-12-31', 'closed');
    await agreement(b, '2026-01-01', '2026-12-31', 'active', { territoryIds: [ids.territory.quito] });
    const list = async (q: string) => (await officer.get(`/api/v1/agreements?${q}`).expect(200)).body;
    expect((await list('')).total).toBe(2);
    expect((await list(`partnerId=${a}`)).data.map((x: any) => x.partnerId)).toEqual([a]);
    expect((await list('status=active')).data.map((x: any) => x.partnerId)).toEqual([b]);
    expect((await list(`territoryId=${ids.territory.quito}`)).data.map((x: any) => x.partnerId)).toEqual([b]);
    expect((await list('from=2025-06-01&to=2025-06-30')).data.map((x: any) => x.partnerId)).toEqual([a]);
  });
});

describe('retention alerts', () => {
  it('flag a small keep partner whose agreement ends within 90 days, until a follow-on is drafted', async () => {
    const id = await partner('Por Salir');
    await agreement(id, addDays(today, -200), addDays(today, 30));
    const before = (await officer.get('/api/v1/portfolio/alerts').expect(200)).body.data;
    expect(before).toEqual([
      expect.objectContaining({ partnerId: id, risk: { kind: 'ending', daysLeft: 30, endDate: addDays(today, 30) } }),
    ]);
    await agreement(id, addDays(today, 31), addDays(today, 400), 'draft');
    expect((await officer.get('/api/v1/portfolio/alerts').expect(200)).body.data).toEqual([]);
  });

  it('flag a partner that left in the last year, most urgent first, and ignore large partners', async () => {
    const gone = await partner('Ya Salió');
    const ending = await partner('Termina Pronto');
    const large = await partner('Grande', { staffCount: 300 });
    await agreement(gone, addDays(today, -300), addDays(today, -10), 'closed');
    await agreement(ending, addDays(today, -100), addDays(today, 5));
    await agreement(large, addDays(today, -100), addDays(today, 5));
    const body = (await officer.get('/api/v1/portfolio/alerts').expect(200)).body;
    expect(body.total).toBe(2);
    const alerts = body.data;
    expect(alerts.map((a: any) => [a.name, a.risk.kind, a.risk.daysLeft])).toEqual([
      ['Ya Salió', 'lapsed', -10],
      ['Termina Pronto', 'ending', 5],
    ]);
  });
});

describe('balance and targets on a hand-built portfolio', () => {
  it('computes the figures, the BPI_GN indicators and every target, reconciled with the lists behind them', async () => {
    const small = await partner('Pequeño Local', { staffCount: 8 });
    const medium = await partner('Mediano Local', { staffCount: 80, territoryIds: [ids.territory.quito] });
    const intl = await partner('Internacional', {
      staffCount: 400,
      organizationType: 'international_ngo',
      territoryIds: [ids.territory.quito],
    });
    await agreement(small, '2026-01-01', '2026-12-31', 'active', { amountUsd: 100_000, peopleReached: 300 });
    await agreement(medium, '2026-01-01', '2026-06-30', 'closed', {
      amountUsd: 200_000,
      peopleReached: 200,
      territoryIds: [ids.territory.quito],
    });
    await agreement(intl, '2026-02-01', '2026-12-31', 'active', {
      amountUsd: 700_000,
      peopleReached: 500,
      territoryIds: [ids.territory.quito],
    });
    await agreement(intl, '2026-01-01', '2026-12-31', 'draft', { amountUsd: 999_999 });
    await agreement(small, '2024-01-01', '2024-12-31', 'closed', { amountUsd: 50_000 });
    const requested = Date.parse('2026-03-10T12:00:00Z');
    await officer
      .post(`/api/v1/partners/${small}/response-events`)
      .send({
        territoryId: ids.territory.tulcan,
        assistanceTypeId: ids.assistanceType.shelter,
        requestedAt: new Date(requested).toISOString(),
        firstAssistanceAt: new Date(requested + 5 * HOUR).toISOString(),
        peopleAssisted: 40,
      })
      .expect(201);

    const balance = (await officer.get('/api/v1/portfolio/balance?from=2026-01-01&to=2026-12-31').expect(200)).body;
    expect(balance.total).toEqual({ partners: 3, amountUsd: 1_000_000 });
    expect(balance.bySize).toMatchObject({
      micro: { partners: 1, amountUsd: 100_000 },
      medium: { partners: 1, amountUsd: 200_000 },
      large: { partners: 1, amountUsd: 700_000 },
    });
    expect(balance.smallPartners.count).toBe(1);
    expect(balance.smallPartners.share).toBeCloseTo(1 / 3, 10);
    expect(balance.peopleBySmall.agreements).toMatchObject({ small: 300, total: 1000 });
    expect(balance.peopleBySmall.events).toMatchObject({ small: 40, total: 40, share: 1 });
    expect(balance.status.smallShare).toMatchObject({ met: false });
    expect(balance.status.smallShare.gap).toBeCloseTo(0.4 - 1 / 3, 10);
    expect(balance.status.localFunding.value).toBeCloseTo(0.3, 10);
    expect(balance.status.localFunding.met).toBe(true);
    const quito = balance.byTerritory.find((t: any) => t.territoryId === ids.territory.quito);
    expect(quito).toMatchObject({ partners: 2, amountUsd: 900_000, smallAgile: 0 });
    expect(balance.byTerritory.find((t: any) => t.territoryId === ids.territory.tulcan)).toMatchObject({
      partners: 1,
      smallAgile: 1,
    });
    expect(balance.status.smallAgilePerTerritory.met).toBe(false);

    // The lists behind the figures add up to the same numbers.
    const behind = async (q: string) =>
      (await officer.get(`/api/v1/agreements?status=portfolio&from=2026-01-01&to=2026-12-31&${q}`).expect(200)).body;
    expect(new Set((await behind('')).data.map((a: any) => a.partnerId)).size).toBe(balance.total.partners);
    expect((await behind('')).data.reduce((s: number, a: any) => s + a.amountUsd, 0)).toBe(balance.total.amountUsd);
    expect((await behind('sizeClass=smallPartners')).data.map((a: any) => a.partnerId)).toEqual([small]);
    expect(
      (await behind(`territoryId=${ids.territory.quito}`)).data.reduce((s: number, a: any) => s + a.amountUsd, 0),
    ).toBe(quito.amountUsd);

    // Targets are procurement's to change, and change the statuses.
    const procurement = await signedInAgent(app, db, 'procurement');
    await procurement.agent
      .post('/portfolio/targets')
      .type('form')
      .send({
        _csrf: procurement.csrf,
        smallShareMin: '30',
        localFundingShareMin: '50',
        smallAgilePerTerritoryMin: '0',
      })
      .expect(303);
    const after = (await officer.get('/api/v1/portfolio/balance?from=2026-01-01&to=2026-12-31').expect(200)).body;
    expect(after.status.smallShare.met).toBe(true);
    expect(after.status.localFunding).toMatchObject({ met: false });
    expect(after.status.smallAgilePerTerritory.met).toBe(true);
    const bad = await procurement.agent
      .post('/portfolio/targets')
      .type('form')
      .send({
        _csrf: procurement.csrf,
        smallShareMin: '140',
        localFundingShareMin: 'x',
        smallAgilePerTerritoryMin: '1',
      })
      .expect(400);
    expect(bad.text).toContain('Debe ser como máximo 100');
  });

  it('defaults to the current quarter and rejects a period that ends before it starts', async () => {
    const balance = (await officer.get('/api/v1/portfolio/balance').expect(200)).body;
    expect(balance.from <= today && today <= balance.to).toBe(true);
    await officer.get('/api/v1/portfolio/balance?from=2026-05-01&to=2026-04-01').expect(400);
  });
});

describe('decisions', () => {
  it('ask for confirmation before an exit against keep (priority), and say so in the log', async () => {
    const id = await partner('Prioritario');
    // A recent review verifies its evidence: without one, a declared-only partner is never keep_priority.
    await officer
      .post(`/api/v1/partners/${id}/reviews`)
      .send({ periodStart: '2026-07-01', periodEnd: '2026-09-30', rating: 5 })
      .expect(201);
    const procurement = await signedInAgent(app, db, 'procurement');
    const first = await procurement.agent
      .post(`/partners/${id}/decisions`)
      .type('form')
      .send({ _csrf: procurement.csrf, kind: 'exit', rationale: 'Fin del financiamiento del donante' })
      .expect(409);
    expect(first.text).toContain('Este socio pequeño está recomendado para mantener con prioridad');
    expect(await db.selectFrom('decisions').selectAll().execute()).toEqual([]);
    await procurement.agent
      .post(`/partners/${id}/decisions`)
      .type('form')
      .send({
        _csrf: procurement.csrf,
        kind: 'exit',
        rationale: 'Fin del financiamiento del donante',
        confirmExit: 'yes',
      })
      .expect(303);
    const [decision] = await db.selectFrom('decisions').selectAll().execute();
    expect(decision).toMatchObject({
      kind: 'exit',
      recommendationAtDecision: 'keep_priority',
      confirmedAgainstRecommendation: 1,
      decidedBy: procurement.user.email,
    });
    const log = await procurement.agent.get('/decisions?kind=exit').expect(200);
    expect(log.text).toContain('Salida confirmada contra «mantener con prioridad»');
    const csv = await procurement.agent.get('/decisions?format=csv').expect(200);
    // A file for people: labels in the user's language, semicolons in Spanish.
    expect(csv.text).toContain('Prioritario;Salida;Fin del financiamiento del donante;Mantener con prioridad;Sí');
  });

  it('require a rationale, and let a keep decision through at once', async () => {
    const id = await partner('Otro');
    const procurement = await signedInAgent(app, db, 'procurement');
    const bad = await procurement.agent
      .post(`/partners/${id}/decisions`)
      .type('form')
      .send({ _csrf: procurement.csrf, kind: 'keep', rationale: 'ok' })
      .expect(400);
    expect(bad.text).toContain('al menos 10 caracteres');
    await procurement.agent
      .post(`/partners/${id}/decisions`)
      .type('form')
      .send({ _csrf: procurement.csrf, kind: 'keep', rationale: 'Buen desempeño en la emergencia' })
      .expect(303);
    const officerAgent = await signedInAgent(app, db, 'officer');
    await officerAgent.agent
      .post(`/partners/${id}/decisions`)
      .type('form')
      .send({ _csrf: officerAgent.csrf, kind: 'keep', rationale: 'No le corresponde' })
      .expect(403);
  });
});

describe('rapid-response finder', () => {
  async function events(
    partnerId: number,
    hours: number[],
    territoryId = ids.territory.tulcan,
    assistanceTypeId = ids.assistanceType.shelter,
  ) {
    for (const h of hours) {
      const requested = Date.now() - 10 * 24 * HOUR;
      await officer
        .post(`/api/v1/partners/${partnerId}/response-events`)
        .send({
          territoryId,
          assistanceTypeId,
          requestedAt: new Date(requested).toISOString(),
          firstAssistanceAt: new Date(requested + h * HOUR).toISOString(),
          peopleAssisted: 100,
        })
        .expect(201);
    }
  }

  it('orders by expected response with each fallback, lists red-flagged partners last, and reports no gap', async () => {
    const local = await partner('Local Rápido', { declaredResponseHours: 100 });
    await events(local, [10, 12, 14]);
    const overall = await partner('Mediana General', {
      declaredResponseHours: 5,
      territoryIds: [ids.territory.tulcan, ids.territory.quito],
    });
    await events(overall, [30, 30, 30], ids.territory.quito);
    await partner('Declarado', { declaredResponseHours: 20 });
    const flagged = await partner('Con Bandera', { declaredResponseHours: 1 });
    await officer
      .post(`/api/v1/partners/${flagged}/flags`)
      .send({ level: 'red', category: 'financial', comment: 'Pendiente' })
      .expect(201);
    await partner('Otro Lugar', { territoryIds: [ids.territory.quito] });

    const res = (
      await officer
        .get(
          `/api/v1/rapid-response?territoryId=${ids.territory.tulcan}&assistanceTypeId=${ids.assistanceType.shelter}`,
        )
        .expect(200)
    ).body;
    expect(res.data.map((d: any) => [d.name, d.basis, d.expectedResponseHours])).toEqual([
      ['Local Rápido', 'territory', 12],
      ['Declarado', 'declared', 20],
      ['Mediana General', 'overall', 30],
      ['Con Bandera', 'declared', 1],
    ]);
    expect(res.data[3].openFlags).toBe(1);
    expect(res.gap).toBe(false);
    expect(res.data[0]).toMatchObject({ sizeClass: 'micro', recommendation: 'keep_priority', inPortfolio: false });
  });

  it('says plainly when no small agile partner operates there', async () => {
    await partner('Grande Lento', { staffCount: 500, declaredResponseHours: 300, adminSteps: 10 });
    const res = (
      await officer
        .get(
          `/api/v1/rapid-response?territoryId=${ids.territory.tulcan}&assistanceTypeId=${ids.assistanceType.shelter}`,
        )
        .expect(200)
    ).body;
    expect(res.gap).toBe(true);
    const viewer = await signedInAgent(app, db, 'viewer');
    const page = await viewer.agent
      .get(`/rapid-response?territoryId=${ids.territory.tulcan}&assistanceTypeId=${ids.assistanceType.shelter}`)
      .expect(200);
    expect(page.text).toContain('Brecha de cobertura');
    // The form sends the optional "people to reach" empty: that is not an error.
    await viewer.agent
      .get(`/rapid-response?territoryId=${ids.territory.tulcan}&assistanceTypeId=${ids.assistanceType.shelter}&people=`)
      .expect(200);
    const missing = await viewer.agent
      .get(`/rapid-response?territoryId=&assistanceTypeId=${ids.assistanceType.shelter}`)
      .expect(400);
    expect(missing.text).toContain('Elija el territorio');
    await officer.get('/api/v1/rapid-response?territoryId=x').expect(400);
  });
});
