// Scoring use cases: keep stored scores current, rank, explain, and try a new methodology safely.
import type { Actor } from '../audit/actor.js';
import { recordAudit } from '../audit/repository.js';
import type { Db } from '../database/connect.js';
import type { Trx } from '../database/executor.js';
import { sha256 } from '../auth/secrets.js';
import { cachedUntilChange } from '../shared/derived-cache.js';
import { ConflictError, NotFoundError, ValidationError } from '../shared/errors.js';
import type { Translate, formatters } from '../i18n/index.js';
import { reasonFor, receiptNotes } from './explain.js';
import { type Component, type MethodologyParameters, putsEvidenceFirst } from './methodology.js';
import { type RankingInput, type Standing, standings } from './ranking.js';
import { type NextStep, nextStep } from './next-step.js';
import * as repo from './repository.js';
import { type PartnerScore, type Recommendation, scorePartner } from './score.js';
import { SCORES_REVISION } from '../shared/revisions.js';

const RESCORE_BATCH = 5000;
const KEEP: Recommendation[] = ['keep', 'keep_priority'];

function windowsOf(...methodologies: MethodologyParameters[]) {
  return {
    eventWindowDays: Math.max(...methodologies.map((p) => p.response.windowDays)),
    reviewWindowDays: Math.max(...methodologies.map((p) => p.quality.windowDays)),
  };
}

/** Rescores some partners under the active methodology; call it inside the transaction of the change. */
export async function rescorePartners(trx: Trx, partnerIds: number[], asOf = new Date()): Promise<void> {
  if (partnerIds.length === 0) return;
  const methodology = await repo.activeMethodology(trx);
  const evidence = await repo.loadEvidence(trx, { ids: partnerIds }, asOf.getTime(), windowsOf(methodology.parameters));
  const scores = evidence.map((e) => ({
    partnerId: e.partnerId,
    score: scorePartner(e, methodology.parameters, asOf.getTime()),
  }));
  await repo.saveScores(trx, methodology.version, asOf.toISOString(), scores);
}

/**
 * A partner's score under the active methodology from its evidence as the executor sees it, without
 * saving it; pages that preview a change call it inside a transaction they roll back.
 */
export async function scoreFromEvidence(db: Db, partnerId: number, asOf = new Date()): Promise<PartnerScore | null> {
  const methodology = await repo.activeMethodology(db);
  const [evidence] = await repo.loadEvidence(
    db,
    { ids: [partnerId] },
    asOf.getTime(),
    windowsOf(methodology.parameters),
  );
  return evidence ? scorePartner(evidence, methodology.parameters, asOf.getTime()) : null;
}

/** Scores every partner under a methodology, a batch of partners at a time. */
async function scoreEveryone(
  db: Db,
  parameters: MethodologyParameters,
  asOf: number,
  each: (batch: { partnerId: number; status: string; score: PartnerScore }[]) => Promise<void>,
) {
  const bounds = await db
    .selectFrom('partners')
    .select((eb) => [eb.fn.min('id').as('low'), eb.fn.max('id').as('high')])
    .executeTakeFirstOrThrow();
  if (bounds.low === null || bounds.high === null) return;
  for (let from = Number(bounds.low); from <= Number(bounds.high); from += RESCORE_BATCH) {
    const evidence = await repo.loadEvidence(
      db,
      { fromId: from, toId: from + RESCORE_BATCH - 1 },
      asOf,
      windowsOf(parameters),
    );
    await each(
      evidence.map((e) => ({ partnerId: e.partnerId, status: e.status, score: scorePartner(e, parameters, asOf) })),
    );
  }
}

/** Rescores everyone in one transaction (`npm run scores:recompute`, start-up, a new methodology). */
export async function rescoreAll(db: Db, asOf = new Date()): Promise<{ partners: number }> {
  return db.transaction().execute(async (trx) => {
    const methodology = await repo.activeMethodology(trx);
    let partners = 0;
    await scoreEveryone(trx, methodology.parameters, asOf.getTime(), async (batch) => {
      await repo.saveScores(trx, methodology.version, asOf.toISOString(), batch);
      partners += batch.length;
    });
    return { partners };
  });
}

function rankingInputOf(row: Awaited<ReturnType<typeof repo.rankingInputs>>[number]): RankingInput {
  return {
    partnerId: row.partnerId,
    scores: {
      size: row.sizeScore,
      response: row.responseScore,
      adminSteps: row.adminStepsScore,
      quality: row.qualityScore,
    } as Record<Component, number | null>,
    isSmall: row.isSmall === 1,
    openRedFlag: row.openRedFlag === 1,
    verified: row.verified === 1,
  };
}

