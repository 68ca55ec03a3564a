// Every figure on the dashboard and the report, computed from the same filters.
// - The portfolio figures are the balance's (`portfolioIndicators`): partners with an active or
//   closed agreement overlapping the period; a territory or assistance type filter keeps the
//   agreements there, and small agile partners count in the territories their agreements cover.
// - The response target is the methodology's agile threshold turned into hours.
// - Response figures come from the response events requested in the period (the /events list with
//   the same filters), whichever partner answered; only delivered events have a response time.
// - Scores are today's: the distribution follows the ranking's filters, not the period.
import { type Expression, type RawBuilder, type SqlBool, sql } from 'kysely';
import type { Db } from '../database/connect.js';
import { filteredEvents } from '../evidence/repository.js';
import { partnersWorkingIn } from '../partners/repository.js';
import { SIZE_CLASSES, type SizeClass, staffRangeOf } from '../partners/size-class.js';
import { currentRetentionAlerts } from '../portfolio/alerts.js';
import { portfolioAgreements, portfolioIndicators } from '../portfolio/balance.js';
import { type Targets, getTargets } from '../portfolio/service.js';
import { RECOMMENDATIONS, type Recommendation } from '../scoring/score.js';
import { activeMethodology } from '../scoring/repository.js';
import { startOfEcuadorDay, startOfNextEcuadorDay } from '../shared/dates.js';
import { cachedUntilChange } from '../shared/derived-cache.js';
import type { DashboardFilters } from './filters.js';
import { type Quarter, agileThresholdHours, quartersEndingWith, sortedByMedian, sortedMedian } from './statistics.js';
import { PORTFOLIO_REVISION, EVENTS_REVISION, SCORES_REVISION } from '../shared/revisions.js';

export const TREND_QUARTERS = 8;

export interface TerritoryAgility {
  territoryId: number;
  medianHours: number | null;
  measuredEvents: number;
  /** The median is above the response target (false without a median). */
  overResponseTarget: boolean;
  smallAgile: number;
  /** Fewer small agile partners than the per-territory target. */
  belowTarget: boolean;
}

/** The response time a territory's median is held to: the methodology's agile threshold in hours. */
export interface ResponseTarget {
  hours: number;
  agileThreshold: number;
  methodologyVersion: number;
}

export interface DashboardFigures {
  filters: DashboardFilters;
  targets: Targets;
  responseTarget: ResponseTarget;
  tiles: {
    portfolioPartners: number;
    smallPartners: number;
    smallShare: number | null;
    people: { small: number; total: number; share: number | null };
    funding: { localUsd: number; totalUsd: number; share: number | null; target: number; met: boolean };
    medianHours: number | null;
    measuredEvents: number;
    openAlerts: number;
    openRedFlags: number;
  };
  /** Sorted by median response time, fastest first; territories without one last. */
  territories: TerritoryAgility[];
  /** Small agile partners with a portfolio agreement by territory and assistance type ("territoryId:typeId"). */
  heatmap: { territoryIds: number[]; assistanceTypeIds: number[]; counts: Record<string, number> };
  trend: {
    quarters: Quarter[];
    small: (number | null)[];
    rest: (number | null)[];
    smallEvents: number[];
    restEvents: number[];
  };
  distribution: Record<Recommendation, Record<SizeClass, number>>;
}

const SMALL_MAX = staffRangeOf('small').max!;

export function dashboardFigures(db: Db, filters: DashboardFilters): Promise<DashboardFigures> {
  const key = `dashboard:${filters.from}:${filters.to}:${filters.territoryId ?? ''}:${filters.assistanceTypeId ?? ''}`;
  return cachedUntilChange(db, key, [PORTFOLIO_REVISION, SCORES_REVISION, EVENTS_REVISION], () =>
    computeFigures(db, filters),
  );
}

/** Active partners working in the filtered territory and assistance type (all of them without filters). */
function partnersInArea(db: Db, f: DashboardFilters) {
  return partnersWorkingIn(db, f).where('partners.status', '=', 'active');
}

/**
 * Medians of measured response hours per group, in one pass of standard SQL window functions:
 * the middle row (odd count) or the two middle rows (even count) of each group, averaged.
 */
