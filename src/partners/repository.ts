// Data functions for partners. Each takes `db` or a transaction's `trx` first and returns plain
// domain objects; none opens a transaction itself.
import type { Executor, Trx } from '../database/executor.js';
import type { PartnerRow } from '../database/schema.js';
import { nameKey, searchableText } from '../shared/text.js';
import {
  type LocalizationCategory,
  type OrganizationType,
  type Partner,
  type PartnerProfile,
  type PartnerStatus,
  withDerivedSize,
} from './partner.js';
import type { PartnerListQuery, PartnerSort } from './schemas.js';
import { staffRangeOf } from './size-class.js';

function toPartner(row: PartnerRow, territoryIds: number[], assistanceTypeIds: number[]): Partner {
  return withDerivedSize({
    id: row.id,
    name: row.name,
    acronym: row.acronym,
    ruc: row.ruc,
    organizationType: row.organizationType as OrganizationType,
    localizationCategory: row.localizationCategory as LocalizationCategory,
    staffCount: row.staffCount,
    volunteerCount: row.volunteerCount,
    annualBudgetUsd: row.annualBudgetUsd,
    yearFounded: row.yearFounded,
    adminSteps: row.adminSteps,
    declaredResponseHours: row.declaredResponseHours,
    contactName: row.contactName,
    contactEmail: row.contactEmail,
    contactPhone: row.contactPhone,
    notes: row.notes,
    status: row.status as PartnerStatus,
    version: row.version,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    territoryIds,
    assistanceTypeIds,
  });
}

/** The partners row of a profile (its territories and assistance types live in link tables). */
function profileColumns(profile: PartnerProfile) {
  return {
    name: profile.name,
    acronym: profile.acronym,
    ruc: profile.ruc,
    organizationType: profile.organizationType,
    localizationCategory: profile.localizationCategory,
    staffCount: profile.staffCount,
    volunteerCount: profile.volunteerCount,
    annualBudgetUsd: profile.annualBudgetUsd,
    yearFounded: profile.yearFounded,
    adminSteps: profile.adminSteps,
    declaredResponseHours: profile.declaredResponseHours,
    contactName: profile.contactName,
    contactEmail: profile.contactEmail,
    contactPhone: profile.contactPhone,
    notes: profile.notes,
    status: profile.status,
    nameKey: nameKey(profile.name),
    searchText: [profile.name, profile.acronym ?? '', profile.ruc ?? ''].map(searchableText).join(' ').trim(),
  };
}

export async function linksOf(db: Executor, partnerIds: number[]) {
  const territories = new Map<number, number[]>();
  const assistanceTypes = new Map<number, number[]>();
  if (partnerIds.length === 0) return { territories, assistanceTypes };
  const [territoryRows, typeRows] = await Promise.all([
    db
      .selectFrom('partnerTerritories')
      .select(['partnerId', 'territoryId'])
      .where('partnerId', 'in', partnerIds)
      .orderBy('territoryId')
      .execute(),
    db
      .selectFrom('partnerAssistanceTypes')
      .select(['partnerId', 'assistanceTypeId'])
      .where('partnerId', 'in', partnerIds)
      .orderBy('assistanceTypeId')
      .execute(),
  ]);
  for (const row of territoryRows)
    territories.set(row.partnerId, [...(territories.get(row.partnerId) ?? []), row.territoryId]);
  for (const row of typeRows)
    assistanceTypes.set(row.partnerId, [...(assistanceTypes.get(row.partnerId) ?? []), row.assistanceTypeId]);
  return { territories, assistanceTypes };
}

async function withLinks(db: Executor, rows: PartnerRow[]): Promise<Partner[]> {
  const links = await linksOf(
    db,
    rows.map((row) => row.id),
  );
  return rows.map((row) =>
    toPartner(row, links.territories.get(row.id) ?? [], links.assistanceTypes.get(row.id) ?? []),
  );
}

export async function findPartner(db: Executor, id: number): Promise<Partner | undefined> {
  const row = await db.selectFrom('partners').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  const [partner] = await withLinks(db, [row]);
  return partner;
}

/** Several partners at once, with their territories and assistance types (imports compare in batches). */
export async function findPartners(db: Executor, ids: number[]): Promise<Partner[]> {
  if (ids.length === 0) return [];
  return withLinks(db, await db.selectFrom('partners').selectAll().where('id', 'in', ids).execute());
}

export async function findPartnerByRuc(db: Executor, ruc: string) {
  return db.selectFrom('partners').select(['id', 'name']).where('ruc', '=', ruc).executeTakeFirst();
}

export async function findPartnersNamed(db: Executor, name: string, exceptId: number | null) {
  let query = db.selectFrom('partners').select(['id', 'name']).where('nameKey', '=', nameKey(name));
  if (exceptId !== null) query = query.where('id', '!=', exceptId);
  return query.orderBy('id').limit(5).execute();
}

