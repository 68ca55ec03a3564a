// Builds the real app over a fresh in-memory database, as production does, for each test.
import { pino } from 'pino';
import { createApp } from '../../src/app.js';
import { type Db, openDatabase } from '../../src/database/connect.js';
import { migrateToLatest } from '../../src/database/migrate.js';
import type { CreatePartnerInput } from '../../src/partners/schemas.js';
import { createPartner } from '../../src/partners/service.js';

export async function freshDatabase(): Promise<Db> {
  const db = openDatabase('file::memory:');
  await migrateToLatest(db);
  return db;
}

export async function testApp(options: { production?: boolean } = {}) {
  const db = await freshDatabase();
  const app = createApp({ db, logger: pino({ level: 'silent' }), production: options.production ?? false });
  return { app, db };
}

export async function idsByCode(db: Db) {
  const territories = await db.selectFrom('territories').select(['id', 'code']).execute();
  const types = await db.selectFrom('assistanceTypes').select(['id', 'code']).execute();
  return {
    territory: Object.fromEntries(territories.map((t) => [t.code, t.id])) as Record<string, number>,
    assistanceType: Object.fromEntries(types.map((t) => [t.code, t.id])) as Record<string, number>,
  };
}

/** A valid partner input; override what a test is about. */
export async function partnerInput(db: Db, overrides: Partial<CreatePartnerInput> = {}): Promise<CreatePartnerInput> {
  const ids = await idsByCode(db);
  return {
    name: 'Fundación Manos Solidarias',
    organizationType: 'national_ngo',
    staffCount: 12,
    territoryIds: [ids.territory.tulcan!],
    assistanceTypeIds: [ids.assistanceType.shelter!],
    status: 'active',
    ...overrides,
  };
}

export async function addPartner(db: Db, overrides: Partial<CreatePartnerInput> = {}) {
  const { partner } = await createPartner(db, await partnerInput(db, overrides));
  return partner;
}
