// A stored score as people and clients read it: the one-sentence reason, and the API's JSON.
import type { formatters, Translate } from '../i18n/index.js';
import type { Component, MethodologyParameters } from './methodology.js';
import type { NextStep } from './next-step.js';
import type { ComponentScore } from './score.js';
import type { Standing } from './ranking.js';
import type { StoredScore } from './stored-score.js';

type Formatters = ReturnType<typeof formatters>;

/** A value the score's source guarantees (a measured response has its hours); a stored score without it is corrupt. */
function given(value: number | null | undefined, what: string): number {
  if (value === null || value === undefined) throw new Error(`a stored score lacks its ${what}`);
  return value;
}

/** Why the recommendation is what it is, in one sentence ("Small partner (12 staff) with …"). */
export function reasonFor(
  score: StoredScore,
  parameters: MethodologyParameters,
  t: Translate,
  fmt: Formatters,
): string {
  if (score.recommendation === 'blocked') return t('reason.blocked');
  const { response, adminSteps, quality, size } = score.components;
  const missing = (['response', 'adminSteps', 'quality'] as const)
    .filter((c) => score.components[c].score === null)
    .map((c) => t(`component.${c}`).toLowerCase());
  if (score.recommendation === 'insufficient_data') {
    return t('reason.insufficient', {
      completeness: fmt.ratio(score.completeness),
      min: fmt.ratio(parameters.recommendation.minCompleteness),
      missing: fmt.list(missing),
    });
  }
  const evidence = [
    response.source === 'measured'
      ? t('reason.responseMeasured', {
          hours: fmt.decimal(given(response.raw, 'response hours')),
          count: response.count,
        })
      : response.source === 'blended'
        ? t('reason.responseBlended', {
            hours: fmt.decimal(given(response.raw, 'response hours')),
            count: response.count,
          })
        : response.source === 'declared'
          ? t('reason.responseDeclared', { hours: fmt.decimal(given(response.raw, 'response hours')) })
          : t('reason.responseMissing'),
    adminSteps.raw !== null ? t('reason.steps', { steps: adminSteps.raw }) : t('reason.stepsMissing'),
    quality.raw !== null
      ? t('reason.quality', { rating: fmt.decimal(quality.raw), count: quality.count })
      : t('reason.qualityMissing'),
  ];
  const staff = given(size.raw, 'staff count');
  const who = score.isSmall
    ? t('reason.small', { staff })
    : t('reason.notSmall', { size: t(`reason.sizeAdjective.${score.sizeClass}`), staff });
  const overall = fmt.score(score.overall ?? 0);
  const verdict =
    score.recommendation === 'keep_priority'
      ? t('reason.verdict.keepPriority', { overall, threshold: parameters.recommendation.keepPriorityMin })
      : score.recommendation === 'keep'
        ? t('reason.verdict.keep', { overall, threshold: parameters.recommendation.keepMin })
        : score.isSmall
          ? t('reason.verdict.belowKeep', { overall, threshold: parameters.recommendation.keepMin })
          : t('reason.verdict.notSmall', { overall });
  return `${who} ${fmt.list(evidence)}: ${verdict}.`;
}

