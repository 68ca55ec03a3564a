// PRODUCT.md's scoring, to the letter (version 1, and version 2's evidence rules when the methodology
// turns them on). Pure: the evidence and the scoring date come in, the score and every intermediate
// value go out. Values are unrounded; views round to one decimal.
import { isSmallClass, type SizeClass, sizeClassOf } from '../partners/size-class.js';
import { COMPONENTS, type Component, type MethodologyParameters } from './methodology.js';

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

export interface EventEvidence {
  requestedAt: number; // epoch ms
  /** Hours from request to first assistance; null while pending. */
  responseHours: number | null;
}

export interface ReviewEvidence {
  periodEnd: number; // epoch ms of the day the period ended
  rating: number;
}

export interface PartnerEvidence {
  staffCount: number;
  adminSteps: number | null;
  declaredResponseHours: number | null;
  events: EventEvidence[];
  reviews: ReviewEvidence[];
  openRedFlag: boolean;
}

export type ComponentSource = 'measured' | 'blended' | 'declared' | 'reviews' | 'profile' | 'missing';

export interface ComponentScore {
  raw: number | null;
  source: ComponentSource;
  /** Events (response) or reviews (quality) the raw value comes from. */
  count: number;
  /** Null when the component is missing (it may still contribute the neutral score). */
  score: number | null;
  weight: number;
  contribution: number | null;
  /** Response only: the declared hours, when the raw value uses them (declared or blended). */
  declared?: number | null;
  /** Response only: the median of the events, when the raw value uses them (measured or blended). */
  measuredMedian?: number | null;
  /** Response only: the score before a declaration's cap, when the cap lowered it. */
  uncapped?: number | null;
}

export const RECOMMENDATIONS = ['blocked', 'insufficient_data', 'keep_priority', 'keep', 'standard_review'] as const;
export type Recommendation = (typeof RECOMMENDATIONS)[number];

export interface PartnerScore {
  sizeClass: SizeClass;
  isSmall: boolean;
  components: Record<Component, ComponentScore>;
  agility: number | null;
  overall: number | null;
  completeness: number;
  recommendation: Recommendation;
  isAgile: boolean;
  isSmallAgile: boolean;
  openRedFlag: boolean;
  /** Measured response times or a review in the window (version 2's condition for keep_priority). */
  verified: boolean;
}

export function clamp(value: number, min = 0, max = 100): number {
  return Math.min(max, Math.max(min, value));
}

/** The median of numbers already in ascending order (the mean of the middle two for an even count); null for none. */
export function sortedMedian(sorted: ArrayLike<number>): number | null {
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle];
  if (upper === undefined) return null;
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] ?? upper) + upper) / 2;
}

export function median(values: number[]): number {
  const middle = sortedMedian([...values].sort((a, b) => a - b));
  if (middle === null) throw new Error('median of nothing');
  return middle;
}

/** Linear score: 100 at `best` or better, 0 at `worst` or worse. */
function linear(value: number, best: number, worst: number): number {
  return clamp((100 * (worst - value)) / (worst - best));
}

/**
 * Hours counted for the response median: events requested in the window; a pending event counts
 * with its elapsed hours once they exceed the worst response time, and is left out before that.
 */
export function countedResponseHours(
  events: EventEvidence[],
  asOf: number,
  parameters: MethodologyParameters,
): number[] {
  const from = asOf - parameters.response.windowDays * DAY_MS;
  const hours: number[] = [];
  for (const event of events) {
    if (event.requestedAt < from || event.requestedAt > asOf) continue;
    if (event.responseHours !== null) hours.push(event.responseHours);
    else {
      const elapsed = (asOf - event.requestedAt) / HOUR_MS;
      if (elapsed > parameters.response.worstHours) hours.push(elapsed);
    }
  }
  return hours;
}

function responseComponent(
  evidence: PartnerEvidence,
  asOf: number,
  p: MethodologyParameters,
): Omit<ComponentScore, 'weight' | 'contribution'> {
  const hours = countedResponseHours(evidence.events, asOf, p);
  const score = (h: number) => linear(h, p.response.bestHours, p.response.worstHours);
  const n = hours.length;
  const declared = evidence.declaredResponseHours;
  const min = p.response.minEvents;
  if (n >= min) {
    const measured = median(hours);
    return { raw: measured, source: 'measured', count: n, score: score(measured), measuredMedian: measured };
  }
  if (p.evidence.blendDeclared && n > 0 && declared !== null) {
    // Each event stands for 1/min of the evidence; the declaration fills the rest.
    const measured = median(hours);
    const blended = (n * measured + (min - n) * declared) / min;
    return { raw: blended, source: 'blended', count: n, score: score(blended), declared, measuredMedian: measured };
  }
  if (declared !== null) {
    const uncapped = score(declared);
    const capped = Math.min(uncapped, p.evidence.declaredScoreCap);
    return {
      raw: declared,
      source: 'declared',
      count: n,
      score: capped,
      declared,
      uncapped: capped < uncapped ? uncapped : null,
    };
  }
  return { raw: null, source: 'missing', count: n, score: null };
}