async function medianHoursBy(
  db: Db,
  events: ReturnType<typeof measuredEvents>,
  group: RawBuilder<number> | Expression<number>,
) {
  const hours = sql.ref<number>('responseEvents.responseHours');
  const ranked = events.select([
    sql<number>`${group}`.as('grp'),
    hours.as('hours'),
    sql<number>`row_number() over (partition by ${group} order by ${hours})`.as('rn'),
    sql<number>`count(*) over (partition by ${group})`.as('n'),
  ]);
  const rows = await db
    .selectFrom(ranked.as('ranked'))
    .select((eb) => ['grp', eb.fn.avg<number>('hours').as('median'), eb.fn.max<number>('n').as('n')])
    .where(sql<SqlBool>`2 * rn between n and n + 2`)
    .groupBy('grp')
    .execute();
  return new Map(rows.map((r) => [Number(r.grp), { median: Number(r.median), count: Number(r.n) }]));
}

/**
 * The period's median response time, overall and per territory. A year of events is a few hundred
 * thousand numbers: read once from the covering index and sorted here, which is several times faster
 * than a window function per grouping in SQLite.
 */
async function periodMedians(db: Db, f: DashboardFilters) {
  const rows = await measuredEvents(db, f)
    .select(['responseEvents.territoryId', 'responseEvents.responseHours'])
    .execute();
  const all = new Float64Array(rows.length);
  const perTerritory = new Map<number, number[]>();
  rows.forEach((row, i) => {
    all[i] = row.responseHours!;
    const list = perTerritory.get(row.territoryId);
    if (list) list.push(row.responseHours!);
    else perTerritory.set(row.territoryId, [row.responseHours!]);
  });
  const summary = (values: Float64Array) => ({ median: sortedMedian(values.sort()), count: values.length });
  return {
    overall: summary(all),
    byTerritory: new Map(
      [...perTerritory].map(([territoryId, values]) => [territoryId, summary(Float64Array.from(values))]),
    ),
  };
}

/** Events with their partner's staff (the trend splits small partners from the rest); the selection uses plain references. */
const trendJoin = (events: ReturnType<typeof measuredEvents>) =>
  events.innerJoin('partners', 'partners.id', 'responseEvents.partnerId') as unknown as ReturnType<
    typeof measuredEvents
  >;

function measuredEvents(
  db: Db,
  f: { from: string; to: string; territoryId?: number | undefined; assistanceTypeId?: number | undefined },
) {
  return filteredEvents(db, f).where('responseEvents.responseHours', 'is not', null);
}

