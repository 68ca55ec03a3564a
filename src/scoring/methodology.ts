// A scoring methodology: every number the score depends on. The first migration stores
// PRODUCT.md's "BPI_GN default" (version 1) with exactly these values. Pure.
import type { SizeClass } from '../partners/size-class.js';

export interface MethodologyParameters {
  sizeBands: { smallMin: number; mediumMin: number; largeMin: number };
  sizeScores: Record<SizeClass, number>;
  smallClasses: SizeClass[];
  response: { bestHours: number; worstHours: number; windowDays: number; minEvents: number };
  adminSteps: { best: number; worst: number };
  quality: { windowDays: number };
  agilityWeights: { response: number; adminSteps: number };
  weights: { size: number; response: number; adminSteps: number; quality: number };
  agileThreshold: number;
  recommendation: { minCompleteness: number; keepPriorityMin: number; keepMin: number };
}

export const DEFAULT_PARAMETERS: MethodologyParameters = {
  sizeBands: { smallMin: 10, mediumMin: 50, largeMin: 200 },
  sizeScores: { micro: 100, small: 80, medium: 30, large: 0 },
  smallClasses: ['micro', 'small'],
  response: { bestHours: 24, worstHours: 336, windowDays: 365, minEvents: 3 },
  adminSteps: { best: 2, worst: 10 },
  quality: { windowDays: 730 },
  agilityWeights: { response: 0.6, adminSteps: 0.4 },
  weights: { size: 0.3, response: 0.3, adminSteps: 0.2, quality: 0.2 },
  agileThreshold: 60,
  recommendation: { minCompleteness: 0.6, keepPriorityMin: 70, keepMin: 50 },
};

export const COMPONENTS = ['size', 'response', 'adminSteps', 'quality'] as const;
export type Component = (typeof COMPONENTS)[number];

/** The same methodology with other component weights (used by the sensitivity analysis). */
export function withWeights(parameters: MethodologyParameters, weights: MethodologyParameters['weights']): MethodologyParameters {
  return { ...parameters, weights };
}