function qualityComponent(
  evidence: PartnerEvidence,
  asOf: number,
  p: MethodologyParameters,
): Omit<ComponentScore, 'weight' | 'contribution'> {
  const from = asOf - p.quality.windowDays * DAY_MS;
  const ratings = evidence.reviews.filter((r) => r.periodEnd > from && r.periodEnd <= asOf).map((r) => r.rating);
  if (ratings.length === 0) return { raw: null, source: 'missing', count: 0, score: null };
  const mean = ratings.reduce((sum, r) => sum + r, 0) / ratings.length;
  return { raw: mean, source: 'reviews', count: ratings.length, score: ((mean - 1) / 4) * 100 };
}

/** Weighted mean over the components present; null when none is. */
function weightedMean(entries: { score: number | null; weight: number }[]): number | null {
  let sum = 0;
  let weights = 0;
  for (const { score, weight } of entries) {
    if (score === null) continue;
    sum += weight * score;
    weights += weight;
  }
  return weights > 0 ? sum / weights : null;
}

export function recommend(
  s: { openRedFlag: boolean; completeness: number; isSmall: boolean; overall: number | null; verified: boolean },
  p: MethodologyParameters,
): Recommendation {
  if (s.openRedFlag) return 'blocked';
  if (s.completeness < p.recommendation.minCompleteness - 1e-12) return 'insufficient_data';
  const priorityAllowed = s.verified || !p.evidence.priorityNeedsVerified;
  if (s.isSmall && s.overall !== null && s.overall >= p.recommendation.keepPriorityMin && priorityAllowed)
    return 'keep_priority';
  if (s.isSmall && s.overall !== null && s.overall >= p.recommendation.keepMin) return 'keep';
  return 'standard_review';
}

/**
 * Overall score and contributions. Version 1 renormalizes over the present components; version 2
 * (a neutral score) counts a missing component as neutral and keeps every weight.
 */
export function overallOf(
  scores: Record<Component, number | null>,
  p: MethodologyParameters,
): { overall: number | null; contributions: Record<Component, number | null> } {
  const neutral = p.evidence.neutralScore;
  if (neutral !== null) {
    const contributions = Object.fromEntries(
      COMPONENTS.map((c) => [c, p.weights[c] * (scores[c] ?? neutral)]),
    ) as Record<Component, number>;
    return { overall: COMPONENTS.reduce((sum, c) => sum + contributions[c], 0), contributions };
  }
  const present = COMPONENTS.reduce((sum, c) => sum + (scores[c] === null ? 0 : p.weights[c]), 0);
  const contributions = Object.fromEntries(
    COMPONENTS.map((c) => [c, scores[c] === null || present === 0 ? null : (p.weights[c] * scores[c]) / present]),
  ) as Record<Component, number | null>;
  return { overall: weightedMean(COMPONENTS.map((c) => ({ score: scores[c], weight: p.weights[c] }))), contributions };
}

export function scorePartner(evidence: PartnerEvidence, parameters: MethodologyParameters, asOf: number): PartnerScore {
  const p = parameters;
  const sizeClass = sizeClassOf(evidence.staffCount, p.sizeBands);
  const isSmall = isSmallClass(sizeClass, p.smallClasses);
  const parts: Record<Component, Omit<ComponentScore, 'weight' | 'contribution'>> = {
    size: { raw: evidence.staffCount, source: 'profile', count: 0, score: p.sizeScores[sizeClass] },
    response: responseComponent(evidence, asOf, p),
    adminSteps:
      evidence.adminSteps === null
        ? { raw: null, source: 'missing', count: 0, score: null }
        : {
            raw: evidence.adminSteps,
            source: 'declared',
            count: 0,
            score: linear(evidence.adminSteps, p.adminSteps.best, p.adminSteps.worst),
          },
    quality: qualityComponent(evidence, asOf, p),
  };

  const completeness = COMPONENTS.reduce((sum, c) => sum + (parts[c].score === null ? 0 : p.weights[c]), 0);
  const scores = Object.fromEntries(COMPONENTS.map((c) => [c, parts[c].score])) as Record<Component, number | null>;
  const { overall, contributions } = overallOf(scores, p);
  const components = Object.fromEntries(
    COMPONENTS.map((c) => [c, { ...parts[c], weight: p.weights[c], contribution: contributions[c] }]),
  ) as Record<Component, ComponentScore>;
  const agility = weightedMean([
    { score: parts.response.score, weight: p.agilityWeights.response },
    { score: parts.adminSteps.score, weight: p.agilityWeights.adminSteps },
  ]);
  const isAgile = agility !== null && agility >= p.agileThreshold;
  const verified = parts.response.source === 'measured' || parts.quality.count > 0;
  return {
    sizeClass,
    isSmall,
    components,
    agility,
    overall,
    completeness,
    recommendation: recommend({ openRedFlag: evidence.openRedFlag, completeness, isSmall, overall, verified }, p),
    isAgile,
    isSmallAgile: isSmall && isAgile,
    openRedFlag: evidence.openRedFlag,
    verified,
  };
}
