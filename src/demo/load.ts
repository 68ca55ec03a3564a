// Loads the seeded demo portfolio. Later capabilities add their own records here.
import type { Db } from '../database/connect.js';
import { countPartners, insertPartners } from '../partners/repository.js';
import { SYSTEM_ACTOR } from '../audit/actor.js';
import { recordAudit } from '../audit/repository.js';
import { markDemoDataLoaded } from './marker.js';
import { generateDemoPartners } from './partners.js';
import { SeededRandom } from '../shared/random.js';
import { createDemoUsers } from './users.js';
import { insertDemoEvidence } from './evidence.js';
import { insertDemoAgreements } from './agreements.js';
import { ecuadorToday } from '../shared/dates.js';
import { rescoreAll } from '../scoring/service.js';
import { pairUp } from '../shared/arrays.js';

export const DEMO_SEED = 20200316; // Ecuador's COVID-19 emergency was declared in March 2020.
export const DEMO_PARTNER_COUNT = 60;

export const EVENTS_PER_PARTNER = 6;

export interface DemoOptions {
  partners: number;
  /** Response events in all; by default about six a partner. */
  events?: number;
  /** Agreements in all; by default about one and a half a partner. */
  agreements?: number;
  seed: number;
  now: Date;
}

export async function loadDemoPortfolio(
  db: Db,
  options: DemoOptions,
): Promise<{ partners: number; events: number; reviews: number; flags: number; agreements: number }> {
  const random = new SeededRandom(options.seed);
  const loaded = await db.transaction().execute(async (trx) => {
    const territories = await trx
      .selectFrom('territories')
      .select(['id', 'code', 'nameEs', 'provinceCode'])
      .orderBy('sortOrder')
      .execute();
    const assistanceTypes = await trx.selectFrom('assistanceTypes').select('id').orderBy('sortOrder').execute();
    const partners = generateDemoPartners(options.partners, random, {
      territories,
      assistanceTypeIds: assistanceTypes.map((type) => type.id),
      now: options.now,
    });
    const ids = await insertPartners(trx, partners);
    const seeded = pairUp(partners, ids).map(([partner, id]) => ({
      id,
      staffCount: partner.profile.staffCount,
      territoryIds: partner.profile.territoryIds,
      assistanceTypeIds: partner.profile.assistanceTypeIds,
    }));
    const evidence = await insertDemoEvidence(trx, random, seeded, {
      events: options.events ?? options.partners * EVENTS_PER_PARTNER,
      now: options.now,
      allTerritoryIds: territories.map((t) => t.id),
      allAssistanceTypeIds: assistanceTypes.map((t) => t.id),
    });
    const agreements = await insertDemoAgreements(trx, random, seeded, {
      agreements: options.agreements ?? Math.round(options.partners * 1.5),
      today: ecuadorToday(options.now),
    });
    await markDemoDataLoaded(trx);
    const counts = { partners: partners.length, ...evidence, agreements };
    await recordAudit(trx, SYSTEM_ACTOR, {
      action: 'load',
      entity: 'demo',
      entityId: null,
      details: { ...counts, seed: options.seed },
    });
    return counts;
  });
  await rescoreAll(db, options.now);
  return loaded;
}

/** Loads the demo portfolio and demo users only into a new, empty database; null when it did nothing. */
export async function loadDemoPortfolioIfEmpty(db: Db): Promise<{
  partners: number;
  events: number;
  reviews: number;
  flags: number;
  agreements: number;
  users: number;
} | null> {
  if ((await countPartners(db)) > 0) return null;
  const loaded = await loadDemoPortfolio(db, { partners: DEMO_PARTNER_COUNT, seed: DEMO_SEED, now: new Date() });
  return { ...loaded, users: await createDemoUsers(db) };
}
