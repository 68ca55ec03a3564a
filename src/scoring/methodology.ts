// A scoring methodology: every number the score depends on. The first migration stores
// PRODUCT.md's "BPI_GN default" (version 1); a later one adds "BPI_GN — evidence first" (version 2),
// which keeps every v1 parameter and adds the four of `evidence`. Pure.
import {
  COPCI_SIZE_BANDS,
  DEFAULT_SMALL_CLASSES,
  SIZE_CLASSES,
  type SizeBands,
  type SizeClass,
  staffRangeOf,
} from '../partners/size-class.js';

/** Version 2's rules that make measured evidence beat declarations. */
export interface EvidenceRules {
  /** With some events but fewer than the minimum, blend their median with the declared time. */
  blendDeclared: boolean;
  /** The highest response score a declaration alone can earn (100 = no cap). */
  declaredScoreCap: number;
  /** What a missing component contributes to the overall score; null renormalizes over the present ones (v1). */
  neutralScore: number | null;
  /** keep_priority only for partners with measured response times or a review in the window. */
  priorityNeedsVerified: boolean;
}

export interface MethodologyParameters {
  sizeBands: SizeBands;
  sizeScores: Record<SizeClass, number>;
  smallClasses: SizeClass[];
  response: { bestHours: number; worstHours: number; windowDays: number; minEvents: number };
  adminSteps: { best: number; worst: number };
  quality: { windowDays: number };
  agilityWeights: { response: number; adminSteps: number };
  weights: { size: number; response: number; adminSteps: number; quality: number };
  agileThreshold: number;
  recommendation: { minCompleteness: number; keepPriorityMin: number; keepMin: number };
  evidence: EvidenceRules;
}

export type MethodologyStatus = 'draft' | 'active' | 'retired';

/** A stored methodology version: its parameters, and who made and activated it, when and why. */
export interface Methodology {
  id: number;
  version: number;
  name: string;
  status: MethodologyStatus;
  parameters: MethodologyParameters;
  rationale: string | null;
  createdBy: string;
  createdAt: string;
  activatedBy: string | null;
  activatedAt: string | null;
}

/** Version 1 had none of the evidence rules: these values make a v1 methodology score exactly as before. */
export const V1_EVIDENCE_RULES: EvidenceRules = {
  blendDeclared: false,
  declaredScoreCap: 100,
  neutralScore: null,
  priorityNeedsVerified: false,
};
export const V2_EVIDENCE_RULES: EvidenceRules = {
  blendDeclared: true,
  declaredScoreCap: 60,
  neutralScore: 50,
  priorityNeedsVerified: true,
};

/** PRODUCT.md's "BPI_GN default": the legal COPCI bands, micro and small partners counting as small. */
export const V1_PARAMETERS: MethodologyParameters = {
  sizeBands: { ...COPCI_SIZE_BANDS },
  sizeScores: { micro: 100, small: 80, medium: 30, large: 0 },
  smallClasses: [...DEFAULT_SMALL_CLASSES],
  response: { bestHours: 24, worstHours: 336, windowDays: 365, minEvents: 3 },
  adminSteps: { best: 2, worst: 10 },
  quality: { windowDays: 730 },
  agilityWeights: { response: 0.6, adminSteps: 0.4 },
  weights: { size: 0.3, response: 0.3, adminSteps: 0.2, quality: 0.2 },
  agileThreshold: 60,
  recommendation: { minCompleteness: 0.6, keepPriorityMin: 70, keepMin: 50 },
  evidence: V1_EVIDENCE_RULES,
};

/** "BPI_GN — evidence first" (version 2): what a new database activates. */
export const DEFAULT_PARAMETERS: MethodologyParameters = { ...V1_PARAMETERS, evidence: V2_EVIDENCE_RULES };

/** Stored parameters as the app reads them: a version saved before the evidence rules scores as v1 did. */
export function withEvidenceRules(
  stored: Omit<MethodologyParameters, 'evidence'> & { evidence?: EvidenceRules },
): MethodologyParameters {
  return { ...stored, evidence: stored.evidence ?? V1_EVIDENCE_RULES };
}

/** Whether a methodology puts measured evidence before declarations (any of version 2's rules on). */
export function putsEvidenceFirst(parameters: MethodologyParameters): boolean {
  const e = parameters.evidence;
  return e.blendDeclared || e.declaredScoreCap < 100 || e.neutralScore !== null || e.priorityNeedsVerified;
}

export const COMPONENTS = ['size', 'response', 'adminSteps', 'quality'] as const;
export type Component = (typeof COMPONENTS)[number];

/** The same methodology with other component weights (used by the sensitivity analysis). */
export function withWeights(
  parameters: MethodologyParameters,
  weights: MethodologyParameters['weights'],
): MethodologyParameters {
  return { ...parameters, weights };
}

/** The response time (hours) whose score equals `score` on the methodology's linear scale (its inverse). */
export function hoursForResponseScore(
  parameters: { response: Pick<MethodologyParameters['response'], 'bestHours' | 'worstHours'> },
  score: number,
): number {
  const { bestHours, worstHours } = parameters.response;
  return worstHours - (score / 100) * (worstHours - bestHours);
}

/** The size bands a page's figures use, as the page states them: each class's headcount range and the small classes. */
export interface SizeBandsInUse {
  methodologyVersion: number;
  ranges: Record<SizeClass, { min: number; max: number | null }>;
  smallClasses: readonly SizeClass[];
}

export function sizeBandsInUse(methodology: Pick<Methodology, 'version' | 'parameters'>): SizeBandsInUse {
  const { sizeBands, smallClasses } = methodology.parameters;
  return {
    methodologyVersion: methodology.version,
    ranges: Object.fromEntries(SIZE_CLASSES.map((c) => [c, staffRangeOf(c, sizeBands)])) as SizeBandsInUse['ranges'],
    smallClasses,
  };
}