async function computeFigures(db: Db, f: DashboardFilters): Promise<DashboardFigures> {
  const quarters = quartersEndingWith(f.to, TREND_QUARTERS);
  const trendEvents = trendJoin(measuredEvents(db, { ...f, from: quarters[0]!.from, to: quarters.at(-1)!.to }));
  const requested = sql.ref<string>('responseEvents.requestedAt');
  const quarterIndex = sql<number>`case ${sql.join(
    quarters.map(
      (q, i) =>
        sql`when ${requested} >= ${startOfEcuadorDay(q.from)} and ${requested} < ${startOfNextEcuadorDay(q.to)} then ${sql.lit(i)}`,
    ),
    sql` `,
  )} end`;
  const isSmall = sql<number>`case when ${sql.ref('partners.staffCount')} <= ${sql.lit(SMALL_MAX)} then 1 else 0 end`;

  const [
    indicators,
    { overall, byTerritory },
    trend,
    heat,
    distribution,
    flags,
    alerts,
    targets,
    methodology,
    territories,
    types,
  ] = await Promise.all([
    portfolioIndicators(db, f),
    periodMedians(db, f),
    medianHoursBy(db, trendEvents, sql<number>`${quarterIndex} * 2 + ${isSmall}`),
    // The coverage grid counts the same population as the territory figures: agreements, not registrations.
    portfolioAgreements(db, { from: f.from, to: f.to })
      .innerJoin('agreementTerritories', 'agreementTerritories.agreementId', 'agreements.id')
      .innerJoin('agreementAssistanceTypes', 'agreementAssistanceTypes.agreementId', 'agreements.id')
      .innerJoin('partnerScores', 'partnerScores.partnerId', 'agreements.partnerId')
      .where('partnerScores.isSmallAgile', '=', 1)
      .select((eb) => [
        'agreementTerritories.territoryId',
        'agreementAssistanceTypes.assistanceTypeId',
        eb.fn.count<number>('agreements.partnerId').distinct().as('count'),
      ])
      .groupBy(['agreementTerritories.territoryId', 'agreementAssistanceTypes.assistanceTypeId'])
      .execute(),
    db
      .selectFrom('partnerScores')
      .where('partnerScores.partnerId', 'in', partnersInArea(db, f))
      .select((eb) => ['recommendation', 'sizeClass', eb.fn.countAll<number>().as('count')])
      .groupBy(['recommendation', 'sizeClass'])
      .execute(),
    db
      .selectFrom('flags')
      .where('level', '=', 'red')
      .where('status', '=', 'open')
      .where('flags.partnerId', 'in', partnersWorkingIn(db, f))
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .executeTakeFirstOrThrow(),
    openAlertsIn(db, f),
    getTargets(db),
    activeMethodology(db),
    db.selectFrom('territories').select('id').orderBy('sortOrder').execute(),
    db.selectFrom('assistanceTypes').select('id').orderBy('sortOrder').execute(),
  ]);

  const territoryIds = territories.map((t) => t.id).filter((id) => f.territoryId === undefined || id === f.territoryId);
  const assistanceTypeIds = types
    .map((t) => t.id)
    .filter((id) => f.assistanceTypeId === undefined || id === f.assistanceTypeId);
  const responseTarget: ResponseTarget = {
    hours: agileThresholdHours(methodology.parameters),
    agileThreshold: methodology.parameters.agileThreshold,
    methodologyVersion: methodology.version,
  };
  const fundingShare = indicators.funding.share;
  const counts: Record<string, number> = {};
  for (const row of heat) {
    if (territoryIds.includes(row.territoryId) && assistanceTypeIds.includes(row.assistanceTypeId))
      counts[`${row.territoryId}:${row.assistanceTypeId}`] = Number(row.count);
  }
  const dist = Object.fromEntries(
    RECOMMENDATIONS.map((r) => [r, Object.fromEntries(SIZE_CLASSES.map((s) => [s, 0]))]),
  ) as Record<Recommendation, Record<SizeClass, number>>;
  for (const row of distribution) {
    const bucket = dist[row.recommendation as Recommendation];
    if (bucket && row.sizeClass in bucket) bucket[row.sizeClass as SizeClass] = Number(row.count);
  }

  return {
    filters: f,
    targets,
    responseTarget,
    tiles: {
      portfolioPartners: indicators.partners,
      smallPartners: indicators.smallPartners,
      smallShare: indicators.smallShare,
      people: indicators.people,
      funding: {
        ...indicators.funding,
        target: targets.localFundingShareMin,
        met: fundingShare !== null && fundingShare >= targets.localFundingShareMin,
      },
      medianHours: overall.median,
      measuredEvents: overall.count,
      openAlerts: alerts,
      openRedFlags: Number(flags.count),
    },
    territories: sortedByMedian(
      territoryIds.map((territoryId) => {
        const measured = byTerritory.get(territoryId);
        const medianHours = measured?.median ?? null;
        const smallAgile = indicators.smallAgileByTerritory.get(territoryId) ?? 0;
        return {
          territoryId,
          medianHours,
          measuredEvents: measured?.count ?? 0,
          overResponseTarget: medianHours !== null && medianHours > responseTarget.hours,
          smallAgile,
          belowTarget: smallAgile < targets.smallAgilePerTerritoryMin,
        };
      }),
    ),
    heatmap: { territoryIds, assistanceTypeIds, counts },
    trend: {
      quarters,
      small: quarters.map((_q, i) => trend.get(i * 2 + 1)?.median ?? null),
      rest: quarters.map((_q, i) => trend.get(i * 2)?.median ?? null),
      smallEvents: quarters.map((_q, i) => trend.get(i * 2 + 1)?.count ?? 0),
      restEvents: quarters.map((_q, i) => trend.get(i * 2)?.count ?? 0),
    },
    distribution: dist,
  };
}

/** Current retention alerts of partners working in the filtered territory and assistance type. */
async function openAlertsIn(db: Db, f: DashboardFilters): Promise<number> {
  const alerts = await currentRetentionAlerts(db);
  if (alerts.length === 0 || (f.territoryId === undefined && f.assistanceTypeId === undefined)) return alerts.length;
  const inArea = await partnersInArea(db, f)
    .where(
      'partners.id',
      'in',
      alerts.map((a) => a.partnerId),
    )
    .execute();
  return inArea.length;
}
