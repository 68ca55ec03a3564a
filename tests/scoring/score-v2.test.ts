// Methodology version 2, "BPI_GN — evidence first" (PRODUCT.md), rule by rule.
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PARAMETERS as V2,
  type MethodologyParameters,
  V1_PARAMETERS as V1,
} from '../../src/scoring/methodology.js';
import { type PartnerEvidence, scorePartner } from '../../src/scoring/score.js';

const AS_OF = Date.parse('2026-11-24T12:00:00Z');
const HOUR = 3600_000;
const DAY = 24 * HOUR;
const ago = (days: number) => AS_OF - days * DAY;
const delivered = (hours: number, daysAgo = 10) => ({ requestedAt: ago(daysAgo), responseHours: hours });
const review = (rating: number, daysAgo = 30) => ({ periodEnd: ago(daysAgo), rating });
const responseScore = (h: number) => Math.min(100, Math.max(0, (100 * (336 - h)) / 312));

function evidence(overrides: Partial<PartnerEvidence> = {}): PartnerEvidence {
  return {
    staffCount: 12,
    adminSteps: 4,
    declaredResponseHours: null,
    events: [],
    reviews: [],
    openRedFlag: false,
    ...overrides,
  };
}

describe('PRODUCT.md worked example 2', () => {
  const score = scorePartner(
    evidence({ staffCount: 5, adminSteps: null, declaredResponseHours: 60, events: [delivered(30), delivered(40)] }),
    V2,
    AS_OF,
  );

  it('blends two events (median 35 h) with the declared 60 h into 43.33 h, scoring 93.80', () => {
    expect(score.components.response).toMatchObject({ source: 'blended', count: 2, declared: 60, measuredMedian: 35 });
    expect(score.components.response.raw).toBeCloseTo(130 / 3, 10);
    expect(score.components.response.score!.toFixed(2)).toBe('93.80');
  });

  it('counts missing steps and quality as neutral 50 and gives overall 78.1, completeness 0.6, agility 93.8, keep', () => {
    expect(score.components.adminSteps).toMatchObject({ score: null, source: 'missing' });
    expect(score.components.adminSteps.contribution).toBeCloseTo(0.2 * 50, 12);
    expect(score.components.quality.contribution).toBeCloseTo(0.2 * 50, 12);
    expect(score.overall!.toFixed(1)).toBe('78.1');
    expect(score.completeness).toBeCloseTo(0.6, 12);
    expect(score.agility!.toFixed(1)).toBe('93.8');
    expect(score.verified).toBe(false);
    expect(score.recommendation).toBe('keep');
  });

  it('has contributions that add up to the overall score', () => {
    const sum = Object.values(score.components).reduce((acc, c) => acc + (c.contribution ?? 0), 0);
    expect(sum).toBeCloseTo(score.overall!, 10);
  });
});

describe('the first worked example scores 85.3 in both versions', () => {
  it.each([
    ['v1', V1],
    ['v2', V2],
  ] as const)('%s', (_label, p) => {
    const score = scorePartner(
      evidence({ events: [delivered(20), delivered(36), delivered(50)], reviews: [review(4), review(5)] }),
      p,
      AS_OF,
    );
    expect(score.overall!.toFixed(1)).toBe('85.3');
    expect(score.recommendation).toBe('keep_priority');
    expect(score.verified).toBe(true);
  });
});

describe('partial evidence blends with the declaration', () => {
  const events = [delivered(30), delivered(40), delivered(50)];
  it.each<[string, number, number | null, string, number | null]>([
    ['n = 0 with a declaration: declared', 0, 60, 'declared', 60],
    ['n = 0 without one: missing', 0, null, 'missing', null],
    ['n = 1 with a declaration: (30 + 2·60) / 3', 1, 60, 'blended', 50],
    ['n = 1 without one: missing', 1, null, 'missing', null],
    ['n = 2 with a declaration: (2·35 + 60) / 3', 2, 60, 'blended', 130 / 3],
    ['n = 2 without one: missing', 2, null, 'missing', null],
    ['n = 3 with a declaration: the median alone', 3, 60, 'measured', 40],
    ['n = 3 without one: the median', 3, null, 'measured', 40],
  ])('%s', (_label, n, declared, source, raw) => {
    const response = scorePartner(evidence({ events: events.slice(0, n), declaredResponseHours: declared }), V2, AS_OF)
      .components.response;
    expect(response.source).toBe(source);
    if (raw === null) expect(response.raw).toBeNull();
    else expect(response.raw).toBeCloseTo(raw, 10);
    expect(response.count).toBe(n);
  });

  it('leaves version 1 untouched: fewer than 3 events fall back to the declaration', () => {
    expect(
      scorePartner(evidence({ events: events.slice(0, 2), declaredResponseHours: 60 }), V1, AS_OF).components.response,
    ).toMatchObject({ source: 'declared', raw: 60 });
  });
});

