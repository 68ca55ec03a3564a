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
 * portfolio, so it allocates nothing per partner.
 */
function evaluateAll(
  columns: Float64Array[],
  inputs: RankingInput[],
  weights: number[],
  parameters: MethodologyParameters,
  overall: Float64Array,
  recommendation: Uint8Array,
): void {
  const { minCompleteness, keepPriorityMin, keepMin } = parameters.recommendation;
  const { neutralScore, priorityNeedsVerified } = parameters.evidence;
  for (let i = 0; i < inputs.length; i++) {
    let sum = 0;
    let present = 0;
    for (let c = 0; c < columns.length; c++) {
      const score = columns[c]![i]!;
      if (Number.isNaN(score)) {
        if (neutralScore !== null) sum += weights[c]! * neutralScore;
        continue;
      }
      sum += weights[c]! * score;
      present += weights[c]!;
    }
    // overallOf() in score.ts: a neutral score keeps every weight (they add up to 1); without one, renormalize.
    const value = neutralScore !== null ? sum : present > 0 ? sum / present : Number.NaN;
    overall[i] = value;
    // The rules of recommend() in score.ts, in the same order, as codes: 0 blocked,
    // 1 insufficient data, 2 keep priority, 3 keep, 4 standard review.
    const input = inputs[i]!;
    recommendation[i] = input.openRedFlag
      ? 0
      : present < minCompleteness - 1e-12
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
    const value = overall[i]!;
    if (Number.isNaN(value)) {
      ranks[i] = Number.NaN;
      continue;
    }
    // Rank = 1 + how many scores are strictly higher (binary search in the ascending array).
    let low = 0;
    let high = sorted.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (sorted[mid]! <= value) low = mid + 1;
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
  for (const v of overall) if (!Number.isNaN(v)) counts[bucketOf(v)]!++;
  // Turn counts into "how many scores fall in a higher bucket".
  let higher = 0;
  for (let b = BUCKET_COUNT - 1; b >= 0; b--) {
    const here = counts[b]!;
    counts[b] = higher;
    higher += here;
  }
  for (let i = 0; i < overall.length; i++) {
    const v = overall[i]!;
    ranks[i] = Number.isNaN(v) ? Number.NaN : counts[bucketOf(v)]! + 1;
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
  evaluateAll(columns, inputs, baseWeights, parameters, baseOverall, baseRecommendation);
  ranksOf(baseOverall, baseRanks);
  const rankMin = baseRanks.slice();
  const rankMax = baseRanks.slice();
  const stable = new Uint8Array(n).fill(1);

  const overall = new Float64Array(n);
  const recommendation = new Uint8Array(n);
  const ranks = new Float64Array(n);
  const counts = new Uint32Array(BUCKET_COUNT);
  for (const multipliers of perturbations) {
    const raw = COMPONENTS.map((c, i) => baseWeights[i]! * multipliers[c]);
    const total = raw.reduce((a, b) => a + b, 0);
    evaluateAll(
      columns,
      inputs,
      raw.map((w) => (total > 0 ? w / total : 0)),
      parameters,
      overall,
      recommendation,
    );
    ranksByBuckets(overall, ranks, counts);
    for (let i = 0; i < n; i++) {
      const rank = ranks[i]!;
      if (!Number.isNaN(rank)) {
        if (Number.isNaN(rankMin[i]!) || rank < rankMin[i]!) rankMin[i] = rank;
        if (Number.isNaN(rankMax[i]!) || rank > rankMax[i]!) rankMax[i] = rank;
      }
      if (recommendation[i] !== baseRecommendation[i]) stable[i] = 0;
    }
  }
  const orNull = (v: number) => (Number.isNaN(v) ? null : v);
  return new Map(
    inputs.map((input, i) => [
      input.partnerId,
      {
        rank: orNull(baseRanks[i]!),
        rankMin: orNull(rankMin[i]!),
        rankMax: orNull(rankMax[i]!),
        recommendationStable: stable[i] === 1,
      },
    ]),
  );
}