/**
 * Ranks and sensitivity depend on every active partner's score, so they are derived on read from
 * the stored scores and kept until any score changes. Activating a methodology rescores everyone,
 * which moves the scores revision too.
 */
export function currentStandings(db: Db): Promise<Map<number, Standing>> {
  return cachedUntilChange(db, 'standings', [SCORES_REVISION], async () => {
    const [rows, methodology] = await Promise.all([repo.rankingInputs(db), repo.activeMethodology(db)]);
    return standings(rows.map(rankingInputOf), methodology.parameters);
  });
}

export const UNRANKED: Standing = { rank: null, rankMin: null, rankMax: null, recommendationStable: true };

/** A partner's stored score, the methodology it was read under, its standing, and the smallest change that would move its recommendation up. */
export async function getScore(db: Db, partnerId: number, asOf = new Date()) {
  const score = await repo.findScore(db, partnerId);
  if (!score) throw new NotFoundError('score');
  const [standings, methodology] = await Promise.all([currentStandings(db), repo.activeMethodology(db)]);
  const [evidence] = await repo.loadEvidence(
    db,
    { ids: [partnerId] },
    asOf.getTime(),
    windowsOf(methodology.parameters),
  );
  return {
    score,
    methodology,
    standing: standings.get(partnerId) ?? UNRANKED,
    next: evidence ? nextStep(evidence, methodology.parameters, asOf.getTime()) : ({ kind: 'none' } as NextStep),
  };
}

export interface PreviewChange {
  partnerId: number;
  from: Recommendation;
  to: Recommendation;
  rankFrom: number | null;
  rankTo: number | null;
  isSmall: boolean;
}

export interface MethodologyPreview {
  recommendationChanges: PreviewChange[];
  largestRankMoves: PreviewChange[];
  smallEnteringKeep: number;
  smallLeavingKeep: number;
  partnersScored: number;
}

/** What a draft would change against the active methodology, without writing anything. */
export async function previewMethodology(
  db: Db,
  draft: MethodologyParameters,
  asOf = new Date(),
): Promise<MethodologyPreview> {
  const active = await repo.activeMethodology(db);
  const current = new Map<number, { recommendation: Recommendation; isSmall: boolean; input: RankingInput }>();
  const next = new Map<number, { recommendation: Recommendation; isSmall: boolean; input: RankingInput }>();
  const toInput = (partnerId: number, score: PartnerScore): RankingInput => ({
    partnerId,
    scores: Object.fromEntries(Object.entries(score.components).map(([c, v]) => [c, v.score])) as Record<
      Component,
      number | null
    >,
    isSmall: score.isSmall,
    openRedFlag: score.openRedFlag,
    verified: score.verified,
  });
  const both = windowsOf(active.parameters, draft);
  const bounds = await db
    .selectFrom('partners')
    .select((eb) => [eb.fn.min('id').as('low'), eb.fn.max('id').as('high')])
    .where('status', '=', 'active')
    .executeTakeFirstOrThrow();
  if (bounds.low !== null && bounds.high !== null) {
    for (let from = Number(bounds.low); from <= Number(bounds.high); from += RESCORE_BATCH) {
      const evidence = await repo.loadEvidence(
        db,
        { fromId: from, toId: from + RESCORE_BATCH - 1 },
        asOf.getTime(),
        both,
      );
      for (const e of evidence) {
        if (e.status !== 'active') continue;
        const before = scorePartner(e, active.parameters, asOf.getTime());
        const after = scorePartner(e, draft, asOf.getTime());
        current.set(e.partnerId, {
          recommendation: before.recommendation,
          isSmall: before.isSmall,
          input: toInput(e.partnerId, before),
        });
        next.set(e.partnerId, {
          recommendation: after.recommendation,
          isSmall: after.isSmall,
          input: toInput(e.partnerId, after),
        });
      }
    }
  }
  const noPerturbation: never[] = [];
  const ranksBefore = standings(
    [...current.values()].map((c) => c.input),
    active.parameters,
    noPerturbation,
  );
  const ranksAfter = standings(
    [...next.values()].map((c) => c.input),
    draft,
    noPerturbation,
  );
  const changes: PreviewChange[] = [...current.entries()].map(([partnerId, before]) => ({
    partnerId,
    from: before.recommendation,
    to: next.get(partnerId)!.recommendation,
    rankFrom: ranksBefore.get(partnerId)?.rank ?? null,
    rankTo: ranksAfter.get(partnerId)?.rank ?? null,
    isSmall: before.isSmall || next.get(partnerId)!.isSmall,
  }));
  const move = (c: PreviewChange) => (c.rankFrom === null || c.rankTo === null ? 0 : Math.abs(c.rankFrom - c.rankTo));
  return {
    recommendationChanges: changes.filter((c) => c.from !== c.to),
    largestRankMoves: changes
      .filter((c) => move(c) > 0)
      .sort((a, b) => move(b) - move(a))
      .slice(0, 10),
    smallEnteringKeep: [...next.entries()].filter(
      ([id, after]) =>
        after.isSmall &&
        KEEP.includes(after.recommendation) &&
        !(current.get(id)!.isSmall && KEEP.includes(current.get(id)!.recommendation)),
    ).length,
    smallLeavingKeep: [...current.entries()].filter(
      ([id, before]) =>
        before.isSmall &&
        KEEP.includes(before.recommendation) &&
        !(next.get(id)!.isSmall && KEEP.includes(next.get(id)!.recommendation)),
    ).length,
    partnersScored: current.size,
  };
}