describe('a declaration alone is capped at 60', () => {
  it.each<[number, number]>([
    [18, 60], // would be 100
    [148, 60], // would be 60.26: capped
    [148.8, 60], // exactly at the cap
    [150, responseScore(150)], // 59.6: below the cap, unchanged
    [336, 0],
  ])('declared %d h scores %d', (hours, expected) => {
    const response = scorePartner(evidence({ declaredResponseHours: hours }), V2, AS_OF).components.response;
    expect(response.source).toBe('declared');
    expect(response.score).toBeCloseTo(expected, 10);
    expect(response.uncapped ?? null).toEqual(responseScore(hours) > 60 ? responseScore(hours) : null);
  });

  it('does not cap blended or measured times', () => {
    expect(
      scorePartner(evidence({ events: [delivered(18)], declaredResponseHours: 18 }), V2, AS_OF).components.response
        .score,
    ).toBe(100);
    expect(
      scorePartner(evidence({ events: [delivered(18), delivered(18), delivered(18)] }), V2, AS_OF).components.response
        .score,
    ).toBe(100);
  });
});

describe('missing counts as neutral', () => {
  it.each<[string, Partial<PartnerEvidence>, number]>([
    ['nothing but size (micro): 0.3·100 + 0.7·50', { staffCount: 5, adminSteps: null }, 65],
    ['no reviews: 0.3·80 + 0.3·100 + 0.2·75 + 0.2·50', { events: [delivered(24), delivered(24), delivered(24)] }, 79],
  ])('%s', (_label, overrides, overall) => {
    const score = scorePartner(evidence(overrides), V2, AS_OF);
    expect(score.overall).toBeCloseTo(overall, 10);
    for (const c of Object.values(score.components))
      if (c.score === null) expect(c.contribution).toBeCloseTo(c.weight * 50, 12);
  });

  it('keeps completeness as in version 1 (the weights of the components present)', () => {
    expect(scorePartner(evidence({ staffCount: 5, adminSteps: null }), V2, AS_OF)).toMatchObject({
      completeness: 0.3,
      recommendation: 'insufficient_data',
    });
  });
});

describe('priority needs verified evidence', () => {
  const fast = { staffCount: 5, adminSteps: 2 };
  it.each<[string, Partial<PartnerEvidence>, boolean, string]>([
    ['declared only: never keep_priority', { ...fast, declaredResponseHours: 18, reviews: [] }, false, 'keep'],
    [
      'verified by three measured events',
      { ...fast, events: [delivered(18), delivered(18), delivered(18)] },
      true,
      'keep_priority',
    ],
    [
      'verified by one review in the window',
      { ...fast, declaredResponseHours: 18, reviews: [review(5)] },
      true,
      'keep_priority',
    ],
    [
      'a review outside the window does not verify',
      { ...fast, declaredResponseHours: 18, reviews: [review(5, 800)] },
      false,
      'keep',
    ],
    [
      'blended events alone do not verify',
      { ...fast, declaredResponseHours: 18, events: [delivered(18), delivered(18)] },
      false,
      'keep',
    ],
  ])('%s', (_label, overrides, verified, recommendation) => {
    const score = scorePartner(evidence(overrides), V2, AS_OF);
    expect(score.verified).toBe(verified);
    expect(score.recommendation).toBe(recommendation);
  });

  it('is a rule only version 2 applies', () => {
    expect(scorePartner(evidence({ ...fast, declaredResponseHours: 18 }), V1, AS_OF).recommendation).toBe(
      'keep_priority',
    );
  });
});

describe('the newcomer who only declares', () => {
  const newcomer = evidence({ staffCount: 5, adminSteps: 2, declaredResponseHours: 18 });
  const trackRecord = evidence({ staffCount: 5, adminSteps: 2, events: [delivered(18), delivered(18), delivered(18)] });

  it('scored 100 and keep_priority under version 1', () => {
    expect(scorePartner(newcomer, V1, AS_OF)).toMatchObject({ overall: 100, recommendation: 'keep_priority' });
  });

  it('can never be keep_priority under version 2, whatever it declares', () => {
    for (const hours of [0, 1, 18, 24, 48]) {
      for (const steps of [0, 1, 2]) {
        const p: MethodologyParameters = V2;
        expect(
          scorePartner(evidence({ staffCount: 5, adminSteps: steps, declaredResponseHours: hours }), p, AS_OF)
            .recommendation,
        ).not.toBe('keep_priority');
      }
    }
  });

  it('ranks below an otherwise equal partner with measured evidence', () => {
    const declared = scorePartner(newcomer, V2, AS_OF);
    const measured = scorePartner(trackRecord, V2, AS_OF);
    expect(declared.overall!).toBeLessThan(measured.overall!);
    expect(measured.recommendation).toBe('keep_priority');
  });
});
