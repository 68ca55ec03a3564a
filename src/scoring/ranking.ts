// Ranks among active partners, and how far each rank moves when the weights move (sensitivity). Pure.
import { SeededRandom } from '../shared/random.js';
import { COMPONENTS, type Component, type MethodologyParameters } from './methodology.js';
import { type Recommendation, recommend } from './score.js';

export interface RankingInput {
  partnerId: number;
  scores: Record<Component, number | null>;
  isSmall: boolean;
  openRedFlag: boolean;
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
export function weightPerturbations(runs = SENSITIVITY_RUNS, seed = SENSITIVITY_SEED, spread = SENSITIVITY_SPREAD): Record<Component, number>[] {
  const random = new SeededRandom(seed);
  return Array.from({ length: runs }, () =>
    Object.fromEntries(COMPONENTS.map((c) => [c, 1 - spread + random.next() * 2 * spread])) as Record<Component, number>,
  );
}

function evaluate(input: RankingInput, weights: Record<Component, number>, parameters: MethodologyParameters) {
  let sum = 0;
  let present = 0;
  for (const c of COMPONENTS) {
    const score = input.scores[c];
    if (score === null) continue;
    sum += weights[c] * score;
    present += weights[c];
  }
  const overall = present > 0 ? sum / present : null;
  return {
    overall,
    recommendation: recommend({ openRedFlag: input.openRedFlag, completeness: present, isSmall: input.isSmall, overall }, parameters),
  };
}

/** Competition ranking by overall score, highest first (equal scores share a rank); null stays unranked. */
function ranksOf(overalls: (number | null)[]): (number | null)[] {
  const sorted = Float64Array.from(overalls.filter((v): v is number => v !== null)).sort();
  return overalls.map((value) => {
    if (value === null) return null;
    // Rank = 1 + how many scores are strictly higher (binary search in the ascending array).
    let low = 0;
    let high = sorted.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (sorted[mid]! <= value) low = mid + 1;
      else high = mid;
    }
    return sorted.length - low + 1;
  });
}

export function standings(inputs: RankingInput[], parameters: MethodologyParameters, perturbations = weightPerturbations()): Map<number, Standing> {
  const base = inputs.map((input) => evaluate(input, parameters.weights, parameters));
  const baseRanks = ranksOf(base.map((b) => b.overall));
  const rankMin = baseRanks.slice();
  const rankMax = baseRanks.slice();
  const stable = inputs.map(() => true);

  for (const multipliers of perturbations) {
    const raw = COMPONENTS.map((c) => parameters.weights[c] * multipliers[c]);
    const total = raw.reduce((a, b) => a + b, 0);
    const weights = Object.fromEntries(COMPONENTS.map((c, i) => [c, total > 0 ? raw[i]! / total : 0])) as Record<Component, number>;
    const results = inputs.map((input) => evaluate(input, weights, parameters));
    const ranks = ranksOf(results.map((r) => r.overall));
    for (let i = 0; i < inputs.length; i++) {
      const rank = ranks[i];
      if (rank !== null && rank !== undefined) {
        rankMin[i] = rankMin[i] === null ? rank : Math.min(rankMin[i]!, rank);
        rankMax[i] = rankMax[i] === null ? rank : Math.max(rankMax[i]!, rank);
      }
      if (results[i]!.recommendation !== base[i]!.recommendation) stable[i] = false;
    }
  }
  return new Map(
    inputs.map((input, i) => [input.partnerId, { rank: baseRanks[i]!, rankMin: rankMin[i]!, rankMax: rankMax[i]!, recommendationStable: stable[i]! }]),
  );
}

export type { Recommendation };
