// Data functions for response events, performance reviews and flags.
import type { FlagRow, PerformanceReviewRow, ResponseEventRow } from '../database/schema.js';
import type { Executor } from '../database/executor.js';
import { partnersWorkingIn } from '../partners/repository.js';
import { startOfEcuadorDay, startOfNextEcuadorDay } from '../shared/dates.js';
import type { EventListQuery, FlagLevel, FlagListQuery, FlagStatus, ReviewListQuery } from './schemas.js';

const HOUR_MS = 60 * 60 * 1000;

// importKey is the spreadsheet row key an import set (null for records typed in); only imports use it.
export type ResponseEvent = Omit<ResponseEventRow, 'createdAt' | 'updatedAt' | 'importKey'> & {
  createdAt: string;
  updatedAt: string;
};
export type Review = Omit<PerformanceReviewRow, 'importKey'>;
export type Flag = Omit<FlagRow, 'level' | 'status'> & { level: FlagLevel; status: FlagStatus };

export function responseHoursBetween(requestedAt: string, firstAssistanceAt: string | null): number | null {
  return firstAssistanceAt === null ? null : (Date.parse(firstAssistanceAt) - Date.parse(requestedAt)) / HOUR_MS;
}

export async function findEvent(db: Executor, partnerId: number, id: number): Promise<ResponseEvent | undefined> {
  return db
    .selectFrom('responseEvents')
    .selectAll()
    .where('id', '=', id)
    .where('partnerId', '=', partnerId)
    .executeTakeFirst();
}

