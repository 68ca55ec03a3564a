// Loads the seeded demo portfolio. Later capabilities add their own records here.
import type { Db } from '../database/connect.js';
import { countPartners, insertPartners } from '../partners/repository.js';
import { SYSTEM_ACTOR } from '../audit/actor.js';
import { recordAudit } from '../audit/repository.js';
import { markDemoDataLoaded } from './marker.js';
import { generateDemoPartners } from './partners.js';
import { SeededRandom } from '../shared/random.js';
import { createDemoUsers } from './users.js';

export const DEMO_SEED = 20200316; // Ecuador's COVID-19 emergency was declared in March 2020.
export const DEMO_PARTNER_COUNT = 60;

export interface DemoOptions {
  partners: number;
  seed: number;
  now: Date;
}

export async function loadDemoPortfolio(db: Db, options: DemoOptions): Promise<{ partners: number }> {
  const random = new SeededRandom(options.seed);
  return db.transaction().execute(async (trx) => {
    const territories = await trx.selectFrom('territories').select(['id', 'code', 'nameEs', 'provinceCode']).orderBy('sortOrder').execute();
    const assistanceTypes = await trx.selectFrom('assistanceTypes').select('id').orderBy('sortOrder').execute();
    const partners = generateDemoPartners(options.partners, random, {
      territories,
      assistanceTypeIds: assistanceTypes.map((type) => type.id),
      now: options.now,
    });
    await insertPartners(trx, partners);
    await markDemoDataLoaded(trx);
    await recordAudit(trx, SYSTEM_ACTOR, { action: 'load', entity: 'demo', entityId: null, details: { partners: partners.length, seed: options.seed } });
    return { partners: partners.length };
  });
}

/** Loads the demo portfolio and demo users only into a new, empty database; null when it did nothing. */
export async function loadDemoPortfolioIfEmpty(db: Db): Promise<{ partners: number; users: number } | null> {
  if ((await countPartners(db)) > 0) return null;
  const loaded = await loadDemoPortfolio(db, { partners: DEMO_PARTNER_COUNT, seed: DEMO_SEED, now: new Date() });
  return { ...loaded, users: await createDemoUsers(db) };
}
