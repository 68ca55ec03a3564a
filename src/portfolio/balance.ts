// The balance of the portfolio over a period: who was in it and where the funding went, the two
// BPI_GN indicators, and every target's status. Agreements count when active or closed and
// overlapping the period; each agreement's whole amount counts (amounts are not prorated by day).
// `portfolioIndicators` is the one definition of the headline figures: the dashboard, this
// balance, the report and both APIs call it, so the same filters give the same numbers everywhere.
import { expressionBuilder, sql } from 'kysely';
import type { Db } from '../database/connect.js';
import type { Executor } from '../database/executor.js';
import type { Database } from '../database/schema.js';
import type { DashboardFilters } from '../dashboard/filters.js';
import { filteredEvents } from '../evidence/repository.js';
import { LOCALIZATION_CATEGORIES, type LocalizationCategory } from '../partners/partner.js';
import { SIZE_CLASSES, type SizeClass, type SizeClassification } from '../partners/size-class.js';
import { isSmallSql, sizeClassSql } from '../partners/size-class-sql.js';
import { listTerritories } from '../reference-data/service.js';
import { activeMethodology } from '../scoring/service.js';
import { cachedUntilChange } from '../shared/derived-cache.js';
import { EVENTS_REVISION, PORTFOLIO_REVISION, SCORES_REVISION } from '../shared/revisions.js';
import { targetStatus } from './rules.js';
import { type Targets, getTargets } from './service.js';

export interface Slice {
  partners: number;
  amountUsd: number;
}

export interface Share {
  small: number;
  total: number;
  share: number | null;
}

/** The headline figures of a period's portfolio, for one set of filters. */
export interface PortfolioIndicators {
  /** Partners with an active or closed agreement overlapping the period (in the filtered area). */
  partners: number;
  smallPartners: number;
  smallShare: number | null;
  /** People assisted in the response events requested in the period (the /events list with the same filters). */
  people: Share;
  funding: { localUsd: number; totalUsd: number; share: number | null };
  /** Small agile partners with a portfolio agreement covering each territory: the same population as the partner count per territory. */
  smallAgileByTerritory: Map<number, number>;
}

export interface Balance {
  from: string;
  to: string;
  territoryId?: number | undefined;
  assistanceTypeId?: number | undefined;
  total: Slice;
  bySize: Record<SizeClass, Slice>;
  byLocalization: Record<LocalizationCategory, Slice>;
  byTerritory: Map<number, Slice & { smallAgile: number }>;
  byAssistanceType: Map<number, Slice>;
  smallPartners: { count: number; share: number | null };
  peopleBySmall: { events: Share; agreements: Share };
  funding: PortfolioIndicators['funding'];
  targets: Targets;
  status: {
    smallShare: { value: number | null; met: boolean; gap: number };
    localFunding: { value: number | null; met: boolean; gap: number };
    smallAgilePerTerritory: { met: boolean; territoriesBelow: number[] };
  };
}

const ratio = (part: number, whole: number) => (whole > 0 ? part / whole : null);

/** Partners' headcount, classified by size where the figures need it. */
const STAFF = sql.ref<number>('partners.staffCount');

/** Partners and the whole amount of a group of agreements (every breakdown of the balance counts these two). */
const agreementsEb = expressionBuilder<Database, 'agreements'>();
const SLICE = [
  agreementsEb.fn.count('agreements.partnerId').distinct().as('partners'),
  agreementsEb.fn.coalesce(agreementsEb.fn.sum('agreements.amountUsd'), sql.lit(0)).as('amountUsd'),
] as const;

/** Agreements that make up the period's portfolio (active or closed, overlapping the period); an area filter keeps the agreements there. */
export function portfolioAgreements(db: Executor, f: DashboardFilters) {
  let q = db
    .selectFrom('agreements')
    .innerJoin('partners', 'partners.id', 'agreements.partnerId')
    .where('agreements.status', 'in', ['active', 'closed'])
    .where('agreements.startDate', '<=', f.to)
    .where('agreements.endDate', '>=', f.from);
  if (f.territoryId !== undefined) {
    const id = f.territoryId;
    q = q.where('agreements.id', 'in', (eb) =>
      eb.selectFrom('agreementTerritories').select('agreementId').where('territoryId', '=', id),
    );
  }
  if (f.assistanceTypeId !== undefined) {
    const id = f.assistanceTypeId;
    q = q.where('agreements.id', 'in', (eb) =>
      eb.selectFrom('agreementAssistanceTypes').select('agreementId').where('assistanceTypeId', '=', id),
    );
  }
  return q;
}

