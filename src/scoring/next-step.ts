// The smallest change in a partner's evidence that would move its recommendation up a category,
// found by scoring the partner again with that change. Pure.
import type { MethodologyParameters } from './methodology.js';
import { type PartnerEvidence, type Recommendation, scorePartner } from './score.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Higher is better; blocked and insufficient data sit below every recommendation with a score. */
const STANDING: Record<Recommendation, number> = {
  blocked: 0,
  insufficient_data: 1,
  standard_review: 2,
  keep: 3,
  keep_priority: 4,
};

export type NextStep =
  | { kind: 'top' }
  | { kind: 'notSmall' }
  | { kind: 'resolveRedFlag'; to: Recommendation }
  | { kind: 'review'; rating: number; to: Recommendation }
  | { kind: 'events'; count: number; hours: number; to: Recommendation }
  | { kind: 'steps'; steps: number; declared: boolean; to: Recommendation }
  | { kind: 'declareResponse'; hours: number; to: Recommendation }
  | { kind: 'none' };

/** The largest whole number in [low, high] for which `works` holds, when it holds at `low` and fails above some point. */
function largestWorking(low: number, high: number, works: (value: number) => boolean): number | null {
  if (!works(low)) return null;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (works(mid)) low = mid;
    else high = mid - 1;
  }
  return low;
}

export function nextStep(evidence: PartnerEvidence, p: MethodologyParameters, asOf: number): NextStep {
  const now = scorePartner(evidence, p, asOf);
  const current = STANDING[now.recommendation];
  const better = (changed: PartnerEvidence) => {
    const to = scorePartner(changed, p, asOf).recommendation;
    return STANDING[to] > current ? to : null;
  };
  if (now.recommendation === 'keep_priority') return { kind: 'top' };
  if (now.openRedFlag) {
    const to = scorePartner({ ...evidence, openRedFlag: false }, p, asOf).recommendation;
    return { kind: 'resolveRedFlag', to };
  }
  if (!now.isSmall && now.recommendation === 'standard_review') return { kind: 'notSmall' };

  // Each change in the order of the effort it takes: one review, one more response, steps, a declaration, more responses.
  for (let rating = 1; rating <= 5; rating++) {
    const to = better({ ...evidence, reviews: [...evidence.reviews, { periodEnd: asOf - DAY_MS, rating }] });
    if (to) return { kind: 'review', rating, to };
  }
  const withEvents = (count: number, hours: number): PartnerEvidence => ({
    ...evidence,
    events: [
      ...evidence.events,
      ...Array.from({ length: count }, () => ({ requestedAt: asOf - DAY_MS, responseHours: hours })),
    ],
  });
  const eventsStep = (count: number): NextStep | null => {
    const hours = largestWorking(0, Math.ceil(p.response.worstHours), (h) => better(withEvents(count, h)) !== null);
    if (hours === null) return null;
    const to = better(withEvents(count, hours));
    return to === null ? null : { kind: 'events', count, hours, to };
  };
  const oneEvent = eventsStep(1);
  if (oneEvent) return oneEvent;

  const stepsNow = evidence.adminSteps;
  const withSteps = (steps: number): PartnerEvidence => ({ ...evidence, adminSteps: steps });
  const stepsCeiling = stepsNow === null ? Math.ceil(p.adminSteps.worst) : stepsNow - 1;
  if (stepsCeiling >= 0) {
    const steps = largestWorking(0, stepsCeiling, (s) => better(withSteps(s)) !== null);
    const to = steps === null ? null : better(withSteps(steps));
    if (steps !== null && to) return { kind: 'steps', steps, declared: stepsNow === null, to };
  }
  if (evidence.declaredResponseHours === null) {
    const withDeclared = (hours: number): PartnerEvidence => ({ ...evidence, declaredResponseHours: hours });
    const hours = largestWorking(0, Math.ceil(p.response.worstHours), (h) => better(withDeclared(h)) !== null);
    const to = hours === null ? null : better(withDeclared(hours));
    if (hours !== null && to) return { kind: 'declareResponse', hours, to };
  }
  for (let count = 2; count <= p.response.minEvents; count++) {
    const step = eventsStep(count);
    if (step) return step;
  }
  return { kind: 'none' };
}
