// "What would change the recommendation": the smallest change, computed by rescoring.
import { describe, expect, it } from 'vitest';
import { DEFAULT_PARAMETERS as V2 } from '../../src/scoring/methodology.js';
import { nextStep } from '../../src/scoring/next-step.js';
import { type PartnerEvidence, scorePartner } from '../../src/scoring/score.js';

const AS_OF = Date.parse('2026-11-24T12:00:00Z');
const DAY = 24 * 3600_000;
const delivered = (hours: number) => ({ requestedAt: AS_OF - 10 * DAY, responseHours: hours });
const review = (rating: number) => ({ periodEnd: AS_OF - 30 * DAY, rating });
const evidence = (overrides: Partial<PartnerEvidence> = {}): PartnerEvidence => ({
  staffCount: 12,
  adminSteps: 4,
  declaredResponseHours: null,
  events: [],
  reviews: [],
  openRedFlag: false,
  ...overrides,
});

describe('the next step up', () => {
  it.each<[string, Partial<PartnerEvidence>, object]>([
    [
      'already keep_priority',
      { events: [delivered(24), delivered(24), delivered(24)], reviews: [review(5)] },
      { kind: 'top' },
    ],
    [
      'a large partner cannot be kept',
      { staffCount: 300, events: [delivered(24), delivered(24), delivered(24)] },
      { kind: 'notSmall' },
    ],
    [
      'blocked by a red flag',
      { openRedFlag: true, events: [delivered(24), delivered(24), delivered(24)], reviews: [review(5)] },
      { kind: 'resolveRedFlag', to: 'keep_priority' },
    ],
    // Declared 18 h, 4 steps: 24 + 18 + 15 + 10 = 67 (keep); one review rated 3 (50) keeps 67, rated 4 (75) gives 72 and verifies.
    ['one review of 4 or more', { declaredResponseHours: 18 }, { kind: 'review', rating: 4, to: 'keep_priority' }],
    // Declared 250 h and 6 steps, three reviews of 1: 47.3; one response blends the declaration down.
    [
      'one more fast response',
      { adminSteps: 6, declaredResponseHours: 250, reviews: [review(1), review(1), review(1)] },
      { kind: 'events', count: 1, hours: 8, to: 'keep' },
    ],
    [
      'fewer administrative steps',
      { adminSteps: 8, declaredResponseHours: 200, reviews: [review(1), review(1), review(1)] },
      { kind: 'steps', steps: 4, declared: false, to: 'keep' },
    ],
    // Size and quality only: completeness 0.5 is insufficient; declaring any number of steps makes it 0.7.
    [
      'declaring administrative steps',
      { adminSteps: null, reviews: [review(1)] },
      { kind: 'steps', steps: 10, declared: true, to: 'standard_review' },
    ],
    [
      'two more responses',
      { adminSteps: 8, declaredResponseHours: 300, reviews: Array.from({ length: 8 }, () => review(1)) },
      { kind: 'events', count: 2, to: 'keep' },
    ],
    // Kept already; priority needs 70 and no single change adds the 13 points missing.
    [
      'no single change',
      { adminSteps: 4, declaredResponseHours: 150, reviews: [review(1), review(1), review(1)] },
      { kind: 'none' },
    ],
  ])('%s', (_label, overrides, expected) => {
    expect(nextStep(evidence(overrides), V2, AS_OF)).toMatchObject(expected);
  });

  it('finds the slowest response that would still do, and it does', () => {
    const slow = evidence({ adminSteps: 6, declaredResponseHours: 250, reviews: [review(1), review(1), review(1)] });
    const step = nextStep(slow, V2, AS_OF);
    expect(step.kind).toBe('events');
    if (step.kind !== 'events') return;
    const withIt = (hours: number) => scorePartner({ ...slow, events: [delivered(hours)] }, V2, AS_OF).recommendation;
    expect(withIt(step.hours)).toBe('keep');
    expect(withIt(step.hours + 1)).toBe('standard_review');
  });
});
