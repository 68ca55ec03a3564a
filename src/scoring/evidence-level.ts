// How much of a partner's response time rests on measured events (methodology version 2). Pure.

export const EVIDENCE_LEVELS = ['measured', 'partly_measured', 'declared_only', 'none'] as const;
export type EvidenceLevel = (typeof EVIDENCE_LEVELS)[number];

/** The response component's source (a ComponentSource as stored) as people read it: measured, partly measured, declared only, none. */
export function evidenceLevel(responseSource: string | null): EvidenceLevel {
  switch (responseSource) {
    case 'measured':
      return 'measured';
    case 'blended':
      return 'partly_measured';
    case 'declared':
      return 'declared_only';
    default:
      return 'none';
  }
}

/** Sort key: measured evidence first (0), declared only and none last. */
export function evidenceRank(level: EvidenceLevel): number {
  return EVIDENCE_LEVELS.indexOf(level);
}