/** The portfolio agreements of small agile partners, once per territory each covers. */
function smallAgileAgreements(db: Executor, f: DashboardFilters) {
  return portfolioAgreements(db, f)
    .innerJoin('agreementTerritories', 'agreementTerritories.agreementId', 'agreements.id')
    .innerJoin('partnerScores', 'partnerScores.partnerId', 'agreements.partnerId')
    .where('partnerScores.isSmallAgile', '=', 1);
}

/**
 * Small agile partners with a portfolio agreement in the period, by territory × assistance type the
 * agreements cover (the coverage grid): the same population as the small agile count per territory.
 */
export async function smallAgileCoverage(
  db: Executor,
  period: Pick<DashboardFilters, 'from' | 'to'>,
): Promise<{ territoryId: number; assistanceTypeId: number; count: number }[]> {
  const rows = await smallAgileAgreements(db, { from: period.from, to: period.to })
    .innerJoin('agreementAssistanceTypes', 'agreementAssistanceTypes.agreementId', 'agreements.id')
    .select((eb) => [
      'agreementTerritories.territoryId',
      'agreementAssistanceTypes.assistanceTypeId',
      eb.fn.count('agreements.partnerId').distinct().as('count'),
    ])
    .groupBy(['agreementTerritories.territoryId', 'agreementAssistanceTypes.assistanceTypeId'])
    .execute();
  return rows.map((r) => ({ ...r, count: Number(r.count) }));
}

/**
 * The headline figures of the filtered portfolio: the single definition every page and API uses.
 * Small partners are counted by the classification given (the active methodology's).
 */
export async function portfolioIndicators(
  db: Executor,
  f: DashboardFilters,
  classification: SizeClassification,
): Promise<PortfolioIndicators> {
  const small = isSmallSql(STAFF, classification);
  const [portfolio, people, smallAgile] = await Promise.all([
    portfolioAgreements(db, f)
      .select((eb) => [
        eb.fn.count('agreements.partnerId').distinct().as('partners'),
        eb.fn
          .count(eb.case().when(small).then(eb.ref('agreements.partnerId')).end())
          .distinct()
          .as('small'),
        eb.fn.coalesce(eb.fn.sum('agreements.amountUsd'), sql.lit(0)).as('amount'),
        eb.fn
          .coalesce(
            eb.fn.sum(
              eb
                .case()
                .when('partners.localizationCategory', '!=', 'international')
                .then(eb.ref('agreements.amountUsd'))
                .end(),
            ),
            sql.lit(0),
          )
          .as('local'),
      ])
      .executeTakeFirstOrThrow(),
    filteredEvents(db, f)
      .innerJoin('partners', 'partners.id', 'responseEvents.partnerId')
      .select((eb) => [
        eb.fn.coalesce(eb.fn.sum('responseEvents.peopleAssisted'), sql.lit(0)).as('total'),
        eb.fn
          .coalesce(eb.fn.sum(eb.case().when(small).then(eb.ref('responseEvents.peopleAssisted')).end()), sql.lit(0))
          .as('small'),
      ])
      .executeTakeFirstOrThrow(),
    smallAgileAgreements(db, f)
      .select((eb) => ['agreementTerritories.territoryId', eb.fn.count('agreements.partnerId').distinct().as('count')])
      .groupBy('agreementTerritories.territoryId')
      .execute(),
  ]);
  const partners = Number(portfolio.partners);
  const smallPartners = Number(portfolio.small);
  const localUsd = Number(portfolio.local);
  const totalUsd = Number(portfolio.amount);
  const peopleSmall = Number(people.small);
  const peopleTotal = Number(people.total);
  return {
    partners,
    smallPartners,
    smallShare: ratio(smallPartners, partners),
    people: { small: peopleSmall, total: peopleTotal, share: ratio(peopleSmall, peopleTotal) },
    funding: { localUsd, totalUsd, share: ratio(localUsd, totalUsd) },
    smallAgileByTerritory: new Map(smallAgile.map((r) => [r.territoryId, Number(r.count)])),
  };
}

/** The balance of a period (and area), recomputed only when agreements, targets, scores or events change. */
export function portfolioBalance(db: Db, filters: DashboardFilters): Promise<Balance> {
  const key = `balance:${filters.from}:${filters.to}:${filters.territoryId ?? ''}:${filters.assistanceTypeId ?? ''}`;
  return cachedUntilChange(db, key, [PORTFOLIO_REVISION, SCORES_REVISION, EVENTS_REVISION], () =>
    computeBalance(db, filters),
  );
}

