// Removing a record asks first (with the score before → after), is audited, and can be undone from the
// notice that follows while putting the record back conflicts with nothing.
import request from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/audit/actor.js';
import { type Db, engineOf } from '../../src/database/connect.js';
import { addReview, logEvent, raiseFlag } from '../../src/evidence/service.js';
import { formatters } from '../../src/i18n/index.js';
import { recordDecision } from '../../src/portfolio/service.js';
import { findScore } from '../../src/scoring/repository.js';
import { addPartner, apiClient, bearerFor, csrfFrom, idsByCode, signedInAgent, testApp } from '../helpers/app.js';
import { visibleText } from '../helpers/text.js';

let app: Awaited<ReturnType<typeof testApp>>['app'];
let db: Db;
const fmt = formatters('es');
const DAY_MS = 24 * 60 * 60 * 1000;

beforeEach(async () => {
  ({ app, db } = await testApp());
});

/** The confirmation page's before → after table: [overall now, overall after, recommendation now, after]. */
function beforeAfter(html: string): string[] {
  const table = /<table class="table removal__score">([\s\S]*?)<\/table>/.exec(html)?.[1];
  if (!table) throw new Error('no before → after table');
  return [...table.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((m) => visibleText(m[1]!).trim());
}

async function auditOf(entity: string, entityId: number | null) {
  let q = db.selectFrom('auditEvents').select(['action', 'details', 'entityId']).where('entity', '=', entity);
  if (entityId !== null) q = q.where('entityId', '=', entityId);
  return (await q.orderBy('id').execute()).map((e) => ({
    action: e.action,
    details: JSON.parse(e.details ?? '{}') as Record<string, unknown>,
  }));
}

/** Posts the Undo form found in the notice of the page a removal redirected to. */
async function undoFrom(agent: request.Agent, location: string) {
  const page = await agent.get(location).expect(200);
  const action = /<div class="notice notice--success notice--undo"[\s\S]*?<form method="post" action="([^"]+)"/.exec(
    page.text,
  )?.[1];
  expect(action, 'the notice offers Undo').toBeDefined();
  return agent
    .post(action!)
    .type('form')
    .send({ _csrf: csrfFrom(page.text) });
}

async function smallPartnerWithFastEvents() {
  const ids = await idsByCode(db);
  const partner = await addPartner(db, {
    name: 'Red Comunitaria Esperanza',
    staffCount: 8,
    adminSteps: 2,
    declaredResponseHours: 300,
  });
  const eventIds: number[] = [];
  for (const daysAgo of [40, 30, 20]) {
    const requestedAt = new Date(Date.now() - daysAgo * DAY_MS);
    const { event } = await logEvent(db, SYSTEM_ACTOR, partner.id, {
      territoryId: ids.territory.tulcan!,
      assistanceTypeId: ids.assistanceType.shelter!,
      requestedAt: requestedAt.toISOString(),
      firstAssistanceAt: new Date(requestedAt.getTime() + 12 * 60 * 60 * 1000).toISOString(),
      peopleAssisted: 40,
    });
    eventIds.push(event.id);
  }
  return { partner, eventIds, ids };
}

