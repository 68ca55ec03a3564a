import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/database/connect.js';
import { apiClient, bearerFor, idsByCode, partnerInput, signedInAgent, testApp } from '../helpers/app.js';
import { visibleText } from '../helpers/text.js';

let app: Awaited<ReturnType<typeof testApp>>['app'];
let db: Db;
let officer: ReturnType<typeof apiClient>;
let ids: Awaited<ReturnType<typeof idsByCode>>;
const HOUR = 3600_000;

beforeEach(async () => {
  ({ app, db } = await testApp());
  officer = apiClient(app, await bearerFor(db, 'officer'));
  ids = await idsByCode(db);
});

async function partner(name: string, overrides: Record<string, unknown> = {}) {
  return (
    await officer
      .post('/api/v1/partners')
      .send(await partnerInput(db, { name, staffCount: 8, adminSteps: 2, declaredResponseHours: 24, ...overrides }))
      .expect(201)
  ).body.id as number;
}

/** Response events elsewhere (Quito), so they set the partner's overall time and capacity, not the local median. */
async function eventsElsewhere(partnerId: number, list: { hours: number; people: number }[]) {
  for (const { hours, people } of list) {
    const requested = Date.now() - 10 * 24 * HOUR;
    await officer
      .post(`/api/v1/partners/${partnerId}/response-events`)
      .send({
        territoryId: ids.territory.quito,
        assistanceTypeId: ids.assistanceType.shelter,
        requestedAt: new Date(requested).toISOString(),
        firstAssistanceAt: new Date(requested + hours * HOUR).toISOString(),
        peopleAssisted: people,
      })
      .expect(201);
  }
}

const where = () => `territoryId=${ids.territory.tulcan}&assistanceTypeId=${ids.assistanceType.shelter}`;

describe('rapid-response finder: evidence and people to reach', () => {
  beforeEach(async () => {
    const territoryIds = [ids.territory.tulcan, ids.territory.quito];
    // Equal expected time (40 h), both measured; Zeta once assisted 2,500 people in one event.
    await eventsElsewhere(await partner('Alfa Pocas Personas', { territoryIds }), [
      { hours: 40, people: 300 },
      { hours: 40, people: 300 },
      { hours: 40, people: 300 },
    ]);
    await eventsElsewhere(await partner('Zeta Muchas Personas', { territoryIds }), [
      { hours: 40, people: 100 },
      { hours: 40, people: 2500 },
      { hours: 40, people: 100 },
    ]);
    // Equal expected time (40 h) only declared: after both measured ones, despite its name.
    await partner('Aaa Declarado', { declaredResponseHours: 40, territoryIds });
  });

  it('orders measured before declared at equal time, and shows each partner’s evidence level', async () => {
    const api = (await officer.get(`/api/v1/rapid-response?${where()}`).expect(200)).body;
    expect(api.data.map((d: any) => [d.name, d.evidenceLevel, d.maxPeopleInOneEvent, d.reachedTarget])).toEqual([
      // Without people to reach, the largest single event is not read.
      ['Alfa Pocas Personas', 'measured', null, null],
      ['Zeta Muchas Personas', 'measured', null, null],
      ['Aaa Declarado', 'declared_only', null, null],
    ]);
    const viewer = await signedInAgent(app, db, 'viewer');
    const page = visibleText((await viewer.agent.get(`/rapid-response?${where()}`).expect(200)).text);
    expect(page).toMatch(/Evidencia/);
    expect(page.indexOf('Alfa Pocas Personas')).toBeLessThan(page.indexOf('Aaa Declarado'));
    expect(page).toMatch(/Aaa Declarado[^]*Solo declarado|Solo declarado[^]*Aaa Declarado/);
    expect(page).toContain('Medido');
  });

  it('reads "2.000" people to reach as two thousand: the partner that reached it first, the others named as never having reached it', async () => {
    const api = (await officer.get(`/api/v1/rapid-response?${where()}&people=2.000`).expect(200)).body;
    expect(api.data.map((d: any) => [d.name, d.reachedTarget])).toEqual([
      ['Zeta Muchas Personas', true],
      ['Alfa Pocas Personas', false],
      ['Aaa Declarado', false],
    ]);
    const viewer = await signedInAgent(app, db, 'viewer');
    const html = (await viewer.agent.get(`/rapid-response?${where()}&people=2.000`).expect(200)).text;
    const page = visibleText(html);
    expect(page.indexOf('Zeta Muchas Personas')).toBeLessThan(page.indexOf('Alfa Pocas Personas'));
    expect(page.match(/Nunca asistió a 2\.000 personas en un solo evento/g)).toHaveLength(2);
    expect(page).toContain('Máximo en un solo evento: 2.500 personas');
    expect(html).toMatch(/name="people"[^>]*value="2000"|value="2000"[^>]*name="people"/);
  });

  it('still reads an invalid count as an error beside the field', async () => {
    const viewer = await signedInAgent(app, db, 'viewer');
    const page = await viewer.agent.get(`/rapid-response?${where()}&people=muchas`).expect(400);
    expect(visibleText(page.text)).toContain('Personas a alcanzar');
  });
});
