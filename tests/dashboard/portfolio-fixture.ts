// A small hand-built portfolio whose dashboard figures can be worked out on paper.
import type { Express } from 'express';
import type { Db } from '../../src/database/connect.js';
import { addDays } from '../../src/portfolio/rules.js';
import { ecuadorToday } from '../../src/shared/dates.js';
import { apiClient, bearerFor, idsByCode, partnerInput } from '../helpers/app.js';

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const iso = (ms: number) => new Date(ms).toISOString();

export async function handBuiltPortfolio(app: Express, db: Db) {
  const officer = apiClient(app, await bearerFor(db, 'officer'));
  const buyer = apiClient(app, await bearerFor(db, 'procurement'));
  const ids = await idsByCode(db);
  const { tulcan, quito, ibarra } = ids.territory as { tulcan: number; quito: number; ibarra: number };
  const { shelter, health } = ids.assistanceType as { shelter: number; health: number };
  const partner = async (name: string, overrides: Record<string, unknown>) =>
    (
      await officer
        .post('/api/v1/partners')
        .send(await partnerInput(db, { name, adminSteps: 2, declaredResponseHours: 24, ...overrides }))
        .expect(201)
    ).body.id as number;
  const event = (
    partnerId: number,
    territoryId: number,
    assistanceTypeId: number,
    hours: number | null,
    people: number,
    daysAgo: number,
  ) => {
    const requested = Date.now() - daysAgo * DAY;
    return officer
      .post(`/api/v1/partners/${partnerId}/response-events`)
      .send({
        territoryId,
        assistanceTypeId,
        requestedAt: iso(requested),
        firstAssistanceAt: hours === null ? null : iso(requested + hours * HOUR),
        peopleAssisted: people,
      })
      .expect(201);
  };
  let serial = 0;
  const agreement = (partnerId: number, amountUsd: number, territoryId: number, assistanceTypeId: number) =>
    buyer
      .post('/api/v1/agreements')
      .send({
        partnerId,
        code: `DASH-${++serial}`,
        title: 'Convenio',
        startDate: addDays(ecuadorToday(), -200),
        endDate: addDays(ecuadorToday(), 200),
        amountUsd,
        territoryIds: [territoryId],
        assistanceTypeIds: [assistanceTypeId],
        status: 'active',
      })
      .expect(201);

  // Two small national NGOs in Tulcán, a large international one in Quito, a small one in Ibarra with no agreement.
  const a = await partner('Fundación Alfa', {
    staffCount: 8,
    organizationType: 'national_ngo',
    localizationCategory: 'local_national_non_state',
    territoryIds: [tulcan, quito],
    assistanceTypeIds: [shelter],
  });
  const b = await partner('Red Beta', {
    staffCount: 20,
    organizationType: 'national_ngo',
    localizationCategory: 'local_national_non_state',
    territoryIds: [tulcan],
    assistanceTypeIds: [health],
  });
  const c = await partner('International Gamma', {
    staffCount: 300,
    organizationType: 'international_ngo',
    localizationCategory: 'international',
    territoryIds: [quito],
    assistanceTypeIds: [shelter],
  });
  const d = await partner('Colectivo Delta', {
    staffCount: 5,
    organizationType: 'cbo',
    localizationCategory: 'local_national_non_state',
    territoryIds: [ibarra],
    assistanceTypeIds: [shelter],
  });

  await event(a, tulcan, shelter, 10, 100, 30);
  await event(a, tulcan, shelter, 20, 50, 60);
  await event(a, tulcan, shelter, 30, 0, 90);
  await event(a, tulcan, shelter, null, 7, 2); // still pending: no response time yet
  await event(b, tulcan, health, 40, 10, 20);
  await event(c, quito, shelter, 100, 1000, 40);
  await event(c, quito, shelter, 200, 0, 50);
  await event(c, quito, shelter, 50, 500, 600); // older than the default period
  await agreement(a, 1000, tulcan, shelter);
  await agreement(b, 2000, tulcan, health);
  await agreement(c, 7000, quito, shelter);
  await officer
    .post(`/api/v1/partners/${c}/flags`)
    .send({ level: 'red', category: 'financial', comment: 'Auditoría pendiente' })
    .expect(201);

  return { ids, partners: { a, b, c, d }, territories: { tulcan, quito, ibarra }, types: { shelter, health } };
}
