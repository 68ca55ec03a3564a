// The balance of the portfolio over a period: who was in it and where the funding went, the two
// BPI_GN indicators, and every target's status. Agreements count when active or closed and
// overlapping the period; each agreement's whole amount counts (amounts are not prorated by day).
import { type ExpressionBuilder, sql } from 'kysely';
import type { Db } from '../database/connect.js';
import type { Database } from '../database/schema.js';
import { DEFAULT_SIZE_BANDS, SIZE_CLASSES, type SizeClass } from '../partners/size-class.js';
import { LOCALIZATION_CATEGORIES, type LocalizationCategory } from '../partners/partner.js';
import { startOfEcuadorDay, startOfNextEcuadorDay } from '../shared/dates.js';
import { targetStatus } from './rules.js';
import { EVENTS_REVISION } from '../evidence/service.js';
import { SCORES_REVISION_KEY } from '../scoring/repository.js';
import { cachedUntilChange } from '../shared/derived-cache.js';
import { PORTFOLIO_REVISION, getTargets, type Targets } from './service.js';

export interface Slice {
  partners: number;
  amountUsd: number;
}

export interface Balance {
  from: string;
  to: string;
  total: Slice;
  bySize: Record<SizeClass, Slice>;
  byLocalization: Record<LocalizationCategory, Slice>;
  byTerritory: Map<number, Slice & { smallAgile: number }>;
  byAssistanceType: Map<number, Slice>;
  smallPartners: { count: number; share: number | null };
  peopleBySmall: {
    events: { small: number; total: number; share: number | null };
    agreements: { small: number; total: number; share: number | null };
  };
  targets: Targets;
  status: {
    smallShare: { value: number | null; met: boolean; gap: number };
    localFunding: { value: number | null; met: boolean; gap: number };
    smallAgilePerTerritory: { met: boolean; territoriesBelow: number[] };
  };
}

const ratio = (part: number, whole: number) => (whole > 0 ? part / whole : null);

function sizeClassExpression(eb: ExpressionBuilder<Database & { pa: Database['agreements'] }, 'partners'>) {
  const b = DEFAULT_SIZE_BANDS;
  return eb
    .case()
    .when('partners.staffCount', '>=', b.largeMin)
    .then(sql.lit('large'))
    .when('partners.staffCount', '>=', b.mediumMin)
    .then(sql.lit('medium'))
    .when('partners.staffCount', '>=', b.smallMin)
    .then(sql.lit('small'))
    .else(sql.lit('micro'))
    .end();
}

/** The balance of a period, recomputed only when agreements, targets, scores or events change. */
export function portfolioBalance(db: Db, period: { from: string; to: string }): Promise<Balance> {
  return cachedUntilChange(db, `balance:${period.from}:${period.to}`, [PORTFOLIO_REVISION, SCORES_REVISION_KEY, EVENTS_REVISION], () => computeBalance(db, period));
}

