import { describe, expect, it } from 'vitest';
import { type MethodologyParameters, V1_PARAMETERS as P } from '../../src/scoring/methodology.js';
import { type PartnerEvidence, countedResponseHours, median, scorePartner } from '../../src/scoring/score.js';

const AS_OF = Date.parse('2026-11-24T12:00:00Z');
const HOUR = 3600_000;
const DAY = 24 * HOUR;
const ago = (days: number) => AS_OF - days * DAY;

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
const delivered = (hours: number, daysAgo = 10) => ({ requestedAt: ago(daysAgo), responseHours: hours });
const pending = (hoursAgo: number) => ({ requestedAt: AS_OF - hoursAgo * HOUR, responseHours: null });
const review = (rating: number, daysAgo = 30) => ({ periodEnd: ago(daysAgo), rating });

describe('PRODUCT.md worked example', () => {
  const score = scorePartner(
    evidence({
      staffCount: 12,
      adminSteps: 4,
      events: [delivered(20), delivered(36), delivered(50)],
      reviews: [review(4), review(5)],
    }),
    P,
    AS_OF,
  );

  it('scores each component as the example says', () => {
    expect(score.sizeClass).toBe('small');
    expect(score.components.size).toMatchObject({ raw: 12, source: 'profile', score: 80, weight: 0.3 });
    expect(score.components.response).toMatchObject({ raw: 36, source: 'measured', count: 3 });
    expect(score.components.response.score).toBeCloseTo(96.153846, 5);
    expect(score.components.adminSteps).toMatchObject({ raw: 4, source: 'declared', score: 75 });
    expect(score.components.quality).toMatchObject({ raw: 4.5, source: 'reviews', count: 2, score: 87.5 });
  });

  it('gives overall 85.3, completeness 1.0, agility 87.7 and keep_priority', () => {
    expect(score.overall!.toFixed(1)).toBe('85.3');
    expect(score.overall).toBeCloseTo(0.3 * 80 + (0.3 * (100 * 300)) / 312 + 0.2 * 75 + 0.2 * 87.5, 10);
    expect(score.completeness).toBeCloseTo(1, 12);
    expect(score.agility!.toFixed(1)).toBe('87.7');
    expect(score.recommendation).toBe('keep_priority');
    expect(score.isSmallAgile).toBe(true);
  });

  it('has contributions that add up to the overall score', () => {
    const sum = Object.values(score.components).reduce((acc, c) => acc + (c.contribution ?? 0), 0);
    expect(sum).toBeCloseTo(score.overall!, 10);
  });
});

describe('median', () => {
  it.each([
    [[5], 5],
    [[3, 1, 2], 2],
    [[4, 1, 3, 2], 2.5],
    [[10, 20], 15],
  ])('median of %j is %d', (values, expected) => expect(median(values)).toBe(expected));
});

describe('response time', () => {
  it.each<[string, Partial<PartnerEvidence>, string, number | null]>([
    ['3 events: measured', { events: [delivered(24), delivered(48), delivered(72)] }, 'measured', 48],
    [
      '2 events: declared instead',
      { events: [delivered(24), delivered(48)], declaredResponseHours: 100 },
      'declared',
      100,
    ],
    ['2 events and nothing declared: missing', { events: [delivered(24), delivered(48)] }, 'missing', null],
    [
      'an event older than 365 days is left out',
      { events: [delivered(24), delivered(48), delivered(72, 366)], declaredResponseHours: 10 },
      'declared',
      10,
    ],
    ['an event of 364 days counts', { events: [delivered(24), delivered(48), delivered(72, 364)] }, 'measured', 48],
  ])('%s', (_label, overrides, source, raw) => {
    const component = scorePartner(evidence(overrides), P, AS_OF).components.response;
    expect(component.source).toBe(source);
    expect(component.raw).toBe(raw);
  });

  it('leaves out a pending event until its elapsed hours exceed 336, then counts them', () => {
    expect(countedResponseHours([pending(336)], AS_OF, P)).toEqual([]);
    expect(countedResponseHours([pending(340)], AS_OF, P)).toEqual([340]);
    const score = scorePartner(evidence({ events: [delivered(10), delivered(20), pending(400)] }), P, AS_OF).components
      .response;
    expect(score).toMatchObject({ source: 'measured', raw: 20, count: 3 });
    const notYet = scorePartner(
      evidence({ events: [delivered(10), delivered(20), pending(100)], declaredResponseHours: 30 }),
      P,
      AS_OF,
    ).components.response;
    expect(notYet).toMatchObject({ source: 'declared', raw: 30 });
  });

  it.each([
    [24, 100],
    [10, 100],
    [180, 50],
    [336, 0],
    [500, 0],
  ])('%d h scores %d (clamped to 0–100)', (hours, expected) => {
    expect(scorePartner(evidence({ declaredResponseHours: hours }), P, AS_OF).components.response.score).toBeCloseTo(
      expected,
      10,
    );
  });
});