export async function insertEvent(
  trx: Executor,
  values: Omit<ResponseEvent, 'id' | 'createdAt' | 'updatedAt' | 'responseHours'>,
): Promise<number> {
  const now = new Date().toISOString();
  const { id } = await trx
    .insertInto('responseEvents')
    .values({
      ...values,
      responseHours: responseHoursBetween(values.requestedAt, values.firstAssistanceAt),
      createdAt: now,
      updatedAt: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function updateEvent(trx: Executor, event: ResponseEvent): Promise<void> {
  await trx
    .updateTable('responseEvents')
    .set({
      territoryId: event.territoryId,
      assistanceTypeId: event.assistanceTypeId,
      requestedAt: event.requestedAt,
      firstAssistanceAt: event.firstAssistanceAt,
      responseHours: responseHoursBetween(event.requestedAt, event.firstAssistanceAt),
      peopleAssisted: event.peopleAssisted,
      notes: event.notes,
      updatedAt: new Date().toISOString(),
    })
    .where('id', '=', event.id)
    .execute();
}

export async function deleteEvent(trx: Executor, id: number): Promise<void> {
  await trx.deleteFrom('responseEvents').where('id', '=', id).execute();
}

/** Response events matching a list's filters (by partner, territory, assistance type, requested in a period). */
export function filteredEvents(db: Executor, query: Omit<EventListQuery, 'page' | 'pageSize'>) {
  let filtered = db.selectFrom('responseEvents');
  if (query.partnerId !== undefined) filtered = filtered.where('responseEvents.partnerId', '=', query.partnerId);
  if (query.territoryId !== undefined) filtered = filtered.where('responseEvents.territoryId', '=', query.territoryId);
  if (query.assistanceTypeId !== undefined)
    filtered = filtered.where('responseEvents.assistanceTypeId', '=', query.assistanceTypeId);
  if (query.from !== undefined)
    filtered = filtered.where('responseEvents.requestedAt', '>=', startOfEcuadorDay(query.from));
  if (query.to !== undefined)
    filtered = filtered.where('responseEvents.requestedAt', '<', startOfNextEcuadorDay(query.to));
  return filtered;
}

export async function listEvents(
  db: Executor,
  query: EventListQuery,
): Promise<{ data: ResponseEvent[]; total: number }> {
  const filtered = filteredEvents(db, query);
  const [data, count] = await Promise.all([
    filtered
      .selectAll()
      .orderBy('requestedAt', 'desc')
      .orderBy('id', 'desc')
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize)
      .execute(),
    // Engines answer counts as numbers, strings or bigints: Number() reads each alike.
    filtered.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { data, total: Number(count.n) };
}

/** Which rows of a list to read. */
export interface Paging {
  limit: number;
  offset: number;
}

export type EventFilters = Omit<EventListQuery, 'page' | 'pageSize'>;
export type ReviewFilters = Omit<ReviewListQuery, 'page'>;
export type FlagFilters = Omit<FlagListQuery, 'page'>;

/** A record of the cross-partner lists, with the name of its partner. */
export type WithPartnerName<R> = R & { partnerName: string };

const eventsOfAnyPartner = (db: Executor, filters: EventFilters) =>
  filteredEvents(db, filters).innerJoin('partners', 'partners.id', 'responseEvents.partnerId');

/** Every partner's events matching the filters, the latest request first. */
export async function listedEvents(
  db: Executor,
  filters: EventFilters,
  { limit, offset }: Paging,
): Promise<WithPartnerName<ResponseEventRow>[]> {
  return eventsOfAnyPartner(db, filters)
    .selectAll('responseEvents')
    .select('partners.name as partnerName')
    .orderBy('responseEvents.requestedAt', 'desc')
    .orderBy('responseEvents.id', 'desc')
    .limit(limit)
    .offset(offset)
    .execute();
}

export async function countListedEvents(db: Executor, filters: EventFilters): Promise<number> {
  const { n } = await eventsOfAnyPartner(db, filters)
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(n);
}

/** Reviews matching the filters; `from` and `to` bound the day each review's period ended. */
function reviewsOfAnyPartner(db: Executor, filters: ReviewFilters) {
  let q = db.selectFrom('performanceReviews').innerJoin('partners', 'partners.id', 'performanceReviews.partnerId');
  if (filters.partnerId !== undefined) q = q.where('performanceReviews.partnerId', '=', filters.partnerId);
  if (filters.rating !== undefined) q = q.where('performanceReviews.rating', '=', filters.rating);
  if (filters.from !== undefined) q = q.where('performanceReviews.periodEnd', '>=', filters.from);
  if (filters.to !== undefined) q = q.where('performanceReviews.periodEnd', '<=', filters.to);
  return q;
}

/** Every partner's reviews matching the filters, the latest period first. */
export async function listedReviews(
  db: Executor,
  filters: ReviewFilters,
  { limit, offset }: Paging,
): Promise<WithPartnerName<PerformanceReviewRow>[]> {
  return reviewsOfAnyPartner(db, filters)
    .selectAll('performanceReviews')
    .select('partners.name as partnerName')
    .orderBy('performanceReviews.periodEnd', 'desc')
    .orderBy('performanceReviews.id', 'desc')
    .limit(limit)
    .offset(offset)
    .execute();
}

export async function countListedReviews(db: Executor, filters: ReviewFilters): Promise<number> {
  const { n } = await reviewsOfAnyPartner(db, filters)
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(n);
}

/** Flags matching the filters; a territory or assistance type selects the partners working there. */
function flagsOfAnyPartner(db: Executor, filters: FlagFilters) {
  let q = db.selectFrom('flags').innerJoin('partners', 'partners.id', 'flags.partnerId');
  if (filters.partnerId !== undefined) q = q.where('flags.partnerId', '=', filters.partnerId);
  if (filters.level !== undefined) q = q.where('flags.level', '=', filters.level);
  if (filters.status !== undefined) q = q.where('flags.status', '=', filters.status);
  if (filters.category !== undefined) q = q.where('flags.category', '=', filters.category);
  if (filters.territoryId !== undefined || filters.assistanceTypeId !== undefined)
    q = q.where('flags.partnerId', 'in', partnersWorkingIn(db, filters));
  return q;
}

/** Every partner's flags matching the filters, the latest raised first. */
export async function listedFlags(
  db: Executor,
  filters: FlagFilters,
  { limit, offset }: Paging,
): Promise<WithPartnerName<FlagRow>[]> {
  return flagsOfAnyPartner(db, filters)
    .selectAll('flags')
    .select('partners.name as partnerName')
    .orderBy('flags.raisedAt', 'desc')
    .orderBy('flags.id', 'desc')
    .limit(limit)
    .offset(offset)
    .execute();
}

export async function countListedFlags(db: Executor, filters: FlagFilters): Promise<number> {
  const { n } = await flagsOfAnyPartner(db, filters)
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(n);
}

export async function findReview(db: Executor, partnerId: number, id: number): Promise<Review | undefined> {
  return db
    .selectFrom('performanceReviews')
    .selectAll()
    .where('id', '=', id)
    .where('partnerId', '=', partnerId)
    .executeTakeFirst();
}

export async function listReviews(db: Executor, partnerId: number): Promise<Review[]> {
  return db
    .selectFrom('performanceReviews')
    .selectAll()
    .where('partnerId', '=', partnerId)
    .orderBy('periodEnd', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

export async function insertReview(
  trx: Executor,
  values: Omit<Review, 'id' | 'createdAt' | 'updatedAt'>,
): Promise<number> {
  const now = new Date().toISOString();
  const { id } = await trx
    .insertInto('performanceReviews')
    .values({ ...values, createdAt: now, updatedAt: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function updateReview(trx: Executor, review: Review): Promise<void> {
  await trx
    .updateTable('performanceReviews')
    .set({
      periodStart: review.periodStart,
      periodEnd: review.periodEnd,
      rating: review.rating,
      notes: review.notes,
      updatedAt: new Date().toISOString(),
    })
    .where('id', '=', review.id)
    .execute();
}

export async function deleteReview(trx: Executor, id: number): Promise<void> {
  await trx.deleteFrom('performanceReviews').where('id', '=', id).execute();
}

export async function findFlag(db: Executor, partnerId: number, id: number): Promise<Flag | undefined> {
  return (await db
    .selectFrom('flags')
    .selectAll()
    .where('id', '=', id)
    .where('partnerId', '=', partnerId)
    .executeTakeFirst()) as Flag | undefined;
}

export async function listFlags(db: Executor, partnerId: number): Promise<Flag[]> {
  // Open flags first, the most serious first.
  const rows = await db
    .selectFrom('flags')
    .selectAll()
    .where('partnerId', '=', partnerId)
    .orderBy('status')
    .orderBy('raisedAt', 'desc')
    .execute();
  const severity: Record<FlagLevel, number> = { red: 0, risk: 1, observation: 2 };
  return (rows as Flag[]).sort((a, b) =>
    a.status === b.status ? severity[a.level] - severity[b.level] : a.status === 'open' ? -1 : 1,
  );
}

export async function insertFlag(
  trx: Executor,
  values: Pick<Flag, 'partnerId' | 'level' | 'category' | 'comment' | 'raisedBy'>,
): Promise<number> {
  const now = new Date().toISOString();
  const { id } = await trx
    .insertInto('flags')
    .values({ ...values, status: 'open', raisedAt: now, updatedAt: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function updateFlag(trx: Executor, flag: Flag): Promise<void> {
  await trx
    .updateTable('flags')
    .set({
      level: flag.level,
      category: flag.category,
      comment: flag.comment,
      status: flag.status,
      resolution: flag.resolution,
      resolvedBy: flag.resolvedBy,
      resolvedAt: flag.resolvedAt,
      updatedAt: new Date().toISOString(),
    })
    .where('id', '=', flag.id)
    .execute();
}

export async function deleteFlag(trx: Executor, id: number): Promise<void> {
  await trx.deleteFrom('flags').where('id', '=', id).execute();
}

const TABLES = { event: 'responseEvents', review: 'performanceReviews', flag: 'flags' } as const;

/** The partner whose record holds an id now, if any record does. */
export async function idHolder(
  db: Executor,
  kind: keyof typeof TABLES,
  id: number,
): Promise<{ partnerId: number } | undefined> {
  return db.selectFrom(TABLES[kind]).select('partnerId').where('id', '=', id).executeTakeFirst();
}

/** A removed record as its audit entry kept it: the whole row, as it was stored. */
export type RemovedRecord =
  | { kind: 'event'; row: ResponseEventRow }
  | { kind: 'review'; row: PerformanceReviewRow }
  | { kind: 'flag'; row: FlagRow };

/** Whether a record holds each named field with a value of the given type. */
function holds(record: Record<string, unknown>, fields: Record<string, 'number' | 'string'>): boolean {
  return Object.entries(fields).every(([field, type]) => typeof record[field] === type);
}

// The fields an undo reads are checked; the rest goes back as the removal stored it.
function isEventRow(record: Record<string, unknown>): record is ResponseEventRow {
  return holds(record, {
    id: 'number',
    partnerId: 'number',
    territoryId: 'number',
    assistanceTypeId: 'number',
    createdAt: 'string',
  });
}
function isReviewRow(record: Record<string, unknown>): record is PerformanceReviewRow {
  return holds(record, { id: 'number', partnerId: 'number', createdAt: 'string' });
}
function isFlagRow(record: Record<string, unknown>): record is FlagRow {
  return holds(record, { id: 'number', partnerId: 'number', raisedAt: 'string' });
}

/** The removed record an audit entry kept, of the kind removed. */
export function removedRecordOf(kind: keyof typeof TABLES, record: Record<string, unknown>): RemovedRecord {
  if (kind === 'event' && isEventRow(record)) return { kind, row: record };
  if (kind === 'review' && isReviewRow(record)) return { kind, row: record };
  if (kind === 'flag' && isFlagRow(record)) return { kind, row: record };
  throw new Error(`The audit entry of a removed ${kind} does not hold the record`);
}

/** Puts a removed record back exactly as it was stored, id included (the undo of a removal). */
export async function reinsert(trx: Executor, removed: RemovedRecord): Promise<void> {
  if (removed.kind === 'event') await trx.insertInto('responseEvents').values(removed.row).execute();
  else if (removed.kind === 'review') await trx.insertInto('performanceReviews').values(removed.row).execute();
  else await trx.insertInto('flags').values(removed.row).execute();
}
