// GET /api/v1/decisions: the decisions log as JSON, filtered and paginated as the /decisions page is.
import request from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/audit/actor.js';
import type { Db } from '../../src/database/connect.js';
import { recordDecision } from '../../src/portfolio/service.js';
import { addPartner, apiClient, bearerFor, signedInAgent, testApp } from '../helpers/app.js';

let app: Awaited<ReturnType<typeof testApp>>['app'];
let db: Db;
let api: ReturnType<typeof apiClient>;
let first: number;
let second: number;

/** The fields of a logged decision these tests read. */
interface DecisionJson {
  partnerName: string;
  kind: string;
  decidedAt: string;
}

/** A decision recorded through the service, then dated as if taken at `decidedAt` (UTC). */
async function decision(partnerId: number, kind: 'add' | 'keep' | 'renew' | 'watch', decidedAt: string) {
  const id = await recordDecision(db, SYSTEM_ACTOR, partnerId, {
    kind,
    rationale: `Decisión «${kind}» tomada en el comité`,
    confirmExit: false,
  });
  await db.updateTable('decisions').set({ decidedAt }).where('id', '=', id).execute();
  return id;
}

beforeEach(async () => {
  ({ app, db } = await testApp());
  api = apiClient(app, await bearerFor(db, 'officer'));
  first = (await addPartner(db, { name: 'Fundación Primera', staffCount: 8 })).id;
  second = (await addPartner(db, { name: 'Asociación Segunda', staffCount: 30 })).id;
  await decision(first, 'add', '2026-03-02T14:00:00.000Z');
  await decision(first, 'keep', '2026-03-10T15:00:00.000Z');
  // 22:00 on 10 March in Ecuador (UTC−5): the day of a decision is Ecuador's, as on the page.
  await decision(second, 'watch', '2026-03-11T03:00:00.000Z');
  await decision(second, 'keep', '2026-04-20T16:30:00.000Z');
});

describe('GET /api/v1/decisions', () => {
  it('lists every decision newest first, with its partner and the page it is on', async () => {
    const { body } = await api.get('/api/v1/decisions').expect(200);
    expect(body).toMatchObject({ page: 1, pageSize: 50, total: 4 });
    expect(body.data.map((d: DecisionJson) => [d.partnerName, d.kind, d.decidedAt])).toEqual([
      ['Asociación Segunda', 'keep', '2026-04-20T16:30:00.000Z'],
      ['Asociación Segunda', 'watch', '2026-03-11T03:00:00.000Z'],
      ['Fundación Primera', 'keep', '2026-03-10T15:00:00.000Z'],
      ['Fundación Primera', 'add', '2026-03-02T14:00:00.000Z'],
    ]);
    expect(body.data[0]).toMatchObject({
      partnerId: second,
      rationale: 'Decisión «keep» tomada en el comité',
      agreementId: null,
      decidedBy: 'system',
      confirmedAgainstRecommendation: false,
    });
  });

  it('filters by kind, partner and Ecuador days, both ends included', async () => {
    const kinds = async (query: string) =>
      (await api.get(`/api/v1/decisions?${query}`).expect(200)).body.data.map((d: DecisionJson) => d.kind);
    expect(await kinds('kind=keep')).toEqual(['keep', 'keep']);
    expect(await kinds(`partnerId=${first}`)).toEqual(['keep', 'add']);
    expect(await kinds('from=2026-03-10&to=2026-03-10')).toEqual(['watch', 'keep']);
    expect(await kinds('from=2026-03-11')).toEqual(['keep']);
    expect(await kinds(`kind=keep&partnerId=${second}&to=2026-03-31`)).toEqual([]);
  });

  it('pages with page and pageSize, counting every match', async () => {
    const { body } = await api.get('/api/v1/decisions?pageSize=3&page=2').expect(200);
    expect(body).toMatchObject({ page: 2, pageSize: 3, total: 4 });
    expect(body.data.map((d: DecisionJson) => d.kind)).toEqual(['add']);
  });

  it('answers the same decisions as the /decisions page for the same filters', async () => {
    const page = await (
      await signedInAgent(app, db, 'officer')
    ).agent
      .get(`/decisions?kind=keep&partnerId=${first}`)
      .expect(200);
    expect(page.text).toContain('1 decisión');
    const { body } = await api.get(`/api/v1/decisions?kind=keep&partnerId=${first}`).expect(200);
    expect(body.total).toBe(1);
    expect(body.data[0].partnerName).toBe('Fundación Primera');
  });

  it('refuses filters it cannot read, naming them', async () => {
    const bad = await api
      .get('/api/v1/decisions?kind=maybe&from=2026-02-30&pageSize=500')
      .set('Accept-Language', 'en')
      .expect(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['from', 'kind', 'pageSize']);
  });

  it('answers 401 without credentials', async () => {
    await request(app)
      .get('/api/v1/decisions')
      .expect(401)
      .expect('Content-Type', /problem\+json/);
  });
});
