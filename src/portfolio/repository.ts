// Data functions for agreements, decisions and targets.
import type { Kysely } from 'kysely';
import type { AgreementRow, Database, DecisionRow } from '../database/schema.js';
import { staffRangeOf } from '../partners/size-class.js';
import type { AgreementListQuery } from './schemas.js';
import type { AgreementStatus } from './rules.js';
import type { Executor } from '../database/executor.js';


export interface Agreement extends Omit<AgreementRow, 'status'> {
  status: AgreementStatus;
  territoryIds: number[];
  assistanceTypeIds: number[];
}

export const AGREEMENT_FIELDS = [
  'code',
  'title',
  'startDate',
  'endDate',
  'amountUsd',
  'territoryIds',
  'assistanceTypeIds',
  'peopleTargeted',
  'peopleReached',
  'status',
] as const;

export async function withLinks(db: Executor, rows: AgreementRow[]): Promise<Agreement[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [territories, types] = await Promise.all([
    db
      .selectFrom('agreementTerritories')
      .select(['agreementId', 'territoryId'])
      .where('agreementId', 'in', ids)
      .orderBy('territoryId')
      .execute(),
    db
      .selectFrom('agreementAssistanceTypes')
      .select(['agreementId', 'assistanceTypeId'])
      .where('agreementId', 'in', ids)
      .orderBy('assistanceTypeId')
      .execute(),
  ]);
  return rows.map((row) => ({
    ...row,
    status: row.status as AgreementStatus,
    territoryIds: territories.filter((t) => t.agreementId === row.id).map((t) => t.territoryId),
    assistanceTypeIds: types.filter((t) => t.agreementId === row.id).map((t) => t.assistanceTypeId),
  }));
}

export async function findAgreement(db: Executor, id: number): Promise<Agreement | undefined> {
  const row = await db.selectFrom('agreements').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? (await withLinks(db, [row]))[0] : undefined;
}

export async function findAgreementByCode(db: Executor, code: string) {
  return db.selectFrom('agreements').select(['id', 'code']).where('code', '=', code).executeTakeFirst();
}

/** The codes of the agreements created last, newest first (the office's current numbering). */
export async function latestAgreementCodes(db: Executor, count: number): Promise<string[]> {
  return (await db.selectFrom('agreements').select('code').orderBy('id', 'desc').limit(count).execute()).map(
    (r) => r.code,
  );
}

/** For each partner, the territories of its active or closed agreements ending on the given day. */
export async function territoriesEndingOn(
  db: Executor,
  ends: { partnerId: number; endDate: string }[],
): Promise<Map<number, number[]>> {
  const found = new Map<number, number[]>();
  if (ends.length === 0) return found;
  const wanted = new Map(ends.map((e) => [e.partnerId, e.endDate]));
  const rows = await db
    .selectFrom('agreementTerritories')
    .innerJoin('agreements', 'agreements.id', 'agreementTerritories.agreementId')
    .select(['agreements.partnerId', 'agreements.endDate', 'agreementTerritories.territoryId'])
    .where('agreements.partnerId', 'in', [...wanted.keys()])
    .where('agreements.endDate', 'in', [...new Set(wanted.values())])
    .where('agreements.status', 'in', ['active', 'closed'])
    .orderBy('agreementTerritories.territoryId')
    .execute();
  for (const row of rows) {
    if (wanted.get(row.partnerId) !== row.endDate) continue;
    const list = found.get(row.partnerId) ?? [];
    if (!list.includes(row.territoryId)) list.push(row.territoryId);
    found.set(row.partnerId, list);
  }
  return found;
}

/** Partners an agreement can be drafted with, by name, for the new-agreement form. */
export async function partnerChoices(db: Executor): Promise<{ id: number; name: string }[]> {
  return db.selectFrom('partners').select(['id', 'name']).where('status', '=', 'active').orderBy('name').execute();
}

export async function agreementsOfPartner(db: Executor, partnerId: number): Promise<Agreement[]> {
  const rows = await db
    .selectFrom('agreements')
    .selectAll()
    .where('partnerId', '=', partnerId)
    .orderBy('endDate', 'desc')
    .execute();
  return withLinks(db, rows);
}

type AgreementValues = Omit<Agreement, 'id' | 'version' | 'createdAt' | 'updatedAt'>;

async function writeLinks(
  trx: Executor,
  agreementId: number,
  values: Pick<Agreement, 'territoryIds' | 'assistanceTypeIds'>,
) {
  await trx.deleteFrom('agreementTerritories').where('agreementId', '=', agreementId).execute();
  await trx.deleteFrom('agreementAssistanceTypes').where('agreementId', '=', agreementId).execute();
  if (values.territoryIds.length > 0)
    await trx
      .insertInto('agreementTerritories')
      .values(values.territoryIds.map((territoryId) => ({ agreementId, territoryId })))
      .execute();
  if (values.assistanceTypeIds.length > 0)
    await trx
      .insertInto('agreementAssistanceTypes')
      .values(values.assistanceTypeIds.map((assistanceTypeId) => ({ agreementId, assistanceTypeId })))
      .execute();
}