describe('removing a response event', () => {
  it('confirms with the score before → after, removes with an audit entry, and Undo puts the same event back', async () => {
    const { partner, eventIds } = await smallPartnerWithFastEvents();
    const { agent, csrf } = await signedInAgent(app, db, 'officer');
    const eventId = eventIds[2]!;
    const before = (await findScore(db, partner.id))!;

    const confirm = await agent.get(`/partners/${partner.id}/events/${eventId}/delete`).expect(200);
    const text = visibleText(confirm.text);
    expect(text).toContain('¿Eliminar este evento de respuesta?');
    expect(text).toContain('Tulcán');
    const [overallNow, overallAfter, recommendationNow] = beforeAfter(confirm.text);
    expect(overallNow).toBe(fmt.score(before.overall!));
    expect(recommendationNow).toContain('Mantener');
    // Nothing is removed by looking at the confirmation.
    expect(
      await db.selectFrom('responseEvents').select('id').where('id', '=', eventId).executeTakeFirst(),
    ).toBeDefined();

    const removed = await agent
      .post(`/partners/${partner.id}/events/${eventId}/delete`)
      .type('form')
      .send({ _csrf: csrf })
      .expect(303);
    expect(removed.headers.location).toBe(`/partners/${partner.id}?notice=eventRemoved&undo=${eventId}`);
    const after = (await findScore(db, partner.id))!;
    // Two events are fewer than the methodology needs, so the slow declared time counts again.
    expect(after.overall).toBeLessThan(before.overall!);
    expect(overallAfter).toBe(fmt.score(after.overall!));
    expect((await auditOf('response_event', eventId)).at(-1)).toMatchObject({
      action: 'delete',
      details: { partnerId: partner.id, record: { id: eventId, territoryId: expect.any(Number) } },
    });

    await undoFrom(agent, removed.headers.location!).then((res) => expect(res.status).toBe(303));
    const back = await db.selectFrom('responseEvents').selectAll().where('id', '=', eventId).executeTakeFirstOrThrow();
    expect(back.partnerId).toBe(partner.id);
    expect(back.peopleAssisted).toBe(40);
    expect((await findScore(db, partner.id))!.overall).toBeCloseTo(before.overall!, 9);
    expect((await auditOf('response_event', eventId)).at(-1)).toMatchObject({
      action: 'restore',
      details: { partnerId: partner.id },
    });
  });

  it('refuses Undo, saying why, once a new event took the same number', async () => {
    const { partner, eventIds, ids } = await smallPartnerWithFastEvents();
    const { agent, csrf } = await signedInAgent(app, db, 'officer');
    const eventId = eventIds[2]!;
    const removed = await agent
      .post(`/partners/${partner.id}/events/${eventId}/delete`)
      .type('form')
      .send({ _csrf: csrf })
      .expect(303);
    const { event } = await logEvent(db, SYSTEM_ACTOR, partner.id, {
      territoryId: ids.territory.tulcan!,
      assistanceTypeId: ids.assistanceType.shelter!,
      requestedAt: new Date(Date.now() - DAY_MS).toISOString(),
    });
    if (engineOf(db) === 'postgres') {
      // PostgreSQL never hands a number out twice, so the removed event can always come back.
      expect(event.id).not.toBe(eventId);
      await agent
        .post(`/partners/${partner.id}/events/${eventId}/restore`)
        .type('form')
        .send({ _csrf: csrf })
        .expect(303);
      expect(
        await db.selectFrom('responseEvents').select('id').where('id', 'in', [eventId, event.id]).execute(),
      ).toHaveLength(2);
      return;
    }
    // SQLite gives the next row the highest number plus one, which the removed event had.
    expect(event.id).toBe(eventId);

    const page = visibleText((await agent.get(removed.headers.location!).expect(200)).text);
    expect(page).toContain('Ya no se puede deshacer: un registro nuevo tomó su número.');
    const refused = await agent
      .post(`/partners/${partner.id}/events/${eventId}/restore`)
      .type('form')
      .send({ _csrf: csrf })
      .expect(409);
    expect(visibleText(refused.text)).toContain('un registro nuevo tomó su número');
    expect(
      (await db.selectFrom('responseEvents').select('requestedAt').where('id', '=', eventId).executeTakeFirstOrThrow())
        .requestedAt,
    ).toBe(event.requestedAt);
  });

  it('keeps the API DELETE working without a confirmation page', async () => {
    const { partner, eventIds } = await smallPartnerWithFastEvents();
    const api = apiClient(app, await bearerFor(db, 'officer'));
    await api.delete(`/api/v1/partners/${partner.id}/response-events/${eventIds[0]}`).expect(204);
    expect(
      await db.selectFrom('responseEvents').select('id').where('id', '=', eventIds[0]!).executeTakeFirst(),
    ).toBeUndefined();
  });
});

describe('removing a performance review', () => {
  it('shows the quality the review brings, removes it audited, and Undo restores it', async () => {
    const partner = await addPartner(db, { staffCount: 8, adminSteps: 2, declaredResponseHours: 24 });
    const review = await addReview(db, SYSTEM_ACTOR, partner.id, {
      periodStart: '2026-01-01',
      periodEnd: '2026-06-30',
      rating: 1,
    });
    const { agent, csrf } = await signedInAgent(app, db, 'officer');
    const before = (await findScore(db, partner.id))!;

    const confirm = await agent.get(`/partners/${partner.id}/reviews/${review.id}/delete`).expect(200);
    expect(visibleText(confirm.text)).toContain('1 / 5');
    const [overallNow, overallAfter] = beforeAfter(confirm.text);
    expect(overallNow).toBe(fmt.score(before.overall!));

    const removed = await agent
      .post(`/partners/${partner.id}/reviews/${review.id}/delete`)
      .type('form')
      .send({ _csrf: csrf })
      .expect(303);
    const after = (await findScore(db, partner.id))!;
    // A poor review weighed the score down; without it the score is higher.
    expect(after.overall).toBeGreaterThan(before.overall!);
    expect(overallAfter).toBe(fmt.score(after.overall!));
    expect((await auditOf('review', review.id)).at(-1)).toMatchObject({
      action: 'delete',
      details: { record: { rating: 1 } },
    });

    expect((await undoFrom(agent, removed.headers.location!)).headers.location).toBe(
      `/partners/${partner.id}?notice=reviewRestored#reviews`,
    );
    expect((await findScore(db, partner.id))!.overall).toBeCloseTo(before.overall!, 9);
    expect((await auditOf('review', review.id)).at(-1)!.action).toBe('restore');
  });

  it('refuses Undo while the partner is archived', async () => {
    const partner = await addPartner(db, { staffCount: 8 });
    const review = await addReview(db, SYSTEM_ACTOR, partner.id, {
      periodStart: '2026-01-01',
      periodEnd: '2026-06-30',
      rating: 4,
    });
    const { agent, csrf } = await signedInAgent(app, db, 'officer');
    await agent
      .post(`/partners/${partner.id}/reviews/${review.id}/delete`)
      .type('form')
      .send({ _csrf: csrf })
      .expect(303);
    await agent.post(`/partners/${partner.id}/archive`).type('form').send({ _csrf: csrf }).expect(303);
    const refused = await agent
      .post(`/partners/${partner.id}/reviews/${review.id}/restore`)
      .type('form')
      .send({ _csrf: csrf })
      .expect(409);
    expect(visibleText(refused.text)).toContain('restaure primero el socio');
    expect(
      await db.selectFrom('performanceReviews').select('id').where('id', '=', review.id).executeTakeFirst(),
    ).toBeUndefined();
  });
});

