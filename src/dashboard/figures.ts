// Every figure on the dashboard and the report, computed from the same filters.
// - The portfolio figures are the balance's (`portfolioIndicators`): partners with an active or
//   closed agreement overlapping the period; a territory or assistance type filter keeps the
//   agreements there, and small agile partners count in the territories their agreements cover.
// - The response target is the methodology's agile threshold turned into hours.
// - Response figures come from the response events requested in the period (the /events list with
//   the same filters), whichever partner answered; only delivered events have a response time.
// - Scores are today's: the distribution follows the ranking's filters, not the period.
import type { Db } from '../database/connect.js';
import { SIZE_CLASSES, type SizeClass } from '../partners/size-class.js';
import { currentRetentionAlerts } from '../portfolio/alerts.js';
import { portfolioIndicators, smallAgileCoverage } from '../portfolio/balance.js';
import { type Targets, getTargets } from '../portfolio/service.js';
import { listAssistanceTypes, listTerritories } from '../reference-data/service.js';
import { RECOMMENDATIONS, type Recommendation } from '../scoring/score.js';
import { activeMethodology, scoreDistribution } from '../scoring/service.js';
import { cachedUntilChange } from '../shared/derived-cache.js';
import { EVENTS_REVISION, PORTFOLIO_REVISION, SCORES_REVISION } from '../shared/revisions.js';
import type { DashboardFilters } from './filters.js';
import { type Area, activePartnersIn, measuredResponseHours, openRedFlagsIn, quarterlyMedians } from './repository.js';
import { type Quarter, agileThresholdHours, quartersEndingWith, sortedByMedian, sortedMedian } from './statistics.js';

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

export function dashboardFigures(db: Db, filters: DashboardFilters): Promise<DashboardFigures> {
  const key = `dashboard:${filters.from}:${filters.to}:${filters.territoryId ?? ''}:${filters.assistanceTypeId ?? ''}`;
  return cachedUntilChange(db, key, [PORTFOLIO_REVISION, SCORES_REVISION, EVENTS_REVISION], () =>
    computeFigures(db, filters),
  );
}

/**
 * The period's median response time, overall and per territory. A year of events is a few hundred
 * thousand numbers: read once from the covering index and sorted here, which is several times faster
 * than a window function per grouping in SQLite.
 */
async function periodMedians(db: Db, f: DashboardFilters) {
  const rows = await measuredResponseHours(db, f);
  const all = new Float64Array(rows.length);
  const perTerritory = new Map<number, number[]>();
  rows.forEach((row, i) => {
    all[i] = row.responseHours;
    const list = perTerritory.get(row.territoryId);
    if (list) list.push(row.responseHours);
    else perTerritory.set(row.territoryId, [row.responseHours]);
  });
  const summary = (values: Float64Array) => ({ median: sortedMedian(values.sort()), count: values.length });
  return {
    overall: summary(all),
    byTerritory: new Map(
      [...perTerritory].map(([territoryId, values]) => [territoryId, summary(Float64Array.from(values))]),
    ),
  };
}

/** Active partners by recommendation × size class of their stored score, every cell present. */
function distributionOf(rows: { recommendation: string; sizeClass: string; count: number }[]) {
  const distribution = Object.fromEntries(
    RECOMMENDATIONS.map((r) => [r, Object.fromEntries(SIZE_CLASSES.map((s) => [s, 0]))]),
  ) as Record<Recommendation, Record<SizeClass, number>>;
  for (const row of rows) {
    const recommendation = RECOMMENDATIONS.find((r) => r === row.recommendation);
    const sizeClass = SIZE_CLASSES.find((s) => s === row.sizeClass);
    if (recommendation && sizeClass) distribution[recommendation][sizeClass] = row.count;
  }
  return distribution;
}

/** The coverage grid's counts by "territoryId:typeId", for the territories and types shown. */
function coverageCounts(
  rows: { territoryId: number; assistanceTypeId: number; count: number }[],
  territoryIds: number[],
  assistanceTypeIds: number[],
): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const row of rows) {
    if (territoryIds.includes(row.territoryId) && assistanceTypeIds.includes(row.assistanceTypeId))
      counts[`${row.territoryId}:${row.assistanceTypeId}`] = row.count;
  }
  return counts;
}

/** Each quarter's median and events, small partners (odd keys of `medians`) apart from the rest (even keys). */
function trendOf(
  quarters: Quarter[],
  medians: Map<number, { median: number; count: number }>,
): DashboardFigures['trend'] {
  return {
    quarters,
    small: quarters.map((_q, i) => medians.get(i * 2 + 1)?.median ?? null),
    rest: quarters.map((_q, i) => medians.get(i * 2)?.median ?? null),
    smallEvents: quarters.map((_q, i) => medians.get(i * 2 + 1)?.count ?? 0),
    restEvents: quarters.map((_q, i) => medians.get(i * 2)?.count ?? 0),
  };
}

/** Small partners are the active methodology's, as in its scores: the trend splits events by the same rule. */
async function computeFigures(db: Db, f: DashboardFilters): Promise<DashboardFigures> {
  const quarters = quartersEndingWith(f.to, TREND_QUARTERS);
  const methodology = await activeMethodology(db);
  const [
    indicators,
    { overall, byTerritory },
    trend,
    heat,
    distribution,
    redFlags,
    alerts,
    targets,
    territories,
    types,
  ] = await Promise.all([
    portfolioIndicators(db, f, methodology.parameters),
    periodMedians(db, f),
    quarterlyMedians(db, f, quarters, methodology.parameters),
    // The coverage grid counts the same population as the territory figures: agreements, not registrations.
    smallAgileCoverage(db, f),
    scoreDistribution(db, f),
    openRedFlagsIn(db, f),
    openAlertsIn(db, f),
    getTargets(db),
    listTerritories(db),
    listAssistanceTypes(db),
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
      openRedFlags: redFlags,
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
    heatmap: { territoryIds, assistanceTypeIds, counts: coverageCounts(heat, territoryIds, assistanceTypeIds) },
    trend: trendOf(quarters, trend),
    distribution: distributionOf(distribution),
  };
}

/** Current retention alerts of partners working in the filtered territory and assistance type. */
async function openAlertsIn(db: Db, area: Area): Promise<number> {
  const alerts = await currentRetentionAlerts(db);
  if (alerts.length === 0 || (area.territoryId === undefined && area.assistanceTypeId === undefined))
    return alerts.length;
  return activePartnersIn(
    db,
    area,
    alerts.map((a) => a.partnerId),
  );
}
