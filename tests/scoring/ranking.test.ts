import { describe, expect, it } from 'vitest';
import { DEFAULT_PARAMETERS as V2, V1_PARAMETERS as DEFAULT_PARAMETERS } from '../../src/scoring/methodology.js';
import { type RankingInput, standings, weightPerturbations } from '../../src/scoring/ranking.js';

const input = (
  partnerId: number,
  size: number | null,
  response: number | null,
  adminSteps: number | null,
  quality: number | null,
  isSmall = true,
  verified = true,
): RankingInput => ({
  partnerId,
  scores: { size, response, adminSteps, quality },
  isSmall,
  openRedFlag: false,
  verified,
});

describe('ranking and sensitivity', () => {
  const portfolio = [
    input(1, 80, 96, 75, 87.5),
    input(2, 100, 40, 50, 50),
    input(3, 30, 90, 90, 90, false),
    input(4, 80, 96, 75, 87.5),
    input(5, null, null, null, null),
  ];

  it('ranks by overall score, equal scores sharing a rank, and leaves a partner without score unranked', () => {
    const result = standings(portfolio, DEFAULT_PARAMETERS, []);
    expect([1, 2, 3, 4, 5].map((id) => result.get(id)!.rank)).toEqual([1, 4, 3, 1, null]);
  });

  it('is reproducible: the same seeded perturbations give the same ranges', () => {
    expect(weightPerturbations()).toEqual(weightPerturbations());
    expect([...standings(portfolio, DEFAULT_PARAMETERS).entries()]).toEqual([
      ...standings(portfolio, DEFAULT_PARAMETERS).entries(),
    ]);
  });

  it('keeps every perturbation within ±20% of each weight', () => {
    for (const multipliers of weightPerturbations())
      for (const m of Object.values(multipliers)) {
        expect(m).toBeGreaterThanOrEqual(0.8);
        expect(m).toBeLessThanOrEqual(1.2);
      }
  });

  it('gives a range that contains the rank, and flags a recommendation that flips', () => {
    // Partner 2 sits near the keep threshold of 50 / priority of 70: weights decide its side.
    const edge = [input(10, 100, 40, 50, 50), input(11, 80, 60, 60, 60)];
    const result = standings(edge, DEFAULT_PARAMETERS);
    for (const s of result.values()) {
      expect(s.rankMin!).toBeLessThanOrEqual(s.rank!);
      expect(s.rankMax!).toBeGreaterThanOrEqual(s.rank!);
    }
    // 0.3·100 + 0.3·40 + 0.2·50 + 0.2·50 = 62: moving weights ±20% never crosses 50 or 70.
    expect(result.get(10)!.recommendationStable).toBe(true);
    const nearPriority = [input(20, 100, 55, 50, 50)]; // 0.3·100+0.3·55+0.2·50+0.2·50 = 66.5 … up to ~70 with more weight on size
    const flips = standings(nearPriority, {
      ...DEFAULT_PARAMETERS,
      recommendation: { ...DEFAULT_PARAMETERS.recommendation, keepPriorityMin: 67 },
    });
    expect(flips.get(20)!.recommendationStable).toBe(false);
  });
});

describe('ranking under methodology version 2', () => {
  it('counts a missing component as the neutral 50, so a partner with no evidence is ranked', () => {
    const result = standings([input(1, 100, null, null, null), input(2, 80, 96, 75, 87.5)], V2, []);
    // 0.3·100 + 0.7·50 = 65 against 85.3: both ranked, the one with evidence first.
    expect(result.get(2)!.rank).toBe(1);
    expect(result.get(1)!.rank).toBe(2);
  });

  it('keeps priority only for verified partners, in every weight variation', () => {
    const unverified = standings([input(1, 100, 100, 100, null, true, false)], V2);
    const verified = standings([input(1, 100, 100, 100, null, true, true)], V2);
    // Overall 90 either way; only the verified one is keep_priority, and neither flips when weights move.
    expect(unverified.get(1)!.recommendationStable).toBe(true);
    expect(verified.get(1)!.recommendationStable).toBe(true);
    const nearPriority = [input(3, 100, 60, 60, null, true, false)];
    // 0.3·100 + 0.3·60 + 0.2·60 + 0.2·50 = 70: without verification it stays "keep" whatever the weights.
    expect(standings(nearPriority, V2).get(3)!.recommendationStable).toBe(true);
    expect(standings([input(4, 100, 60, 60, null, true, true)], V2).get(4)!.recommendationStable).toBe(false);
  });
});
