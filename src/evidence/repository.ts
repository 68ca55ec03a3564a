// Data functions for response events, performance reviews and flags.
import type { Kysely } from 'kysely';
import type { Database, FlagRow, PerformanceReviewRow, ResponseEventRow } from '../database/schema.js';
import { startOfEcuadorDay, startOfNextEcuadorDay } from '../shared/dates.js';
import type { EventListQuery, FlagLevel, FlagStatus } from './schemas.js';
import type { Executor } from '../database/executor.js';

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
    filtered.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { data, total: Number(count.n) };
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
  const { id, partnerId: _p, createdAt: _c, ...values } = review;
  await trx
    .updateTable('performanceReviews')
    .set({ ...values, updatedAt: new Date().toISOString() })
    .where('id', '=', id)
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
  const severity = { red: 0, risk: 1, observation: 2 } as Record<string, number>;
  return (rows as Flag[]).sort((a, b) =>
    a.status === b.status ? severity[a.level]! - severity[b.level]! : a.status === 'open' ? -1 : 1,
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
  const { id, partnerId: _p, raisedAt: _r, raisedBy: _b, ...values } = flag;
  await trx
    .updateTable('flags')
    .set({ ...values, updatedAt: new Date().toISOString() })
    .where('id', '=', id)
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

/** Puts a removed record back exactly as it was stored, id included (the undo of a removal). */
export async function reinsert(trx: Executor, kind: 'event', row: ResponseEventRow): Promise<void>;
export async function reinsert(trx: Executor, kind: 'review', row: PerformanceReviewRow): Promise<void>;
export async function reinsert(trx: Executor, kind: 'flag', row: FlagRow): Promise<void>;
export async function reinsert(
  trx: Executor,
  kind: keyof typeof TABLES,
  row: ResponseEventRow | PerformanceReviewRow | FlagRow,
): Promise<void> {
  await trx
    .insertInto(TABLES[kind])
    .values(row as never)
    .execute();
}