describe('removing a flag', () => {
  it('shows an open red flag lifting the block, and Undo brings the block back', async () => {
    const { partner } = await smallPartnerWithFastEvents();
    const flag = await raiseFlag(db, SYSTEM_ACTOR, partner.id, {
      level: 'red',
      category: 'compliance',
      comment: 'Informe financiero sin firmas',
    });
    const { agent, csrf } = await signedInAgent(app, db, 'officer');
    expect((await findScore(db, partner.id))!.recommendation).toBe('blocked');

    const confirm = await agent.get(`/partners/${partner.id}/flags/${flag.id}/delete`).expect(200);
    expect(visibleText(confirm.text)).toContain('Informe financiero sin firmas');
    const [, , recommendationNow, recommendationAfter] = beforeAfter(confirm.text);
    expect(recommendationNow).toBe('Bloqueado');
    expect(recommendationAfter).not.toBe('Bloqueado');

    const removed = await agent
      .post(`/partners/${partner.id}/flags/${flag.id}/delete`)
      .type('form')
      .send({ _csrf: csrf })
      .expect(303);
    expect((await findScore(db, partner.id))!.recommendation).not.toBe('blocked');
    expect((await auditOf('flag', flag.id)).at(-1)).toMatchObject({
      action: 'delete',
      details: { level: 'red', record: { comment: 'Informe financiero sin firmas' } },
    });

    await undoFrom(agent, removed.headers.location!);
    expect((await findScore(db, partner.id))!.recommendation).toBe('blocked');
    expect((await auditOf('flag', flag.id)).at(-1)!.action).toBe('restore');
  });

  it('refuses a second Undo: the flag is already back', async () => {
    const partner = await addPartner(db);
    const flag = await raiseFlag(db, SYSTEM_ACTOR, partner.id, {
      level: 'observation',
      category: 'other',
      comment: 'Demora en reportes',
    });
    const { agent, csrf } = await signedInAgent(app, db, 'officer');
    const removed = await agent
      .post(`/partners/${partner.id}/flags/${flag.id}/delete`)
      .type('form')
      .send({ _csrf: csrf })
      .expect(303);
    await undoFrom(agent, removed.headers.location!);
    const again = await agent
      .post(`/partners/${partner.id}/flags/${flag.id}/restore`)
      .type('form')
      .send({ _csrf: csrf })
      .expect(409);
    expect(visibleText(again.text)).toContain('El registro ya está de vuelta.');
    expect(await db.selectFrom('flags').select('id').where('partnerId', '=', partner.id).execute()).toHaveLength(1);
  });
});

