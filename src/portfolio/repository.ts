// Data functions for agreements, decisions, targets and the rapid-response finder.
import type { Selectable } from 'kysely';
import type { AgreementRow, DecisionRow, PortfolioTargetsTable } from '../database/schema.js';
import type { Executor } from '../database/executor.js';
import { startOfEcuadorDay, startOfNextEcuadorDay } from '../shared/dates.js';
import { staffRangeOf } from '../partners/size-class.js';
import type { AgreementListQuery, DecisionListQuery } from './schemas.js';
import type { AgreementStatus } from './rules.js';

export interface Agreement extends Omit<AgreementRow, 'status'> {
  status: AgreementStatus;
  territoryIds: number[];
  assistanceTypeIds: number[];
}

/** Which rows of a list to read. */
export interface Paging {
  limit: number;
  offset: number;
}

/** Rows of the agreements table (and whatever a list selected beside them) with their territories and assistance types. */
export async function withLinks<R extends AgreementRow>(
  db: Executor,
  rows: R[],
): Promise<(Omit<R, 'status'> & Pick<Agreement, 'status' | 'territoryIds' | 'assistanceTypeIds'>)[]> {
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

/** The columns an edit may change (the partner never does; territories and types live in their own tables). */
function editableColumns(values: AgreementValues) {
  return {
    code: values.code,
    title: values.title,
    startDate: values.startDate,
    endDate: values.endDate,
    amountUsd: values.amountUsd,
    peopleTargeted: values.peopleTargeted,
    peopleReached: values.peopleReached,
    status: values.status,
  };
}

// Several writes: the caller runs this in its transaction (the imports pass theirs as an Executor).
export async function insertAgreement(trx: Executor, values: AgreementValues): Promise<number> {
  const now = new Date().toISOString();
  const { id } = await trx
    .insertInto('agreements')
    .values({ partnerId: values.partnerId, ...editableColumns(values), version: 1, createdAt: now, updatedAt: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  await writeLinks(trx, id, values);
  return id;
}

/** Saves if the stored version is still `expectedVersion`; false when someone saved first. */
export async function updateAgreementIfVersion(
  trx: Executor,
  id: number,
  expectedVersion: number,
  values: AgreementValues,
): Promise<boolean> {
  const result = await trx
    .updateTable('agreements')
    .set({ ...editableColumns(values), version: expectedVersion + 1, updatedAt: new Date().toISOString() })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) return false;
  await writeLinks(trx, id, values);
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
  // Small partners: micro and small, every headcount below the medium band.
  if (query.sizeClass === 'smallPartners') q = q.where('partners.staffCount', '<', staffRangeOf('medium').min);
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
    // Engines answer counts and sums as numbers, strings or bigints: Number() reads each alike.
    filtered
      .select((eb) => [eb.fn.countAll().as('n'), eb.fn.sum('agreements.amountUsd').as('amount')])
      .executeTakeFirstOrThrow(),
  ]);
  return { data: await withLinks(db, rows), total: Number(totals.n), amountUsd: Number(totals.amount) };
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

/** Whether a record holds each named field with a value of the given type. */
function holds(record: Record<string, unknown>, fields: Record<string, 'number' | 'string'>): boolean {
  return Object.entries(fields).every(([field, type]) => typeof record[field] === type);
}

/**
 * The row a removal's audit entry kept, whole, as it was stored: the fields an undo reads are
 * checked, the rest goes back as it was.
 */
function keptRow<T extends Record<string, unknown>>(
  record: Record<string, unknown>,
  isRow: (r: Record<string, unknown>) => r is T,
  what: string,
): T {
  if (!isRow(record)) throw new Error(`The audit entry of a removed ${what} does not hold the ${what}`);
  return record;
}

const isDecisionRow = (r: Record<string, unknown>): r is Decision =>
  holds(r, { id: 'number', partnerId: 'number', kind: 'string', decidedAt: 'string' });

export const asDecisionRow = (record: Record<string, unknown>) => keptRow(record, isDecisionRow, 'decision');

/** Puts a removed decision back exactly as it was, id included (the undo of a removal). */
export async function reinsertDecision(trx: Executor, row: Decision): Promise<void> {
  await trx.insertInto('decisions').values(row).execute();
}

export async function insertDecision(trx: Executor, values: Omit<Decision, 'id'>): Promise<number> {
  const { id } = await trx.insertInto('decisions').values(values).returning('id').executeTakeFirstOrThrow();
  return id;
}

/** A decision in the log, with the name of the partner it concerns. */
export type LoggedDecision = Decision & { partnerName: string };
export type DecisionLogFilters = Omit<DecisionListQuery, 'page' | 'pageSize'>;

/** Decisions matching the log's filters; `from` and `to` are days in Ecuador, both included. */
function loggedDecisions(db: Executor, filters: DecisionLogFilters) {
  let q = db.selectFrom('decisions').innerJoin('partners', 'partners.id', 'decisions.partnerId');
  if (filters.kind !== undefined) q = q.where('decisions.kind', '=', filters.kind);
  if (filters.partnerId !== undefined) q = q.where('decisions.partnerId', '=', filters.partnerId);
  if (filters.from !== undefined) q = q.where('decisions.decidedAt', '>=', startOfEcuadorDay(filters.from));
  if (filters.to !== undefined) q = q.where('decisions.decidedAt', '<', startOfNextEcuadorDay(filters.to));
  return q;
}

/** Part of the decisions log, newest first. */
export async function decisionLogRows(
  db: Executor,
  filters: DecisionLogFilters,
  { limit, offset }: Paging,
): Promise<LoggedDecision[]> {
  return loggedDecisions(db, filters)
    .selectAll('decisions')
    .select('partners.name as partnerName')
    .orderBy('decisions.decidedAt', 'desc')
    .orderBy('decisions.id', 'desc')
    .limit(limit)
    .offset(offset)
    .execute();
}

export async function countLoggedDecisions(db: Executor, filters: DecisionLogFilters): Promise<number> {
  const { n } = await loggedDecisions(db, filters)
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(n);
}

export type TargetRow = Selectable<PortfolioTargetsTable>;

export async function targetRows(db: Executor): Promise<TargetRow[]> {
  return db.selectFrom('portfolioTargets').selectAll().execute();
}

export async function findTarget(db: Executor, key: string): Promise<TargetRow | undefined> {
  return db.selectFrom('portfolioTargets').selectAll().where('key', '=', key).executeTakeFirst();
}

/** Sets a target's value, whether or not it had one (a removed target is set again by saving the form). */
export async function upsertTarget(trx: Executor, row: TargetRow): Promise<void> {
  const { value, updatedBy, updatedAt } = row;
  await trx
    .insertInto('portfolioTargets')
    .values(row)
    .onConflict((oc) => oc.column('key').doUpdateSet({ value, updatedBy, updatedAt }))
    .execute();
}

export async function deleteTarget(trx: Executor, key: string): Promise<void> {
  await trx.deleteFrom('portfolioTargets').where('key', '=', key).execute();
}

const isTargetRow = (r: Record<string, unknown>): r is TargetRow =>
  holds(r, { key: 'string', value: 'number', updatedBy: 'string', updatedAt: 'string' });

export const asTargetRow = (record: Record<string, unknown>) => keptRow(record, isTargetRow, 'target');

/** Puts a removed target back exactly as it was stored (the undo of a removal). */
export async function reinsertTarget(trx: Executor, row: TargetRow): Promise<void> {
  await trx.insertInto('portfolioTargets').values(row).execute();
}

/** Where and for what an emergency needs help (the rapid-response finder's question). */
export interface EmergencyArea {
  territoryId: number;
  assistanceTypeId: number;
}

/** Active partners registered in the territory and for the assistance type, with their stored score. */
export async function responderCandidates(db: Executor, { territoryId, assistanceTypeId }: EmergencyArea) {
  return db
    .selectFrom('partners')
    .innerJoin('partnerScores', 'partnerScores.partnerId', 'partners.id')
    .where('partners.status', '=', 'active')
    .where('partners.id', 'in', (eb) =>
      eb.selectFrom('partnerTerritories').select('partnerId').where('territoryId', '=', territoryId),
    )
    .where('partners.id', 'in', (eb) =>
      eb.selectFrom('partnerAssistanceTypes').select('partnerId').where('assistanceTypeId', '=', assistanceTypeId),
    )
    .select([
      'partners.id',
      'partners.name',
      'partners.declaredResponseHours',
      'partnerScores.sizeClass',
      'partnerScores.isSmallAgile',
      'partnerScores.agility',
      'partnerScores.recommendation',
      'partnerScores.responseRaw',
      'partnerScores.responseSource',
      'partnerScores.openRedFlag',
    ])
    .execute();
}

/** The response events requested since `since` in the territory, for the assistance type. */
export async function eventsInArea(db: Executor, { territoryId, assistanceTypeId }: EmergencyArea, since: string) {
  return db
    .selectFrom('responseEvents')
    .select(['partnerId', 'responseHours', 'peopleAssisted'])
    .where('territoryId', '=', territoryId)
    .where('assistanceTypeId', '=', assistanceTypeId)
    .where('requestedAt', '>=', since)
    .execute();
}

/** Ids of the partners registered in the territory with an active agreement covering `day`. */
export async function partnersInPortfolioOn(db: Executor, territoryId: number, day: string): Promise<number[]> {
  const rows = await db
    .selectFrom('agreements')
    .select('partnerId')
    .distinct()
    .where('status', '=', 'active')
    .where('endDate', '>=', day)
    .where('startDate', '<=', day)
    .where('partnerId', 'in', (eb) =>
      eb.selectFrom('partnerTerritories').select('partnerId').where('territoryId', '=', territoryId),
    )
    .execute();
  return rows.map((r) => r.partnerId);
}

/** How many open flags each partner has (partners without any are absent). */
export async function openFlagCounts(db: Executor): Promise<Map<number, number>> {
  const rows = await db
    .selectFrom('flags')
    .select((eb) => ['partnerId', eb.fn.countAll().as('open')])
    .where('status', '=', 'open')
    .groupBy('partnerId')
    .execute();
  return new Map(rows.map((f) => [f.partnerId, Number(f.open)]));
}

/** The most people each partner assisted in one response event, anywhere and at any time. */
export async function largestEventPeople(db: Executor, partnerIds: number[]): Promise<Map<number, number | null>> {
  const rows = await db
    .selectFrom('responseEvents')
    .select((eb) => ['partnerId', eb.fn.max('peopleAssisted').as('people')])
    .where('partnerId', 'in', partnerIds)
    .groupBy('partnerId')
    .execute();
  return new Map(rows.map((e) => [e.partnerId, e.people]));
}

export interface PartnerContact {
  id: number;
  contactName: string | null;
  contactEmail: string | null;
  contactPhone: string | null;
}

export async function partnerContacts(db: Executor, partnerIds: number[]): Promise<Map<number, PartnerContact>> {
  if (partnerIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('partners')
    .select(['id', 'contactName', 'contactEmail', 'contactPhone'])
    .where('id', 'in', partnerIds)
    .execute();
  return new Map(rows.map((p) => [p.id, p]));
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
