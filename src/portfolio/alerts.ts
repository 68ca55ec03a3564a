// Retention alerts: small partners recommended keep that are about to leave the portfolio, or left it.
import type { Db } from '../database/connect.js';
import { ecuadorToday } from '../shared/dates.js';
import { cachedUntilChange } from '../shared/derived-cache.js';
import {
  ALERT_HORIZON_DAYS,
  LAPSED_LOOKBACK_DAYS,
  type RetentionRisk,
  addDays,
  byUrgency,
  isLongGone,
  retentionRisk,
} from './rules.js';
import { territoriesEndingOn } from './repository.js';
import { PORTFOLIO_REVISION, SCORES_REVISION } from '../shared/revisions.js';

export interface RetentionAlert {
  partnerId: number;
  name: string;
  staffCount: number;
  recommendation: string;
  overall: number | null;
  risk: RetentionRisk;
  /** Gone more than LONG_GONE_DAYS ago: listed apart, after the urgent ones. */
  longGone: boolean;
  /** Territories covered by the agreements that end (or ended) on the alert's date. */
  territoryIds: number[];
}

/**
 * Small partners recommended keep, with three dates of their agreements aggregated in SQL: the latest
 * end of an active agreement covering today, the latest end of a drafted or active one, and the latest
 * end before today of one that funded the portfolio (active or closed).
 */
function candidates(db: Db, today: string, lookback: string) {
  return db
    .selectFrom('agreements')
    .innerJoin('partnerScores', 'partnerScores.partnerId', 'agreements.partnerId')
    .innerJoin('partners', 'partners.id', 'agreements.partnerId')
    .where('partnerScores.isSmall', '=', 1)
    .where('partnerScores.recommendation', 'in', ['keep', 'keep_priority'])
    .where('partners.status', '=', 'active')
    .where('agreements.endDate', '>=', lookback)
    .groupBy([
      'agreements.partnerId',
      'partners.name',
      'partners.staffCount',
      'partnerScores.recommendation',
      'partnerScores.overall',
    ])
    .select((eb) => [
      'agreements.partnerId',
      'partners.name',
      'partners.staffCount',
      'partnerScores.recommendation',
      'partnerScores.overall',
      eb.fn
        .max(
          eb
            .case()
            .when(
              eb.and([
                eb('agreements.status', '=', 'active'),
                eb('agreements.startDate', '<=', today),
                eb('agreements.endDate', '>=', today),
              ]),
            )
            .then(eb.ref('agreements.endDate'))
            .end(),
        )
        .as('coverEnd'),
      eb.fn
        .max(eb.case().when('agreements.status', 'in', ['draft', 'active']).then(eb.ref('agreements.endDate')).end())
        .as('laterEnd'),
      eb.fn
        .max(
          eb
            .case()
            .when(eb.and([eb('agreements.status', 'in', ['active', 'closed']), eb('agreements.endDate', '<', today)]))
            .then(eb.ref('agreements.endDate'))
            .end(),
        )
        .as('leftEnd'),
    ])
    .execute();
}

/**
 * Aggregates each candidate's agreements in SQL (latest covering end, latest drafted/active end,
 * latest end before today) and applies the pure rule to those three dates.
 */
export async function retentionAlerts(
  db: Db,
  today = ecuadorToday(),
  horizonDays = ALERT_HORIZON_DAYS,
): Promise<RetentionAlert[]> {
  const rows = await candidates(db, today, addDays(today, -LAPSED_LOOKBACK_DAYS));
  const alerts: RetentionAlert[] = [];
  for (const row of rows) {
    const risk = retentionRisk(
      { coverEnd: row.coverEnd ?? null, laterEnd: row.laterEnd ?? null, leftEnd: row.leftEnd ?? null },
      today,
      horizonDays,
    );
    if (risk)
      alerts.push({
        partnerId: row.partnerId,
        name: row.name,
        staffCount: row.staffCount,
        recommendation: row.recommendation,
        overall: row.overall,
        risk,
        longGone: isLongGone(risk),
        territoryIds: [],
      });
  }
  const territories = await territoriesEndingOn(
    db,
    alerts.map((a) => ({ partnerId: a.partnerId, endDate: a.risk.endDate })),
  );
  for (const alert of alerts) alert.territoryIds = territories.get(alert.partnerId) ?? [];
  return alerts.sort(byUrgency);
}

/** Alerts as of today, recomputed only when scores or agreements change, or the day does. */
export function currentRetentionAlerts(db: Db): Promise<RetentionAlert[]> {
  const today = ecuadorToday();
  return cachedUntilChange(db, `alerts:${today}`, [SCORES_REVISION, PORTFOLIO_REVISION], () =>
    retentionAlerts(db, today),
  );
}

/** The header shows the count on every page for procurement and admins. */
export async function retentionAlertCount(db: Db): Promise<number> {
  return (await currentRetentionAlerts(db)).length;
}
