// A partner's score as stored (partner_scores): what the ranking, the receipt, the API and the
// exports read. Written by the scoring service under the active methodology; pure mapping here.
import type { PartnerScoreRow } from '../database/schema.js';
import { SIZE_CLASSES } from '../partners/size-class.js';
import { type PartnerScore, RECOMMENDATIONS } from './score.js';

/** A score as computed (without `isAgile`, which is not stored), with whose it is and when and how it was made. */
export interface StoredScore extends Omit<PartnerScore, 'isAgile'> {
  partnerId: number;
  methodologyVersion: number;
  scoredAt: string;
}

/** A stored code read back as one of its known values; anything else is a corrupt row, not a new value. */
function known<T extends string>(values: readonly T[], value: string, what: string): T {
  const found = values.find((v) => v === value);
  if (found === undefined) throw new Error(`partner_scores holds an unknown ${what}: ${value}`);
  return found;
}

export function toStoredScore(row: PartnerScoreRow): StoredScore {
  return {
    partnerId: row.partnerId,
    methodologyVersion: row.methodologyVersion,
    scoredAt: row.scoredAt,
    sizeClass: known(SIZE_CLASSES, row.sizeClass, 'size class'),
    isSmall: row.isSmall === 1,
    components: JSON.parse(row.components) as StoredScore['components'],
    agility: row.agility,
    overall: row.overall,
    completeness: row.completeness,
    recommendation: known(RECOMMENDATIONS, row.recommendation, 'recommendation'),
    isSmallAgile: row.isSmallAgile === 1,
    openRedFlag: row.openRedFlag === 1,
    verified: row.verified === 1,
  };
}