/** The period's agreements by size, localization, territory and assistance type, and the people they reached. */
function breakdowns(db: Executor, f: DashboardFilters, sizing: SizeClassification) {
  const inPeriod = () => portfolioAgreements(db, f);
  return Promise.all([
    inPeriod()
      .select([sizeClassSql(STAFF, sizing.sizeBands).as('sizeClass'), ...SLICE])
      .groupBy('sizeClass')
      .execute(),
    inPeriod()
      .select(['partners.localizationCategory', ...SLICE])
      .groupBy('partners.localizationCategory')
      .execute(),
    inPeriod()
      .innerJoin('agreementTerritories', 'agreementTerritories.agreementId', 'agreements.id')
      .select(['agreementTerritories.territoryId', ...SLICE])
      .groupBy('agreementTerritories.territoryId')
      .execute(),
    inPeriod()
      .innerJoin('agreementAssistanceTypes', 'agreementAssistanceTypes.agreementId', 'agreements.id')
      .select(['agreementAssistanceTypes.assistanceTypeId', ...SLICE])
      .groupBy('agreementAssistanceTypes.assistanceTypeId')
      .execute(),
    // People reached as reported on the agreements: a different measure from the events' people assisted.
    inPeriod()
      .select((eb) => [
        eb.fn.coalesce(eb.fn.sum('agreements.peopleReached'), sql.lit(0)).as('total'),
        eb.fn
          .coalesce(
            eb.fn.sum(eb.case().when(isSmallSql(STAFF, sizing)).then(eb.ref('agreements.peopleReached')).end()),
            sql.lit(0),
          )
          .as('small'),
      ])
      .executeTakeFirstOrThrow(),
  ]);
}

/** Sizes follow the active methodology's bands and small classes, as its scores do. */
async function computeBalance(db: Db, f: DashboardFilters): Promise<Balance> {
  const { parameters: sizing } = await activeMethodology(db);
  const [indicators, [bySize, byLocalization, byTerritory, byType, reached], targets, territories] = await Promise.all([
    portfolioIndicators(db, f, sizing),
    breakdowns(db, f, sizing),
    getTargets(db),
    listTerritories(db),
  ]);

  const toSlice = (row?: { partners: unknown; amountUsd: unknown }): Slice => ({
    partners: Number(row?.partners ?? 0),
    amountUsd: Number(row?.amountUsd ?? 0),
  });
  const territoryIds = territories.map((t) => t.id).filter((id) => f.territoryId === undefined || id === f.territoryId);
  const agile = indicators.smallAgileByTerritory;
  const below = territoryIds.filter((id) => (agile.get(id) ?? 0) < targets.smallAgilePerTerritoryMin);
  const reachedSmall = Number(reached.small);
  const reachedTotal = Number(reached.total);

  return {
    from: f.from,
    to: f.to,
    territoryId: f.territoryId,
    assistanceTypeId: f.assistanceTypeId,
    total: { partners: indicators.partners, amountUsd: indicators.funding.totalUsd },
    bySize: Object.fromEntries(SIZE_CLASSES.map((c) => [c, toSlice(bySize.find((r) => r.sizeClass === c))])) as Record<
      SizeClass,
      Slice
    >,
    byLocalization: Object.fromEntries(
      LOCALIZATION_CATEGORIES.map((c) => [c, toSlice(byLocalization.find((r) => r.localizationCategory === c))]),
    ) as Record<LocalizationCategory, Slice>,
    byTerritory: new Map(
      territoryIds.map((id) => [
        id,
        { ...toSlice(byTerritory.find((r) => r.territoryId === id)), smallAgile: agile.get(id) ?? 0 },
      ]),
    ),
    byAssistanceType: new Map(
      byType
        .filter((r) => f.assistanceTypeId === undefined || r.assistanceTypeId === f.assistanceTypeId)
        .map((r) => [r.assistanceTypeId, toSlice(r)]),
    ),
    smallPartners: { count: indicators.smallPartners, share: indicators.smallShare },
    peopleBySmall: {
      events: indicators.people,
      agreements: { small: reachedSmall, total: reachedTotal, share: ratio(reachedSmall, reachedTotal) },
    },
    funding: indicators.funding,
    targets,
    status: {
      smallShare: { value: indicators.smallShare, ...targetStatus(indicators.smallShare, targets.smallShareMin) },
      localFunding: {
        value: indicators.funding.share,
        ...targetStatus(indicators.funding.share, targets.localFundingShareMin),
      },
      smallAgilePerTerritory: { met: below.length === 0, territoriesBelow: below },
    },
  };
}