describe('removing a decision', () => {
  it('says the score stays the same, removes it audited, and Undo restores it', async () => {
    const partner = await addPartner(db, { staffCount: 8, declaredResponseHours: 24, adminSteps: 2 });
    const decisionId = await recordDecision(db, SYSTEM_ACTOR, partner.id, {
      kind: 'watch',
      rationale: 'Seguimiento trimestral del plan de mejora',
      confirmExit: false,
    });
    const { agent, csrf } = await signedInAgent(app, db, 'procurement');
    const score = (await findScore(db, partner.id))!;

    const confirm = await agent.get(`/partners/${partner.id}/decisions/${decisionId}/delete`).expect(200);
    const text = visibleText(confirm.text);
    expect(text).toContain('Seguimiento trimestral del plan de mejora');
    expect(text).toContain('El puntaje y la recomendación no cambian.');
    expect(beforeAfter(confirm.text).slice(0, 2)).toEqual([fmt.score(score.overall!), fmt.score(score.overall!)]);

    const removed = await agent
      .post(`/partners/${partner.id}/decisions/${decisionId}/delete`)
      .type('form')
      .send({ _csrf: csrf })
      .expect(303);
    expect(
      await db.selectFrom('decisions').select('id').where('id', '=', decisionId).executeTakeFirst(),
    ).toBeUndefined();
    expect((await auditOf('decision', decisionId)).at(-1)).toMatchObject({
      action: 'delete',
      details: { kind: 'watch', record: { rationale: 'Seguimiento trimestral del plan de mejora' } },
    });

    await undoFrom(agent, removed.headers.location!);
    expect(
      (await db.selectFrom('decisions').select('kind').where('id', '=', decisionId).executeTakeFirstOrThrow()).kind,
    ).toBe('watch');
    expect((await auditOf('decision', decisionId)).at(-1)!.action).toBe('restore');
  });

  it('refuses Undo once a new decision took its number', async () => {
    const partner = await addPartner(db);
    const decisionId = await recordDecision(db, SYSTEM_ACTOR, partner.id, {
      kind: 'keep',
      rationale: 'Buen desempeño sostenido',
      confirmExit: false,
    });
    const { agent, csrf } = await signedInAgent(app, db, 'procurement');
    await agent
      .post(`/partners/${partner.id}/decisions/${decisionId}/delete`)
      .type('form')
      .send({ _csrf: csrf })
      .expect(303);
    const newId = await recordDecision(db, SYSTEM_ACTOR, partner.id, {
      kind: 'renew',
      rationale: 'Renovación acordada',
      confirmExit: false,
    });
    if (engineOf(db) === 'postgres') {
      // PostgreSQL never hands a number out twice: Undo brings the removed decision back beside the new one.
      expect(newId).not.toBe(decisionId);
      await agent
        .post(`/partners/${partner.id}/decisions/${decisionId}/restore`)
        .type('form')
        .send({ _csrf: csrf })
        .expect(303);
      expect(
        await db.selectFrom('decisions').select('id').where('id', 'in', [decisionId, newId]).execute(),
      ).toHaveLength(2);
      return;
    }
    expect(newId).toBe(decisionId);
    const refused = await agent
      .post(`/partners/${partner.id}/decisions/${decisionId}/restore`)
      .type('form')
      .send({ _csrf: csrf })
      .expect(409);
    expect(visibleText(refused.text)).toContain('un registro nuevo tomó su número');
  });
});

describe('removing a portfolio target', () => {
  it('confirms, stops the target, audits, and Undo brings back the same value', async () => {
    const { agent, csrf } = await signedInAgent(app, db, 'procurement');
    const confirm = await agent.get('/portfolio/targets/localFundingShareMin/delete').expect(200);
    const text = visibleText(confirm.text);
    expect(text).toContain('¿Eliminar esta meta de la cartera?');
    expect(text).toContain('25 %');

    const removed = await agent
      .post('/portfolio/targets/localFundingShareMin/delete')
      .type('form')
      .send({ _csrf: csrf })
      .expect(303);
    expect(
      await db
        .selectFrom('portfolioTargets')
        .select('key')
        .where('key', '=', 'local_funding_share_min')
        .executeTakeFirst(),
    ).toBeUndefined();
    expect(visibleText((await agent.get(removed.headers.location!)).text)).toContain('Sin fijar');
    expect((await auditOf('targets', null)).at(-1)).toMatchObject({
      action: 'delete',
      details: { target: 'localFundingShareMin', record: { value: 0.25 } },
    });

    await undoFrom(agent, removed.headers.location!);
    expect(
      (
        await db
          .selectFrom('portfolioTargets')
          .select('value')
          .where('key', '=', 'local_funding_share_min')
          .executeTakeFirstOrThrow()
      ).value,
    ).toBe(0.25);
    expect((await auditOf('targets', null)).at(-1)).toMatchObject({
      action: 'restore',
      details: { target: 'localFundingShareMin' },
    });
  });

  it('refuses Undo once a new value was saved for the target', async () => {
    const { agent, csrf } = await signedInAgent(app, db, 'procurement');
    await agent.post('/portfolio/targets/smallShareMin/delete').type('form').send({ _csrf: csrf }).expect(303);
    await agent
      .post('/portfolio/targets')
      .type('form')
      .send({ _csrf: csrf, smallShareMin: '30', localFundingShareMin: '25', smallAgilePerTerritoryMin: '1' })
      .expect(303);
    const refused = await agent
      .post('/portfolio/targets/smallShareMin/restore')
      .type('form')
      .send({ _csrf: csrf })
      .expect(409);
    expect(visibleText(refused.text)).toContain('se guardó un valor nuevo para esta meta');
    expect(
      (
        await db
          .selectFrom('portfolioTargets')
          .select('value')
          .where('key', '=', 'small_share_min')
          .executeTakeFirstOrThrow()
      ).value,
    ).toBe(0.3);
  });
});