const SORT_COLUMNS: Record<PartnerSort, ['nameKey' | 'staffCount' | 'updatedAt', 'asc' | 'desc']> = {
  name: ['nameKey', 'asc'],
  '-name': ['nameKey', 'desc'],
  staffCount: ['staffCount', 'asc'],
  '-staffCount': ['staffCount', 'desc'],
  // Size classes are bands of headcount, so ordering by headcount orders by class.
  sizeClass: ['staffCount', 'asc'],
  '-sizeClass': ['staffCount', 'desc'],
  updatedAt: ['updatedAt', 'asc'],
  '-updatedAt': ['updatedAt', 'desc'],
};

export async function listPartners(db: Executor, query: PartnerListQuery): Promise<{ data: Partner[]; total: number }> {
  let filtered = db.selectFrom('partners');
  const words = searchableText(query.q ?? '')
    .split(' ')
    .filter(Boolean);
  for (const word of words) {
    filtered = filtered.where('searchText', 'like', `%${word}%`);
  }
  if (query.territoryId !== undefined) {
    const territoryId = query.territoryId;
    filtered = filtered.where('id', 'in', (eb) =>
      eb.selectFrom('partnerTerritories').select('partnerId').where('territoryId', '=', territoryId),
    );
  }
  if (query.assistanceTypeId !== undefined) {
    const assistanceTypeId = query.assistanceTypeId;
    filtered = filtered.where('id', 'in', (eb) =>
      eb.selectFrom('partnerAssistanceTypes').select('partnerId').where('assistanceTypeId', '=', assistanceTypeId),
    );
  }
  if (query.sizeClass !== undefined) {
    const range = staffRangeOf(query.sizeClass);
    filtered = filtered.where('staffCount', '>=', range.min);
    if (range.max !== null) filtered = filtered.where('staffCount', '<=', range.max);
  }
  if (query.organizationType !== undefined) filtered = filtered.where('organizationType', '=', query.organizationType);
  if (query.status === undefined) filtered = filtered.where('status', '<>', 'archived');
  else if (query.status !== 'all') filtered = filtered.where('status', '=', query.status);

  const [column, direction] = SORT_COLUMNS[query.sort];
  const page = filtered
    .selectAll()
    .orderBy(column, direction)
    .orderBy('id', direction)
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize);
  const countAll = () =>
    filtered
      .select((eb) => eb.fn.countAll<number | string>().as('total'))
      .executeTakeFirstOrThrow()
      .then((row) => Number(row.total));

  if (words.length === 0) {
    // Without a search term the sort index serves the page and counting is cheap.
    const [rows, total] = await Promise.all([page.execute(), countAll()]);
    return { data: await withLinks(db, rows), total };
  }
  // A search scans the matches anyway: one pass yields the page and, through a window, their count.
  const rows = await page.select((eb) => eb.fn.countAll<number | string>().over().as('matchCount')).execute();
  const first = rows[0];
  const total = first === undefined ? await countAll() : Number(first.matchCount);
  // toPartner keeps only the partner's own columns, so the window's count stays behind.
  return { data: await withLinks(db, rows), total };
}

async function writeLinks(trx: Trx, partnerId: number, profile: PartnerProfile): Promise<void> {
  await trx.deleteFrom('partnerTerritories').where('partnerId', '=', partnerId).execute();
  await trx.deleteFrom('partnerAssistanceTypes').where('partnerId', '=', partnerId).execute();
  await trx
    .insertInto('partnerTerritories')
    .values(profile.territoryIds.map((territoryId) => ({ partnerId, territoryId })))
    .execute();
  await trx
    .insertInto('partnerAssistanceTypes')
    .values(profile.assistanceTypeIds.map((assistanceTypeId) => ({ partnerId, assistanceTypeId })))
    .execute();
}

async function recordRevision(trx: Trx, partnerId: number, version: number, profile: PartnerProfile, at: string) {
  await trx
    .insertInto('partnerRevisions')
    .values({ partnerId, version, snapshot: JSON.stringify(profile), recordedAt: at })
    .execute();
}

export async function insertPartner(trx: Trx, profile: PartnerProfile, at: string): Promise<number> {
  const { id } = await trx
    .insertInto('partners')
    .values({ ...profileColumns(profile), version: 1, createdAt: at, updatedAt: at })
    .returning('id')
    .executeTakeFirstOrThrow();
  await writeLinks(trx, id, profile);
  await recordRevision(trx, id, 1, profile, at);
  return id;
}

/** Saves a new version if the stored one is still `expectedVersion`; false when it is not. */
export async function updatePartnerIfVersion(
  trx: Trx,
  id: number,
  expectedVersion: number,
  profile: PartnerProfile,
  at: string,
): Promise<boolean> {
  const result = await trx
    .updateTable('partners')
    .set({ ...profileColumns(profile), version: expectedVersion + 1, updatedAt: at })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) return false;
  await writeLinks(trx, id, profile);
  await recordRevision(trx, id, expectedVersion + 1, profile, at);
  return true;
}

