// Ranks among active partners, and how far each rank moves when the weights move (sensitivity). Pure.
import { SeededRandom } from '../shared/random.js';
import { COMPONENTS, type Component, type MethodologyParameters } from './methodology.js';

export interface RankingInput {
  partnerId: number;
  scores: Record<Component, number | null>;
  isSmall: boolean;
  openRedFlag: boolean;
  verified: boolean;
}

export interface Standing {
  rank: number | null;
  rankMin: number | null;
  rankMax: number | null;
  recommendationStable: boolean;
}

export const SENSITIVITY_SEED = 4242;
export const SENSITIVITY_RUNS = 24;
export const SENSITIVITY_SPREAD = 0.2;

/** A fixed, seeded set of weight multipliers in [1 − spread, 1 + spread], one per component. */
export function weightPerturbations(
  runs = SENSITIVITY_RUNS,
  seed = SENSITIVITY_SEED,
  spread = SENSITIVITY_SPREAD,
): Record<Component, number>[] {
  const random = new SeededRandom(seed);
  return Array.from(
    { length: runs },
    () =>
      Object.fromEntries(COMPONENTS.map((c) => [c, 1 - spread + random.next() * 2 * spread])) as Record<
        Component,
        number
      >,
  );
}

/**
 * Overall score and recommendation of every partner under some weights, into typed arrays
 * (NaN = no score). The sensitivity analysis runs this once per perturbation over the whole
 * portfolio, so it allocates nothing per partner: `present` is scratch space, one entry per partner.
 * Weighted scores are added column by column, in component order, so each partner's sum adds the
 * same terms in the same order as overallOf() in score.ts.
 */
function evaluateAll(
  columns: Float64Array[],
  inputs: RankingInput[],
  weights: number[],
  parameters: MethodologyParameters,
  overall: Float64Array,
  recommendation: Uint8Array,
  present: Float64Array,
): void {
  const { minCompleteness, keepPriorityMin, keepMin } = parameters.recommendation;
  const { neutralScore, priorityNeedsVerified } = parameters.evidence;
  overall.fill(0);
  present.fill(0);
  // Every array has one entry per partner, so indexes stay in range: the `??` fallbacks only tell the type checker so.
  for (let c = 0; c < columns.length; c++) {
    const column = columns[c];
    const weight = weights[c];
    if (column === undefined || weight === undefined) continue;
    for (let i = 0; i < column.length; i++) {
      const score = column[i] ?? Number.NaN;
      if (Number.isNaN(score)) {
        if (neutralScore !== null) overall[i] = (overall[i] ?? 0) + weight * neutralScore;
        continue;
      }
      overall[i] = (overall[i] ?? 0) + weight * score;
      present[i] = (present[i] ?? 0) + weight;
    }
  }
  for (let i = 0; i < inputs.length; i++) {
    const input = inputs[i];
    if (input === undefined) continue;
    const sum = overall[i] ?? 0;
    const weightPresent = present[i] ?? 0;
    // overallOf() in score.ts: a neutral score keeps every weight (they add up to 1); without one, renormalize.
    const value = neutralScore !== null ? sum : weightPresent > 0 ? sum / weightPresent : Number.NaN;
    overall[i] = value;
    // The rules of recommend() in score.ts, in the same order, as codes: 0 blocked,
    // 1 insufficient data, 2 keep priority, 3 keep, 4 standard review.
    recommendation[i] = input.openRedFlag
      ? 0
      : weightPresent < minCompleteness - 1e-12
        ? 1
        : input.isSmall && value >= keepPriorityMin && (input.verified || !priorityNeedsVerified)
          ? 2
          : input.isSmall && value >= keepMin
            ? 3
            : 4;
  }
}