/** The score as the API answers it; numbers unrounded. */
export function scoreJson(score: StoredScore, standing: Standing, reason: string, next?: NextStep) {
  const component = (c: keyof StoredScore['components']) => {
    const {
      raw,
      source,
      count,
      score: value,
      weight,
      contribution,
      declared,
      measuredMedian,
      uncapped,
    } = score.components[c];
    // The response component says what it was made of (declared and measured parts, the score before a cap).
    const response =
      c === 'response'
        ? { declared: declared ?? null, measuredMedian: measuredMedian ?? null, uncapped: uncapped ?? null }
        : {};
    return { raw, source, count, score: value, weight, contribution, ...response };
  };
  return {
    partnerId: score.partnerId,
    methodologyVersion: score.methodologyVersion,
    scoredAt: score.scoredAt,
    sizeClass: score.sizeClass,
    isSmall: score.isSmall,
    components: {
      size: component('size'),
      response: component('response'),
      adminSteps: component('adminSteps'),
      quality: component('quality'),
    },
    agility: score.agility,
    overall: score.overall,
    completeness: score.completeness,
    rank: standing.rank,
    recommendation: score.recommendation,
    isSmallAgile: score.isSmallAgile,
    verified: score.verified,
    reason,
    ...(next ? { nextStep: next } : {}),
    sensitivity: {
      rankMin: standing.rankMin,
      rankMax: standing.rankMax,
      recommendationStable: standing.recommendationStable,
    },
  };
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** "1/3": the share of `part` in `whole`, reduced. */
function fraction(part: number, whole: number): string {
  const d = gcd(part, whole);
  return `${part / d}/${whole / d}`;
}

export interface ReceiptNotes {
  /** Why each criterion's value comes from where it does. */
  why: Record<Component, string>;
  /** The scale each criterion is scored on. */
  scale: Record<Component, string>;
  agility: string;
  rank: string;
  next: string;
}

/** Where the response time comes from: measured, blended with the declaration, declared (and capped), or missing. */
function whyResponse(
  response: ComponentScore,
  p: MethodologyParameters,
  missing: string,
  t: Translate,
  fmt: Formatters,
): string {
  const window = p.response.windowDays;
  // The events in the window, and how many the methodology asks for.
  const events = { count: response.count, window, min: p.response.minEvents };
  switch (response.source) {
    case 'measured':
      return t('receipt.why.measured', { ...events, hours: fmt.decimal(given(response.raw, 'response hours')) });
    case 'blended':
      return t('receipt.why.blended', {
        ...events,
        declared: fmt.decimal(given(response.declared, 'declared hours')),
        share: fraction(p.response.minEvents - response.count, p.response.minEvents),
        median: fmt.decimal(given(response.measuredMedian, 'median of events')),
      });
    case 'declared': {
      const base = t('receipt.why.declared', { ...events, hours: fmt.decimal(given(response.raw, 'response hours')) });
      if (p.evidence.declaredScoreCap >= 100) return base;
      const capped =
        typeof response.uncapped === 'number'
          ? t('receipt.why.capped', { uncapped: fmt.score(response.uncapped), cap: p.evidence.declaredScoreCap })
          : '';
      return `${base} ${t('receipt.why.cap', { cap: p.evidence.declaredScoreCap })}${capped ? ` ${capped}` : ''}`;
    }
    default:
      return `${t('receipt.why.responseMissing', { count: response.count, window })} ${missing}`;
  }
}

/** The sentences that let a receipt be read without asking: sources, scales, agility, rank, what would change it. */
export function receiptNotes(
  score: StoredScore,
  standing: Standing,
  next: NextStep,
  p: MethodologyParameters,
  t: Translate,
  fmt: Formatters,
): ReceiptNotes {
  const { response, quality, size } = score.components;
  const neutral = p.evidence.neutralScore;
  const missing =
    neutral === null ? t('receipt.why.missingRenormalized') : t('receipt.why.missingNeutral', { neutral });
  const responseWhy = whyResponse(response, p, missing, t, fmt);
  const why: Record<Component, string> = {
    size: t('receipt.why.size', {
      staff: given(size.raw, 'staff count'),
      size: t(`reason.sizeAdjective.${score.sizeClass}`),
    }),
    response: responseWhy,
    adminSteps:
      score.components.adminSteps.raw === null ? `${t('receipt.why.stepsMissing')} ${missing}` : t('receipt.why.steps'),
    quality:
      quality.raw === null
        ? `${t('receipt.why.qualityMissing', { window: p.quality.windowDays })} ${missing}`
        : t('receipt.why.quality', { count: quality.count, window: p.quality.windowDays }),
  };
  const b = p.sizeBands;
  const scale: Record<Component, string> = {
    size: t('receipt.scale.size', {
      micro: p.sizeScores.micro,
      small: p.sizeScores.small,
      medium: p.sizeScores.medium,
      large: p.sizeScores.large,
      microMax: b.smallMin - 1,
      smallMin: b.smallMin,
      smallMax: b.mediumMin - 1,
      mediumMin: b.mediumMin,
      mediumMax: b.largeMin - 1,
      largeMin: b.largeMin,
    }),
    response: t('receipt.scale.response', {
      best: fmt.decimal(p.response.bestHours),
      worst: fmt.decimal(p.response.worstHours),
    }),
    adminSteps: t('receipt.scale.steps', { best: p.adminSteps.best, worst: p.adminSteps.worst }),
    quality: t('receipt.scale.quality'),
  };
  const agility =
    score.agility === null
      ? t('receipt.agilityMissing')
      : score.agility >= p.agileThreshold
        ? t('receipt.agile', { threshold: p.agileThreshold })
        : t('receipt.notAgile', { agility: fmt.score(score.agility), threshold: p.agileThreshold });
  const rank =
    standing.rank === null
      ? t('standing.unranked')
      : standing.rankMin === standing.rankMax
        ? t('receipt.rankFixed', { rank: standing.rank })
        : t('receipt.rankRange', {
            rank: standing.rank,
            min: standing.rankMin ?? standing.rank,
            max: standing.rankMax ?? standing.rank,
          });
  return { why, scale, agility, rank, next: nextStepText(next, t) };
}

export function nextStepText(next: NextStep, t: Translate): string {
  const to = 'to' in next ? t(`recommendation.${next.to}`) : '';
  switch (next.kind) {
    case 'top':
      return t('next.top');
    case 'notSmall':
      return t('next.notSmall');
    case 'resolveRedFlag':
      return t('next.resolveRedFlag', { to });
    case 'review':
      return next.rating === 1 ? t('next.anyReview', { to }) : t('next.review', { rating: next.rating, to });
    case 'events':
      return next.count === 1
        ? t('next.event', { hours: next.hours, to })
        : t('next.events', { count: next.count, hours: next.hours, to });
    case 'steps':
      return next.declared
        ? t('next.declareSteps', { steps: next.steps, to })
        : t('next.reduceSteps', { steps: next.steps, to });
    case 'declareResponse':
      return t('next.declareResponse', { hours: next.hours, to });
    default:
      return t('next.none');
  }
}