export async function insertAgreement(trx: Executor, values: AgreementValues): Promise<number> {
  const { territoryIds, assistanceTypeIds, ...columns } = values;
  const now = new Date().toISOString();
  const { id } = await trx
    .insertInto('agreements')
    .values({ ...columns, version: 1, createdAt: now, updatedAt: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  await writeLinks(trx, id, { territoryIds, assistanceTypeIds });
  return id;
}

/** Saves if the stored version is still `expectedVersion`; false when someone saved first. */
export async function updateAgreementIfVersion(
  trx: Executor,
  id: number,
  expectedVersion: number,
  values: AgreementValues,
): Promise<boolean> {
  const { territoryIds, assistanceTypeIds, partnerId: _p, ...columns } = values;
  const result = await trx
    .updateTable('agreements')
    .set({ ...columns, version: expectedVersion + 1, updatedAt: new Date().toISOString() })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) return false;
  await writeLinks(trx, id, { territoryIds, assistanceTypeIds });
  return true;
}

/** Agreements matching the list's filters; `portfolio` status means active or closed (what funded the portfolio). */
export function filteredAgreements(db: Executor, query: Omit<AgreementListQuery, 'page' | 'pageSize'>) {
  let q = db.selectFrom('agreements').innerJoin('partners', 'partners.id', 'agreements.partnerId');
  if (query.partnerId !== undefined) q = q.where('agreements.partnerId', '=', query.partnerId);
  if (query.status === 'portfolio') q = q.where('agreements.status', 'in', ['active', 'closed']);
  else if (query.status !== undefined) q = q.where('agreements.status', '=', query.status);
  if (query.territoryId !== undefined) {
    const territoryId = query.territoryId;
    q = q.where('agreements.id', 'in', (eb) =>
      eb.selectFrom('agreementTerritories').select('agreementId').where('territoryId', '=', territoryId),
    );
  }
  if (query.assistanceTypeId !== undefined) {
    const assistanceTypeId = query.assistanceTypeId;
    q = q.where('agreements.id', 'in', (eb) =>
      eb.selectFrom('agreementAssistanceTypes').select('agreementId').where('assistanceTypeId', '=', assistanceTypeId),
    );
  }
  if (query.sizeClass === 'smallPartners') q = q.where('partners.staffCount', '<=', staffRangeOf('small').max!);
  else if (query.sizeClass !== undefined) {
    const range = staffRangeOf(query.sizeClass);
    q = q.where('partners.staffCount', '>=', range.min);
    if (range.max !== null) q = q.where('partners.staffCount', '<=', range.max);
  }
  if (query.localizationCategory === 'localAndNational')
    q = q.where('partners.localizationCategory', '!=', 'international');
  else if (query.localizationCategory !== undefined)
    q = q.where('partners.localizationCategory', '=', query.localizationCategory);
  const from = query.from ?? query.to;
  const to = query.to ?? query.from;
  if (from !== undefined && to !== undefined)
    q = q.where('agreements.startDate', '<=', to).where('agreements.endDate', '>=', from);
  return q;
}

export async function listAgreements(
  db: Executor,
  query: AgreementListQuery,
): Promise<{ data: (Agreement & { partnerName: string })[]; total: number; amountUsd: number }> {
  const filtered = filteredAgreements(db, query);
  const [rows, totals] = await Promise.all([
    filtered
      .selectAll('agreements')
      .select('partners.name as partnerName')
      .orderBy('agreements.endDate', 'desc')
      .orderBy('agreements.id', 'desc')
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize)
      .execute(),
    filtered
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.sum<number>('agreements.amountUsd').as('amount')])
      .executeTakeFirstOrThrow(),
  ]);
  const linked = await withLinks(
    db,
    rows.map(({ partnerName: _n, ...row }) => row),
  );
  return {
    data: linked.map((a, i) => ({ ...a, partnerName: rows[i]!.partnerName })),
    total: Number(totals.n),
    amountUsd: Number(totals.amount ?? 0),
  };
}

export type Decision = DecisionRow;

export async function findDecision(db: Executor, partnerId: number, id: number): Promise<Decision | undefined> {
  return db
    .selectFrom('decisions')
    .selectAll()
    .where('id', '=', id)
    .where('partnerId', '=', partnerId)
    .executeTakeFirst();
}

/** The partner whose decision holds an id now, if any does. */
export async function decisionIdHolder(db: Executor, id: number): Promise<{ partnerId: number } | undefined> {
  return db.selectFrom('decisions').select('partnerId').where('id', '=', id).executeTakeFirst();
}

export async function deleteDecision(trx: Executor, id: number): Promise<void> {
  await trx.deleteFrom('decisions').where('id', '=', id).execute();
}

/** Puts a removed decision back exactly as it was, id included (the undo of a removal). */
export async function reinsertDecision(trx: Executor, row: Decision): Promise<void> {
  await trx.insertInto('decisions').values(row).execute();
}

/** A partner's latest decisions, newest first (its profile lists them). */
export async function decisionsOfPartner(db: Executor, partnerId: number, limit: number): Promise<Decision[]> {
  return db
    .selectFrom('decisions')
    .selectAll()
    .where('partnerId', '=', partnerId)
    .orderBy('decidedAt', 'desc')
    .limit(limit)
    .execute();
}