/** Saves the draft (creating it from the active version when there is none). */
export async function saveDraft(db: Db, actor: Actor, name: string, parameters: MethodologyParameters) {
  return db.transaction().execute(async (trx) => {
    const draft = await repo.findMethodology(trx, 'draft');
    if (draft) await repo.updateDraft(trx, draft.id, name, parameters);
    const saved = draft ? { ...draft, name, parameters } : await repo.insertDraft(trx, name, parameters, actor.label);
    await recordAudit(trx, actor, {
      action: draft ? 'update' : 'create',
      entity: 'methodology',
      entityId: saved.version,
      details: { name },
    });
    return saved;
  });
}

export async function discardDraft(db: Db, actor: Actor): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const draft = await repo.findMethodology(trx, 'draft');
    if (!draft) return;
    await repo.deleteDraft(trx, draft.id);
    await recordAudit(trx, actor, { action: 'discard', entity: 'methodology', entityId: draft.version });
  });
}

/** Identifies the exact parameters a preview was made with, so only what was previewed is activated. */
export function draftStamp(draft: repo.Methodology): string {
  return sha256(`${draft.version}:${JSON.stringify(draft.parameters)}`);
}

/** A draft saved again after the preview the user activated from. */
export class DraftChangedError extends ConflictError {
  constructor() {
    super('stale_version', [{ path: 'rationale', message: 'validation.draftChanged' }]);
  }
}

/** Activates the previewed draft, with who and why, and rescores everyone in the same transaction. */
export async function activateDraft(
  db: Db,
  actor: Actor,
  rationale: string,
  previewed: string,
  asOf = new Date(),
): Promise<repo.Methodology> {
  if (rationale.trim().length < 10) throw new ValidationError([{ path: 'rationale', message: 'validation.rationale' }]);
  return db.transaction().execute(async (trx) => {
    const draft = await repo.findMethodology(trx, 'draft');
    if (!draft) throw new NotFoundError('methodology');
    if (draftStamp(draft) !== previewed) throw new DraftChangedError();
    const previous = await repo.activeMethodology(trx);
    await repo.activate(trx, draft.id, actor.label, rationale.trim());
    await scoreEveryone(trx, draft.parameters, asOf.getTime(), (batch) =>
      repo.saveScores(trx, draft.version, asOf.toISOString(), batch),
    );
    await recordAudit(trx, actor, {
      action: 'activate',
      entity: 'methodology',
      entityId: draft.version,
      details: { rationale: rationale.trim(), previousVersion: previous.version },
    });
    return await repo.activeMethodology(trx);
  });
}

/**
 * The draft to point procurement at while the active version still lets declarations outrank
 * measured evidence (a database that was scoring under version 1 receives version 2 as a draft).
 */
export async function evidenceFirstDraft(db: Db): Promise<repo.Methodology | null> {
  const [active, draft] = await Promise.all([repo.activeMethodology(db), repo.findMethodology(db, 'draft')]);
  return draft && !putsEvidenceFirst(active.parameters) && putsEvidenceFirst(draft.parameters) ? draft : null;
}

export { activeMethodology, findMethodology, listMethodologies } from './repository.js';

export async function listScores(db: Db, query: repo.ScoreListQuery) {
  const [{ data, total }, ranks] = await Promise.all([repo.listScores(db, query), currentStandings(db)]);
  return { data: data.map((score) => ({ score, standing: ranks.get(score.partnerId) ?? UNRANKED })), total };
}

/** A partner's score as its profile shows it: with the one-sentence reason and the receipt's notes. */
export async function explainedScore(db: Db, partnerId: number, t: Translate, fmt: ReturnType<typeof formatters>) {
  const scored = await getScore(db, partnerId);
  const { parameters } = scored.methodology;
  return {
    ...scored,
    reason: reasonFor(scored.score, parameters, t, fmt),
    notes: receiptNotes(scored.score, scored.standing, scored.next, parameters, t, fmt),
  };
}