/** Competition ranking by overall score, highest first (equal scores share a rank); NaN stays unranked. */
function ranksOf(overall: Float64Array, ranks: Float64Array): void {
  const sorted = overall.filter((v) => !Number.isNaN(v)).sort();
  for (let i = 0; i < overall.length; i++) {
    const value = overall[i] ?? Number.NaN;
    if (Number.isNaN(value)) {
      ranks[i] = Number.NaN;
      continue;
    }
    // Rank = 1 + how many scores are strictly higher (binary search in the ascending array).
    let low = 0;
    let high = sorted.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((sorted[mid] ?? Number.NaN) <= value) low = mid + 1;
      else high = mid;
    }
    ranks[i] = sorted.length - low + 1;
  }
}

// Perturbed rankings only need to be as fine as the scores people read, so they count scores in
// buckets of 0.001 points instead of sorting the whole portfolio 24 more times.
const BUCKETS_PER_POINT = 1000;
const BUCKET_COUNT = 100 * BUCKETS_PER_POINT + 1;

function ranksByBuckets(overall: Float64Array, ranks: Float64Array, counts: Uint32Array): void {
  counts.fill(0);
  const bucketOf = (v: number) => Math.min(BUCKET_COUNT - 1, Math.max(0, Math.round(v * BUCKETS_PER_POINT)));
  // Buckets are within the counts array (bucketOf clamps); the `??` fallbacks only tell the type checker so.
  for (const v of overall) {
    if (Number.isNaN(v)) continue;
    const b = bucketOf(v);
    counts[b] = (counts[b] ?? 0) + 1;
  }
  // Turn counts into "how many scores fall in a higher bucket".
  let higher = 0;
  for (let b = BUCKET_COUNT - 1; b >= 0; b--) {
    const here = counts[b] ?? 0;
    counts[b] = higher;
    higher += here;
  }
  for (let i = 0; i < overall.length; i++) {
    const v = overall[i] ?? Number.NaN;
    ranks[i] = Number.isNaN(v) ? Number.NaN : (counts[bucketOf(v)] ?? 0) + 1;
  }
}

export function standings(
  inputs: RankingInput[],
  parameters: MethodologyParameters,
  perturbations = weightPerturbations(),
): Map<number, Standing> {
  const n = inputs.length;
  const columns = COMPONENTS.map((c) => Float64Array.from(inputs, (input) => input.scores[c] ?? Number.NaN));
  const baseWeights = COMPONENTS.map((c) => parameters.weights[c]);
  const baseOverall = new Float64Array(n);
  const baseRecommendation = new Uint8Array(n);
  const baseRanks = new Float64Array(n);
  const present = new Float64Array(n);
  evaluateAll(columns, inputs, baseWeights, parameters, baseOverall, baseRecommendation, present);
  ranksOf(baseOverall, baseRanks);
  const rankMin = baseRanks.slice();
  const rankMax = baseRanks.slice();
  const stable = new Uint8Array(n).fill(1);

  const overall = new Float64Array(n);
  const recommendation = new Uint8Array(n);
  const ranks = new Float64Array(n);
  const counts = new Uint32Array(BUCKET_COUNT);
  for (const multipliers of perturbations) {
    const raw = COMPONENTS.map((c) => parameters.weights[c] * multipliers[c]);
    const total = raw.reduce((a, b) => a + b, 0);
    evaluateAll(
      columns,
      inputs,
      raw.map((w) => (total > 0 ? w / total : 0)),
      parameters,
      overall,
      recommendation,
      present,
    );
    ranksByBuckets(overall, ranks, counts);
    for (let i = 0; i < n; i++) {
      const rank = ranks[i] ?? Number.NaN;
      if (!Number.isNaN(rank)) {
        const min = rankMin[i] ?? Number.NaN;
        const max = rankMax[i] ?? Number.NaN;
        if (Number.isNaN(min) || rank < min) rankMin[i] = rank;
        if (Number.isNaN(max) || rank > max) rankMax[i] = rank;
      }
      if (recommendation[i] !== baseRecommendation[i]) stable[i] = 0;
    }
  }
  const orNull = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? null : v);
  return new Map(
    inputs.map((input, i) => [
      input.partnerId,
      {
        rank: orNull(baseRanks[i]),
        rankMin: orNull(rankMin[i]),
        rankMax: orNull(rankMax[i]),
        recommendationStable: stable[i] === 1,
      },
    ]),
  );
}