async function computeBalance(db: Db, period: { from: string; to: string }): Promise<Balance> {
  const { from, to } = period;
  const inPeriod = () =>
    db
      .selectFrom('agreements')
      .innerJoin('partners', 'partners.id', 'agreements.partnerId')
      .where('agreements.status', 'in', ['active', 'closed'])
      .where('agreements.startDate', '<=', to)
      .where('agreements.endDate', '>=', from);
  const smallMax = DEFAULT_SIZE_BANDS.mediumMin - 1;
  const slice = (eb: ExpressionBuilder<any, any>) => [
    eb.fn.count<number>('agreements.partnerId').distinct().as('partners'),
    eb.fn.coalesce(eb.fn.sum<number>('agreements.amountUsd'), sql.lit(0)).as('amountUsd'),
  ];

  const [totals, bySize, byLocalization, byTerritory, byType, smallAgile, reached, eventsPeople, targets] = await Promise.all([
    inPeriod()
      .select((eb) => [...slice(eb), eb.fn.count<number>(eb.case().when('partners.staffCount', '<=', smallMax).then(eb.ref('agreements.partnerId')).end()).distinct().as('small')])
      .executeTakeFirstOrThrow(),
    inPeriod()
      .select((eb) => [sizeClassExpression(eb as never).as('sizeClass'), ...slice(eb)])
      .groupBy('sizeClass')
      .execute(),
    inPeriod().select((eb) => ['partners.localizationCategory', ...slice(eb)]).groupBy('partners.localizationCategory').execute(),
    inPeriod()
      .innerJoin('agreementTerritories', 'agreementTerritories.agreementId', 'agreements.id')
      .select((eb) => ['agreementTerritories.territoryId', ...slice(eb)])
      .groupBy('agreementTerritories.territoryId')
      .execute(),
    inPeriod()
      .innerJoin('agreementAssistanceTypes', 'agreementAssistanceTypes.agreementId', 'agreements.id')
      .select((eb) => ['agreementAssistanceTypes.assistanceTypeId', ...slice(eb)])
      .groupBy('agreementAssistanceTypes.assistanceTypeId')
      .execute(),
    // Small agile partners in the portfolio, by the territories where they operate.
    db
      .selectFrom('partnerTerritories')
      .innerJoin('partnerScores', 'partnerScores.partnerId', 'partnerTerritories.partnerId')
      .where('partnerScores.isSmallAgile', '=', 1)
      .where('partnerTerritories.partnerId', 'in', inPeriod().select('agreements.partnerId'))
      .select((eb) => ['partnerTerritories.territoryId', eb.fn.countAll<number>().as('count')])
      .groupBy('partnerTerritories.territoryId')
      .execute(),
    inPeriod()
      .select((eb) => [
        eb.fn.coalesce(eb.fn.sum<number>('agreements.peopleReached'), sql.lit(0)).as('total'),
        eb.fn.coalesce(eb.fn.sum<number>(eb.case().when('partners.staffCount', '<=', smallMax).then(eb.ref('agreements.peopleReached')).end()), sql.lit(0)).as('small'),
      ])
      .executeTakeFirstOrThrow(),
    // People assisted in the period's response events by partners in the portfolio.
    db
      .selectFrom('responseEvents')
      .innerJoin('partners', 'partners.id', 'responseEvents.partnerId')
      .where('responseEvents.requestedAt', '>=', startOfEcuadorDay(from))
      .where('responseEvents.requestedAt', '<', startOfNextEcuadorDay(to))
      .where('responseEvents.partnerId', 'in', inPeriod().select('agreements.partnerId'))
      .select((eb) => [
        eb.fn.coalesce(eb.fn.sum<number>('responseEvents.peopleAssisted'), sql.lit(0)).as('total'),
        eb.fn.coalesce(eb.fn.sum<number>(eb.case().when('partners.staffCount', '<=', smallMax).then(eb.ref('responseEvents.peopleAssisted')).end()), sql.lit(0)).as('small'),
      ])
      .executeTakeFirstOrThrow(),
    getTargets(db),
  ]);

  const toSlice = (row?: { partners: unknown; amountUsd: unknown }): Slice => ({ partners: Number(row?.partners ?? 0), amountUsd: Number(row?.amountUsd ?? 0) });
  const total = toSlice(totals);
  const smallCount = Number(totals.small);
  const local = byLocalization.filter((r) => r.localizationCategory !== 'international').reduce((sum, r) => sum + Number(r.amountUsd), 0);
  const agileByTerritory = new Map(smallAgile.map((r) => [r.territoryId, Number(r.count)]));
  const territories = await db.selectFrom('territories').select('id').orderBy('sortOrder').execute();
  const smallShare = ratio(smallCount, total.partners);
  const localShare = ratio(local, total.amountUsd);
  const below = territories.map((t) => t.id).filter((id) => (agileByTerritory.get(id) ?? 0) < targets.smallAgilePerTerritoryMin);

  return {
    from,
    to,
    total,
    bySize: Object.fromEntries(SIZE_CLASSES.map((c) => [c, toSlice(bySize.find((r) => r.sizeClass === c))])) as Record<SizeClass, Slice>,
    byLocalization: Object.fromEntries(LOCALIZATION_CATEGORIES.map((c) => [c, toSlice(byLocalization.find((r) => r.localizationCategory === c))])) as Record<LocalizationCategory, Slice>,
    byTerritory: new Map(territories.map((t) => [t.id, { ...toSlice(byTerritory.find((r) => r.territoryId === t.id)), smallAgile: agileByTerritory.get(t.id) ?? 0 }])),
    byAssistanceType: new Map(byType.map((r) => [r.assistanceTypeId, toSlice(r)])),
    smallPartners: { count: smallCount, share: smallShare },
    peopleBySmall: {
      events: { small: Number(eventsPeople.small), total: Number(eventsPeople.total), share: ratio(Number(eventsPeople.small), Number(eventsPeople.total)) },
      agreements: { small: Number(reached.small), total: Number(reached.total), share: ratio(Number(reached.small), Number(reached.total)) },
    },
    targets,
    status: {
      smallShare: { value: smallShare, ...targetStatus(smallShare, targets.smallShareMin) },
      localFunding: { value: localShare, ...targetStatus(localShare, targets.localFundingShareMin) },
      smallAgilePerTerritory: { met: below.length === 0, territoriesBelow: below },
    },
  };
}
