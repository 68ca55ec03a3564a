// A stored score as people and clients read it: the one-sentence reason, and the API's JSON.
import type { formatters, Translate } from '../i18n/index.js';
import type { MethodologyParameters } from './methodology.js';
import type { Standing } from './ranking.js';
import type { StoredScore } from './repository.js';

type Formatters = ReturnType<typeof formatters>;

/** Why the recommendation is what it is, in one sentence ("Small partner (12 staff) with …"). */
export function reasonFor(score: StoredScore, parameters: MethodologyParameters, t: Translate, fmt: Formatters): string {
  if (score.recommendation === 'blocked') return t('reason.blocked');
  const { response, adminSteps, quality, size } = score.components;
  const missing = (['response', 'adminSteps', 'quality'] as const).filter((c) => score.components[c].score === null).map((c) => t(`component.${c}`).toLowerCase());
  if (score.recommendation === 'insufficient_data') {
    return t('reason.insufficient', { completeness: fmt.ratio(score.completeness), min: fmt.ratio(parameters.recommendation.minCompleteness), missing: fmt.list(missing) });
  }
  const evidence = [
    response.source === 'measured'
      ? t('reason.responseMeasured', { hours: fmt.decimal(response.raw!), count: response.count })
      : response.source === 'declared'
        ? t('reason.responseDeclared', { hours: fmt.decimal(response.raw!) })
        : t('reason.responseMissing'),
    adminSteps.raw !== null ? t('reason.steps', { steps: adminSteps.raw }) : t('reason.stepsMissing'),
    quality.raw !== null ? t('reason.quality', { rating: fmt.decimal(quality.raw), count: quality.count }) : t('reason.qualityMissing'),
  ];
  const who = score.isSmall ? t('reason.small', { staff: size.raw! }) : t('reason.notSmall', { size: t(`reason.sizeAdjective.${score.sizeClass}`), staff: size.raw! });
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
export function scoreJson(score: StoredScore, standing: Standing, reason: string) {
  const component = (c: keyof StoredScore['components']) => {
    const { raw, source, count, score: value, weight, contribution } = score.components[c];
    return { raw, source, count, score: value, weight, contribution };
  };
  return {
    partnerId: score.partnerId,
    methodologyVersion: score.methodologyVersion,
    scoredAt: score.scoredAt,
    sizeClass: score.sizeClass,
    isSmall: score.isSmall,
    components: { size: component('size'), response: component('response'), adminSteps: component('adminSteps'), quality: component('quality') },
    agility: score.agility,
    overall: score.overall,
    completeness: score.completeness,
    rank: standing.rank,
    recommendation: score.recommendation,
    isSmallAgile: score.isSmallAgile,
    reason,
    sensitivity: { rankMin: standing.rankMin, rankMax: standing.rankMax, recommendationStable: standing.recommendationStable },
  };
}