export async function findRevision(
  db: Executor,
  partnerId: number,
  version: number,
): Promise<PartnerProfile | undefined> {
  const row = await db
    .selectFrom('partnerRevisions')
    .select('snapshot')
    .where('partnerId', '=', partnerId)
    .where('version', '=', version)
    .executeTakeFirst();
  return row ? (JSON.parse(row.snapshot) as PartnerProfile) : undefined;
}

export async function countPartners(db: Executor): Promise<number> {
  const row = await db
    .selectFrom('partners')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Inserts many partners at once (demo data, imports), in batches that fit SQLite's limits. */
export async function insertPartners(
  trx: Trx,
  items: { profile: PartnerProfile; createdAt: string; updatedAt: string }[],
  batchSize = 400,
): Promise<number[]> {
  const ids: number[] = [];
  for (let start = 0; start < items.length; start += batchSize) {
    const batch = items.slice(start, start + batchSize);
    const inserted = await trx
      .insertInto('partners')
      .values(
        batch.map(({ profile, createdAt, updatedAt }) => ({
          ...profileColumns(profile),
          version: 1,
          createdAt,
          updatedAt,
        })),
      )
      .returning('id')
      .execute();
    // RETURNING hands the ids back in the order of the inserted rows.
    const saved = batch.map((item, i) => {
      const id = inserted[i]?.id;
      if (id === undefined) throw new Error('a batch insert returned fewer ids than rows');
      return { ...item, partnerId: id };
    });
    const territoryLinks = saved.flatMap(({ profile, partnerId }) =>
      profile.territoryIds.map((territoryId) => ({ partnerId, territoryId })),
    );
    const typeLinks = saved.flatMap(({ profile, partnerId }) =>
      profile.assistanceTypeIds.map((assistanceTypeId) => ({ partnerId, assistanceTypeId })),
    );
    await trx.insertInto('partnerTerritories').values(territoryLinks).execute();
    await trx.insertInto('partnerAssistanceTypes').values(typeLinks).execute();
    await trx
      .insertInto('partnerRevisions')
      .values(
        saved.map(({ profile, createdAt, partnerId }) => ({
          partnerId,
          version: 1,
          snapshot: JSON.stringify(profile),
          recordedAt: createdAt,
        })),
      )
      .execute();
    ids.push(...saved.map((item) => item.partnerId));
  }
  return ids;
}

/** Ids of the partners registered in a territory and/or for an assistance type (every partner without either). */
export function partnersWorkingIn(
  db: Executor,
  area: { territoryId?: number | undefined; assistanceTypeId?: number | undefined },
) {
  let q = db.selectFrom('partners').select('partners.id');
  if (area.territoryId !== undefined) {
    const id = area.territoryId;
    q = q.where('partners.id', 'in', (eb) =>
      eb.selectFrom('partnerTerritories').select('partnerId').where('territoryId', '=', id),
    );
  }
  if (area.assistanceTypeId !== undefined) {
    const id = area.assistanceTypeId;
    q = q.where('partners.id', 'in', (eb) =>
      eb.selectFrom('partnerAssistanceTypes').select('partnerId').where('assistanceTypeId', '=', id),
    );
  }
  return q;
}

/** The stored overall score and recommendation of the listed partners (the list shows them beside each name). */
export async function standingsOf(
  db: Executor,
  partnerIds: number[],
): Promise<Map<number, { overall: number | null; recommendation: string }>> {
  if (partnerIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('partnerScores')
    .select(['partnerId', 'overall', 'recommendation'])
    .where('partnerId', 'in', partnerIds)
    .execute();
  return new Map(rows.map((r) => [r.partnerId, { overall: r.overall, recommendation: r.recommendation }]));
}

/** Every partner's id, RUC and name key: what an import matches its rows against (a few MB at 50,000 partners). */
export async function partnerIdentities(db: Executor): Promise<{ id: number; ruc: string | null; nameKey: string }[]> {
  return db.selectFrom('partners').select(['id', 'ruc', 'nameKey']).execute();
}

export interface Coverage {
  territoryIds: Set<number>;
  assistanceTypeIds: Set<number>;
}

/** The territories and assistance types each of the partners is registered for (an entry for every id asked). */
export async function coverageOf(db: Executor, partnerIds: number[]): Promise<Map<number, Coverage>> {
  const { territories, assistanceTypes } = await linksOf(db, partnerIds);
  return new Map(
    partnerIds.map((id) => [
      id,
      { territoryIds: new Set(territories.get(id)), assistanceTypeIds: new Set(assistanceTypes.get(id)) },
    ]),
  );
}
