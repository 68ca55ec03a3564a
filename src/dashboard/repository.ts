// The dashboard's own aggregates over response events, flags and partners, built on the evidence and
// partners features' filters so that a figure counts exactly what the list it links to shows.
import { type SqlBool, sql } from 'kysely';
import type { Executor } from '../database/executor.js';
import { filteredEvents } from '../evidence/repository.js';
import { partnersWorkingIn } from '../partners/repository.js';
import type { SizeClassification } from '../partners/size-class.js';
import { isSmallSql } from '../partners/size-class-sql.js';
import { startOfEcuadorDay, startOfNextEcuadorDay } from '../shared/dates.js';
import type { DashboardFilters } from './filters.js';

export type Area = Pick<DashboardFilters, 'territoryId' | 'assistanceTypeId'>;

/** Events requested in the period (and area) that have a response time. */
function measuredEvents(db: Executor, f: DashboardFilters) {
  return filteredEvents(db, f).where('responseEvents.responseHours', 'is not', null);
}

/** The measured response hours of the period's events, with each event's territory. */
export function measuredResponseHours(
  db: Executor,
  f: DashboardFilters,
): Promise<{ territoryId: number; responseHours: number }[]> {
  return measuredEvents(db, f)
    .select(['responseEvents.territoryId', 'responseEvents.responseHours'])
    .$narrowType<{ responseHours: number }>()
    .execute();
}

/**
 * Median measured response hours per quarter, small partners apart from the rest, in one pass of
 * standard SQL window functions: the middle row (odd count) or the two middle rows (even count) of each
 * group, averaged. Keyed by `quarter × 2 + 1` for small partners and `quarter × 2` for the rest.
 */
export async function quarterlyMedians(
  db: Executor,
  f: DashboardFilters,
  quarters: readonly { from: string; to: string }[],
  classification: SizeClassification,
): Promise<Map<number, { median: number; count: number }>> {
  const first = quarters[0];
  const last = quarters.at(-1);
  if (!first || !last) return new Map();
  const requested = sql.ref<string>('responseEvents.requestedAt');
  const quarterIndex = sql<number>`case ${sql.join(
    quarters.map(
      (q, i) =>
        sql`when ${requested} >= ${startOfEcuadorDay(q.from)} and ${requested} < ${startOfNextEcuadorDay(q.to)} then ${sql.lit(i)}`,
    ),
    sql` `,
  )} end`;
  const isSmall = isSmallSql(sql.ref<number>('partners.staffCount'), classification);
  const group = sql<number>`${quarterIndex} * 2 + case when ${isSmall} then 1 else 0 end`;
  const hours = sql.ref<number>('responseEvents.responseHours');
  const ranked = measuredEvents(db, { ...f, from: first.from, to: last.to })
    .innerJoin('partners', 'partners.id', 'responseEvents.partnerId')
    .select([
      group.as('grp'),
      hours.as('hours'),
      sql<number>`row_number() over (partition by ${group} order by ${hours})`.as('rn'),
      sql<number | string | bigint>`count(*) over (partition by ${group})`.as('n'),
    ]);
  const rows = await db
    .selectFrom(ranked.as('ranked'))
    .select((eb) => ['grp', eb.fn.avg('hours').as('median'), eb.fn.max('n').as('n')])
    .where(sql<SqlBool>`2 * rn between n and n + 2`)
    .groupBy('grp')
    .execute();
  return new Map(rows.map((r) => [r.grp, { median: Number(r.median), count: Number(r.n) }]));
}

/** Open red flags of the partners working in an area. */
export async function openRedFlagsIn(db: Executor, area: Area): Promise<number> {
  const { count } = await db
    .selectFrom('flags')
    .where('level', '=', 'red')
    .where('status', '=', 'open')
    .where('flags.partnerId', 'in', partnersWorkingIn(db, area))
    .select((eb) => eb.fn.countAll().as('count'))
    .executeTakeFirstOrThrow();
  return Number(count);
}

/** How many of some partners are active and work in an area. */
export async function activePartnersIn(db: Executor, area: Area, partnerIds: number[]): Promise<number> {
  if (partnerIds.length === 0) return 0;
  const { count } = await partnersWorkingIn(db, area)
    .where('partners.status', '=', 'active')
    .where('partners.id', 'in', partnerIds)
    .clearSelect()
    .select((eb) => eb.fn.countAll().as('count'))
    .executeTakeFirstOrThrow();
  return Number(count);
}