describe('administrative steps and quality', () => {
  it.each([
    [0, 100],
    [2, 100],
    [6, 50],
    [10, 0],
    [14, 0],
  ])('%d steps score %d', (steps, expected) => {
    expect(scorePartner(evidence({ adminSteps: steps }), P, AS_OF).components.adminSteps.score).toBe(expected);
  });

  it('counts only reviews whose period ended in the 730 days before', () => {
    const inside = scorePartner(evidence({ reviews: [review(1, 729), review(5, 731)] }), P, AS_OF).components.quality;
    expect(inside).toMatchObject({ raw: 1, count: 1, score: 0 });
    expect(scorePartner(evidence({ reviews: [review(5, 731)] }), P, AS_OF).components.quality.source).toBe('missing');
  });
});

describe('missing components and completeness', () => {
  it('renormalizes weights over the components present', () => {
    const score = scorePartner(evidence({ staffCount: 5, adminSteps: null }), P, AS_OF);
    expect(score.completeness).toBeCloseTo(0.3, 12);
    expect(score.overall).toBe(100);
    expect(score.components.size.contribution).toBe(100);
    expect(score.components.response).toMatchObject({ score: null, contribution: null, source: 'missing' });
  });

  it('is insufficient just below 0.6 and sufficient at 0.6', () => {
    // size 0.3 + admin steps 0.2 = 0.5 → insufficient
    expect(scorePartner(evidence({ staffCount: 5, adminSteps: 2 }), P, AS_OF).recommendation).toBe('insufficient_data');
    // size 0.3 + response 0.3 = 0.6 → enough
    const atThreshold = scorePartner(
      evidence({ staffCount: 5, adminSteps: null, declaredResponseHours: 24 }),
      P,
      AS_OF,
    );
    expect(atThreshold.completeness).toBeCloseTo(0.6, 12);
    expect(atThreshold.recommendation).toBe('keep_priority');
    const custom: MethodologyParameters = { ...P, recommendation: { ...P.recommendation, minCompleteness: 0.5000001 } };
    expect(scorePartner(evidence({ staffCount: 5, adminSteps: 2 }), custom, AS_OF).recommendation).toBe(
      'insufficient_data',
    );
  });
});

describe('recommendation rules, first that applies', () => {
  const full = { events: [delivered(24), delivered(24), delivered(24)], reviews: [review(5)] };
  it.each<[string, Partial<PartnerEvidence>, string]>([
    ['open red flag blocks, whatever the score', { ...full, openRedFlag: true }, 'blocked'],
    ['small with overall ≥ 70 → keep_priority', { ...full, staffCount: 12, adminSteps: 2 }, 'keep_priority'],
    [
      'small with overall ≥ 50 and < 70 → keep',
      { staffCount: 40, adminSteps: 6, declaredResponseHours: 200, reviews: [review(3)] },
      'keep',
    ],
    [
      'small with overall < 50 → standard_review',
      { staffCount: 40, adminSteps: 10, declaredResponseHours: 336, reviews: [review(1)] },
      'standard_review',
    ],
    ['not small, however good → standard_review', { ...full, staffCount: 250, adminSteps: 2 }, 'standard_review'],
  ])('%s', (_label, overrides, expected) => {
    expect(scorePartner(evidence(overrides), P, AS_OF).recommendation).toBe(expected);
  });

  it('keep starts exactly at 50 and keep_priority exactly at 70', () => {
    // micro (100) with response 0 and quality 0 and steps 50 … tune with weights to hit the threshold.
    const p: MethodologyParameters = { ...P, weights: { size: 0.5, response: 0.5, adminSteps: 0, quality: 0 } };
    expect(scorePartner(evidence({ staffCount: 3, declaredResponseHours: 336 }), p, AS_OF)).toMatchObject({
      overall: 50,
      recommendation: 'keep',
    });
    const p70: MethodologyParameters = { ...P, weights: { size: 0.7, response: 0.3, adminSteps: 0, quality: 0 } };
    expect(scorePartner(evidence({ staffCount: 3, declaredResponseHours: 336 }), p70, AS_OF).overall).toBeCloseTo(
      70,
      10,
    );
  });

  it('agile means agility ≥ 60', () => {
    const agile = scorePartner(evidence({ adminSteps: 10, declaredResponseHours: 24 }), P, AS_OF);
    expect(agile.agility).toBeCloseTo(60, 10);
    expect(agile.isAgile).toBe(true);
    const slow = scorePartner(evidence({ adminSteps: 10, declaredResponseHours: 30 }), P, AS_OF);
    expect(slow.isAgile).toBe(false);
  });
});
