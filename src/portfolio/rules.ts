// Portfolio rules on calendar days ("YYYY-MM-DD", compared as text). Pure.

export const AGREEMENT_STATUSES = ['draft', 'active', 'closed', 'cancelled'] as const;
export type AgreementStatus = (typeof AGREEMENT_STATUSES)[number];

export const DECISION_KINDS = ['add', 'keep', 'renew', 'watch', 'exit'] as const;
export type DecisionKind = (typeof DECISION_KINDS)[number];

export const ALERT_HORIZON_DAYS = 90;
export const LAPSED_LOOKBACK_DAYS = 365;
/** Partners gone longer than this are listed apart: still worth a call, no longer urgent. */
export const LONG_GONE_DAYS = 90;

interface AgreementDates {
  /** An AgreementStatus; stored rows type it as text. */
  status: string;
  startDate: string;
  endDate: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** In the portfolio on a day: an active agreement covers that day (both ends included). */
export function inPortfolio(agreements: AgreementDates[], day: string): boolean {
  return agreements.some((a) => a.status === 'active' && a.startDate <= day && day <= a.endDate);
}

/** What the retention rule needs to know of a partner's agreements on a day. */
export interface AgreementSummary {
  /** Latest end of the active agreements covering the day. */
  coverEnd: string | null;
  /** Latest end of any drafted or active agreement. */
  laterEnd: string | null;
  /** Latest end of the active or closed agreements that ended before the day. */
  leftEnd: string | null;
}

export function summarizeAgreements(agreements: AgreementDates[], day: string): AgreementSummary {
  const latest = (list: AgreementDates[]) =>
    list.reduce<string | null>((max, a) => (max === null || a.endDate > max ? a.endDate : max), null);
  return {
    coverEnd: latest(agreements.filter((a) => a.status === 'active' && a.startDate <= day && day <= a.endDate)),
    laterEnd: latest(agreements.filter((a) => a.status === 'draft' || a.status === 'active')),
    leftEnd: latest(agreements.filter((a) => (a.status === 'active' || a.status === 'closed') && a.endDate < day)),
  };
}

export type RetentionRisk =
  { kind: 'ending'; daysLeft: number; endDate: string } | { kind: 'lapsed'; daysLeft: number; endDate: string };

/**
 * A small partner recommended keep is at risk of leaving when all its active agreements end within
 * the horizon and no later agreement is drafted or active, or when it left the portfolio in the last
 * 365 days and has no new one. `daysLeft` is negative for a partner that already left.
 */
export function retentionRisk(
  summary: AgreementSummary,
  today: string,
  horizonDays = ALERT_HORIZON_DAYS,
): RetentionRisk | null {
  const { coverEnd, laterEnd, leftEnd } = summary;
  if (coverEnd !== null) {
    const followOn = laterEnd !== null && laterEnd > coverEnd;
    if (coverEnd <= addDays(today, horizonDays) && !followOn)
      return { kind: 'ending', daysLeft: daysBetween(today, coverEnd), endDate: coverEnd };
    return null;
  }
  const newOne = laterEnd !== null && laterEnd >= today;
  if (leftEnd !== null && leftEnd >= addDays(today, -LAPSED_LOOKBACK_DAYS) && !newOne) {
    return { kind: 'lapsed', daysLeft: daysBetween(today, leftEnd), endDate: leftEnd };
  }
  return null;
}

/**
 * The code to suggest for a new agreement, in the office's own pattern: among the latest codes (newest
 * first), the text before the trailing number used most often (the newest such pattern on a tie),
 * followed by the next number after the highest seen with it, zero-padded as those were.
 * With no numbered code yet, "<year>-001".
 */
export function nextAgreementCode(latestCodes: string[], year: number): string {
  const patterns = new Map<string, { count: number; highest: number; width: number }>();
  for (const code of latestCodes) {
    const match = /^(.*?)(\d+)$/.exec(code.trim());
    if (!match) continue;
    const [, prefix, digits] = match;
    if (prefix === undefined || digits === undefined) continue;
    const seen = patterns.get(prefix) ?? { count: 0, highest: 0, width: 0 };
    patterns.set(prefix, {
      count: seen.count + 1,
      highest: Math.max(seen.highest, Number(digits)),
      width: Math.max(seen.width, digits.length),
    });
  }
  let best: [string, { count: number; highest: number; width: number }] | null = null;
  for (const entry of patterns) if (best === null || entry[1].count > best[1].count) best = entry;
  if (best === null) return `${year}-001`;
  const [prefix, { highest, width }] = best;
  return `${prefix}${String(highest + 1).padStart(width, '0')}`;
}

/** Gone from the portfolio more than LONG_GONE_DAYS ago. */
export function isLongGone(risk: RetentionRisk): boolean {
  return risk.kind === 'lapsed' && -risk.daysLeft > LONG_GONE_DAYS;
}

/**
 * Alert order: by urgency, soonest end first (partners recently gone, then those about to go);
 * partners long gone after them, the most recently gone first.
 */
export function byUrgency(
  a: { risk: RetentionRisk; overall: number | null },
  b: { risk: RetentionRisk; overall: number | null },
): number {
  const gone = Number(isLongGone(a.risk)) - Number(isLongGone(b.risk));
  if (gone !== 0) return gone;
  const days = isLongGone(a.risk) ? b.risk.daysLeft - a.risk.daysLeft : a.risk.daysLeft - b.risk.daysLeft;
  return days || (b.overall ?? 0) - (a.overall ?? 0);
}

/** A target's status: met, or how far from it. */
export function targetStatus(value: number | null, minimum: number): { met: boolean; gap: number } {
  if (value === null) return { met: false, gap: minimum };
  return value >= minimum - 1e-12 ? { met: true, gap: 0 } : { met: false, gap: minimum - value };
}

/** The first three months of the year's quarter holding `day`, as [from, to]. */
export function quarterOf(day: string): { from: string; to: string } {
  const [year, month] = day.split('-').map(Number) as [number, number];
  const first = Math.floor((month - 1) / 3) * 3 + 1;
  const from = `${year}-${String(first).padStart(2, '0')}-01`;
  const nextFirst = first + 3 > 12 ? `${year + 1}-01-01` : `${year}-${String(first + 3).padStart(2, '0')}-01`;
  return { from, to: addDays(nextFirst, -1) };
}

export type ExpectedBasis = 'territory' | 'overall' | 'blended' | 'declared';

/**
 * Expected response hours for an emergency: local median, else the overall median, else the overall
 * time blended from a few events and the declaration (methodology v2), else the declared time.
 */
export function expectedResponse(
  localHours: number[],
  overall: { measured: number | null; blended?: number | null; declared: number | null },
  minEvents: number,
  median: (values: number[]) => number,
): { hours: number | null; basis: ExpectedBasis | null } {
  if (localHours.length >= minEvents) return { hours: median(localHours), basis: 'territory' };
  if (overall.measured !== null) return { hours: overall.measured, basis: 'overall' };
  if (overall.blended !== undefined && overall.blended !== null) return { hours: overall.blended, basis: 'blended' };
  if (overall.declared !== null) return { hours: overall.declared, basis: 'declared' };
  return { hours: null, basis: null };
}

/** What the finder's order needs of a partner that operates where the emergency is. */
export interface ResponderRankInput {
  name: string;
  openRedFlag: boolean;
  expectedHours: number | null;
  /** evidenceRank() of the partner's response time: measured first. */
  evidenceRank: number;
  maxPeopleInOneEvent: number | null;
}

/**
 * The finder's order: an open red flag last; fastest expected response first (unknown last); at
 * equal time, measured evidence before declared; then, when people to reach are given, the larger
 * single past event first — every partner that already reached the target counts the same, so among
 * them time and evidence alone decide; then by name.
 */
export function compareResponders(a: ResponderRankInput, b: ResponderRankInput, peopleToReach: number | null): number {
  const capacity = (r: ResponderRankInput) =>
    peopleToReach === null ? 0 : Math.min(r.maxPeopleInOneEvent ?? 0, peopleToReach);
  return (
    Number(a.openRedFlag) - Number(b.openRedFlag) ||
    (a.expectedHours ?? Infinity) - (b.expectedHours ?? Infinity) ||
    a.evidenceRank - b.evidenceRank ||
    capacity(b) - capacity(a) ||
    a.name.localeCompare(b.name, 'es')
  );
}

/** Whether a partner has ever assisted `peopleToReach` people in one event; null when none were asked. */
export function reachedTarget(maxPeopleInOneEvent: number | null, peopleToReach: number | null): boolean | null {
  if (peopleToReach === null) return null;
  return (maxPeopleInOneEvent ?? 0) >= peopleToReach;
}
