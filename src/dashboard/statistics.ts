// Pure helpers for the dashboard's figures.
import { type MethodologyParameters, hoursForResponseScore } from '../scoring/methodology.js';
import { sortedMedian } from '../scoring/score.js';

export { sortedMedian };

/** The median of some numbers (the mean of the middle two for an even count); null for none. */
export function median(values: readonly number[]): number | null {
  return sortedMedian(Float64Array.from(values).sort());
}

export interface Quarter {
  year: number;
  /** 1 to 4. */
  number: number;
  from: string;
  to: string;
}

/** The `count` calendar quarters ending with the one that contains `day`, oldest first. */
export function quartersEndingWith(day: string, count: number): Quarter[] {
  const year = Number(day.slice(0, 4));
  const quarter = Math.floor((Number(day.slice(5, 7)) - 1) / 3);
  const quarters: Quarter[] = [];
  for (let i = count - 1; i >= 0; i--) {
    const index = year * 4 + quarter - i;
    const y = Math.floor(index / 4);
    const q = index % 4;
    const startMonth = q * 3 + 1;
    const end = new Date(Date.UTC(y, startMonth + 2, 0));
    quarters.push({
      year: y,
      number: q + 1,
      from: `${y}-${String(startMonth).padStart(2, '0')}-01`,
      to: `${y}-${String(startMonth + 2).padStart(2, '0')}-${String(end.getUTCDate()).padStart(2, '0')}`,
    });
  }
  return quarters;
}

/** part / whole, or null when there is no whole. */
export const share = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);

/** The response time whose response score equals the agile threshold (148.8 h with the defaults). */
export function agileThresholdHours(parameters: {
  response: Pick<MethodologyParameters['response'], 'bestHours' | 'worstHours'>;
  agileThreshold: number;
}): number {
  return hoursForResponseScore(parameters, parameters.agileThreshold);
}

/** Rows in ascending order of median hours, rows without a median last (their order kept). */
export function sortedByMedian<T extends { medianHours: number | null }>(rows: readonly T[]): T[] {
  // Two missing medians give Infinity − Infinity = NaN: "|| 0" keeps them as equal.
  return [...rows].sort((a, b) => (a.medianHours ?? Infinity) - (b.medianHours ?? Infinity) || 0);
}
