// Scoring use cases: keep stored scores current, rank, explain, and try a new methodology safely.
import type { Actor } from '../audit/actor.js';
import { recordAudit } from '../audit/repository.js';
import { sha256 } from '../auth/secrets.js';
import type { Db } from '../database/connect.js';
import type { Executor, Trx } from '../database/executor.js';
import { type ExportColumn, inPages } from '../exports/table-export.js';
import { referenceNames } from '../exports/reference-names.js';
import type { Language, Translate, formatters } from '../i18n/index.js';
import { linksOf } from '../partners/repository.js';
import { listAssistanceTypes, listTerritories } from '../reference-data/service.js';
import { cachedUntilChange } from '../shared/derived-cache.js';
import { ConflictError, NotFoundError, ValidationError } from '../shared/errors.js';
import { SCORES_REVISION } from '../shared/revisions.js';
import { type ScoreExportRow, scoreColumns } from './export.js';
import {
  type Component,
  type Methodology,
  type MethodologyParameters,
  putsEvidenceFirst,
  sizeBandsInUse,
} from './methodology.js';
import { reasonFor, receiptNotes } from './explain.js';
import { type NextStep, nextStep } from './next-step.js';
import { type RankingInput, type Standing, standings } from './ranking.js';
import * as repo from './repository.js';
import { type PartnerScore, type Recommendation, scorePartner } from './score.js';
import { lockFor } from '../database/locks.js';

export type { Db };
export { type SizeBandsInUse, sizeBandsInUse } from './methodology.js';

const RESCORE_BATCH = 5000;
const KEEP: Recommendation[] = ['keep', 'keep_priority'];

type EvidenceWindows = Parameters<typeof repo.loadEvidence>[3];

function windowsOf(...methodologies: MethodologyParameters[]): EvidenceWindows {
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
export async function scoreFromEvidence(
  db: Executor,
  partnerId: number,
  asOf = new Date(),
): Promise<PartnerScore | null> {
  const methodology = await repo.activeMethodology(db);
  const [evidence] = await repo.loadEvidence(
    db,
    { ids: [partnerId] },
    asOf.getTime(),
    windowsOf(methodology.parameters),
  );
  return evidence ? scorePartner(evidence, methodology.parameters, asOf.getTime()) : null;
}

/** The evidence of every partner (or every active one), a batch of partners at a time. */
async function eachEvidenceBatch(
  db: Executor,
  { windows, asOf, activeOnly }: { windows: EvidenceWindows; asOf: number; activeOnly: boolean },
  each: (batch: repo.LoadedEvidence[]) => Promise<void> | void,
): Promise<void> {
  const bounds = await repo.partnerIdBounds(db, { activeOnly });
  if (!bounds) return;
  for (let from = bounds.low; from <= bounds.high; from += RESCORE_BATCH) {
    await each(await repo.loadEvidence(db, { fromId: from, toId: from + RESCORE_BATCH - 1 }, asOf, windows));
  }
}

/** Scores every partner under a methodology and saves the scores, in the caller's transaction. */
async function rescoreEveryone(trx: Trx, methodology: Pick<Methodology, 'version' | 'parameters'>, asOf: Date) {
  let partners = 0;
  const at = asOf.getTime();
  await eachEvidenceBatch(
    trx,
    { windows: windowsOf(methodology.parameters), asOf: at, activeOnly: false },
    async (evidence) => {
      const batch = evidence.map((e) => ({
        partnerId: e.partnerId,
        score: scorePartner(e, methodology.parameters, at),
      }));
      await repo.saveScores(trx, methodology.version, asOf.toISOString(), batch);
      partners += batch.length;
    },
  );
  return partners;
}

/** Rescores everyone in one transaction (`npm run scores:recompute`, start-up, a new methodology). */
export async function rescoreAll(db: Db, asOf = new Date()): Promise<{ partners: number }> {
  return db.transaction().execute((trx) => rescoreAllIn(trx, asOf));
}

/** Rescores everyone in the caller's transaction (the daily rescore, which claims its day there too). */
export async function rescoreAllIn(trx: Trx, asOf = new Date()): Promise<{ partners: number }> {
  const methodology = await repo.activeMethodology(trx);
  return { partners: await rescoreEveryone(trx, methodology, asOf) };
}

/** The four component scores of a score, as the ranking reads them. */
function componentScores(components: Record<Component, { score: number | null }>): Record<Component, number | null> {
  return {
    size: components.size.score,
    response: components.response.score,
    adminSteps: components.adminSteps.score,
    quality: components.quality.score,
  };
}

function rankingInputOf(row: Awaited<ReturnType<typeof repo.rankingInputs>>[number]): RankingInput {
  return {
    partnerId: row.partnerId,
    scores: {
      size: row.sizeScore,
      response: row.responseScore,
      adminSteps: row.adminStepsScore,
      quality: row.qualityScore,
    },
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
  const next: NextStep = evidence ? nextStep(evidence, methodology.parameters, asOf.getTime()) : { kind: 'none' };
  return { score, methodology, standing: standings.get(partnerId) ?? UNRANKED, next };
}

/** What the ranking page shows: a page of scores with standings, the active methodology, and the filters' choices. */
export async function rankingPage(db: Db, query: repo.ScoreListQuery) {
  const [{ data, total }, methodology, territories, assistanceTypes, draft] = await Promise.all([
    listScores(db, query),
    repo.activeMethodology(db),
    listTerritories(db),
    listAssistanceTypes(db),
    evidenceFirstDraft(db),
  ]);
  return {
    data,
    total,
    methodology,
    sizeBands: sizeBandsInUse(methodology),
    territories,
    assistanceTypes,
    evidenceFirstDraft: draft,
  };
}

/** The ranking as a file: every matching score, a page at a time, with its place and the partner's areas. */
export async function rankingExport(
  db: Db,
  query: Omit<repo.ScoreListQuery, 'page' | 'pageSize'>,
  language: Language,
): Promise<{ columns: ExportColumn<ScoreExportRow>[]; rows: AsyncIterable<ScoreExportRow> }> {
  const rows = inPages(async (limit, offset) => {
    const { data } = await repo.listScores(db, { ...query, page: offset / limit + 1, pageSize: limit });
    const links = await linksOf(
      db,
      data.map((s) => s.partnerId),
    );
    return data.map((s, i) => ({
      ...s,
      position: offset + i + 1,
      territoryIds: links.territories.get(s.partnerId) ?? [],
      assistanceTypeIds: links.assistanceTypes.get(s.partnerId) ?? [],
    }));
  });
  return { columns: scoreColumns(await referenceNames(db, language)), rows };
}

/** The best-scored small agile partners of each territory (the printed report lists them). */
export function topSmallAgileByTerritory(db: Db, area: repo.PartnerArea, perTerritory: number) {
  return repo.topSmallAgileByTerritory(db, area, perTerritory);
}

/** Active partners in an area by recommendation and size class (the dashboard's distribution). */
export function scoreDistribution(db: Db, area: repo.PartnerArea) {
  return repo.scoreDistribution(db, area);
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

/** One partner's recommendation under a methodology, and what its rank is computed from. */
interface Outcome {
  recommendation: Recommendation;
  isSmall: boolean;
  input: RankingInput;
}

function outcomeOf(partnerId: number, score: PartnerScore): Outcome {
  return {
    recommendation: score.recommendation,
    isSmall: score.isSmall,
    input: {
      partnerId,
      scores: componentScores(score.components),
      isSmall: score.isSmall,
      openRedFlag: score.openRedFlag,
      verified: score.verified,
    },
  };
}

const keptSmall = (outcome: Outcome) => outcome.isSmall && KEEP.includes(outcome.recommendation);

/** What a draft would change against the active methodology, without writing anything. */
export async function previewMethodology(
  db: Db,
  draft: MethodologyParameters,
  asOf = new Date(),
): Promise<MethodologyPreview> {
  const active = await repo.activeMethodology(db);
  const outcomes = new Map<number, { before: Outcome; after: Outcome }>();
  const at = asOf.getTime();
  await eachEvidenceBatch(
    db,
    { windows: windowsOf(active.parameters, draft), asOf: at, activeOnly: true },
    (evidence) => {
      for (const e of evidence) {
        if (e.status !== 'active') continue;
        outcomes.set(e.partnerId, {
          before: outcomeOf(e.partnerId, scorePartner(e, active.parameters, at)),
          after: outcomeOf(e.partnerId, scorePartner(e, draft, at)),
        });
      }
    },
  );
  const noPerturbation: never[] = [];
  const pairs = [...outcomes.values()];
  const ranksBefore = standings(
    pairs.map((p) => p.before.input),
    active.parameters,
    noPerturbation,
  );
  const ranksAfter = standings(
    pairs.map((p) => p.after.input),
    draft,
    noPerturbation,
  );
  const changes: PreviewChange[] = [...outcomes.entries()].map(([partnerId, { before, after }]) => ({
    partnerId,
    from: before.recommendation,
    to: after.recommendation,
    rankFrom: ranksBefore.get(partnerId)?.rank ?? null,
    rankTo: ranksAfter.get(partnerId)?.rank ?? null,
    isSmall: before.isSmall || after.isSmall,
  }));
  const move = (c: PreviewChange) => (c.rankFrom === null || c.rankTo === null ? 0 : Math.abs(c.rankFrom - c.rankTo));
  return {
    recommendationChanges: changes.filter((c) => c.from !== c.to),
    largestRankMoves: changes
      .filter((c) => move(c) > 0)
      .sort((a, b) => move(b) - move(a))
      .slice(0, 10),
    smallEnteringKeep: pairs.filter(({ before, after }) => keptSmall(after) && !keptSmall(before)).length,
    smallLeavingKeep: pairs.filter(({ before, after }) => keptSmall(before) && !keptSmall(after)).length,
    partnersScored: outcomes.size,
  };
}

/** The draft's effect against the active version, with the names of the partners it moves. */
export async function draftPreview(db: Db) {
  const draft = await repo.findMethodology(db, 'draft');
  if (!draft) throw new NotFoundError('methodology');
  const [active, preview, names] = await Promise.all([
    repo.activeMethodology(db),
    previewMethodology(db, draft.parameters),
    repo.activePartnerNames(db),
  ]);
  return { draft, stamp: draftStamp(draft), active, preview, names };
}

/** Saves the draft (creating it from the active version when there is none). */
export async function saveDraft(db: Db, actor: Actor, name: string, parameters: MethodologyParameters) {
  return db.transaction().execute(async (trx) => {
    await lockFor(trx, 'methodology');
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
    await lockFor(trx, 'methodology');
    const draft = await repo.findMethodology(trx, 'draft');
    if (!draft) return;
    await repo.deleteDraft(trx, draft.id);
    await recordAudit(trx, actor, { action: 'discard', entity: 'methodology', entityId: draft.version });
  });
}

/** Identifies the exact parameters a preview was made with, so only what was previewed is activated. */
export function draftStamp(draft: Methodology): string {
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
): Promise<Methodology> {
  if (rationale.trim().length < 10) throw new ValidationError([{ path: 'rationale', message: 'validation.rationale' }]);
  return db.transaction().execute(async (trx) => {
    await lockFor(trx, 'methodology');
    const draft = await repo.findMethodology(trx, 'draft');
    if (!draft) throw new NotFoundError('methodology');
    if (draftStamp(draft) !== previewed) throw new DraftChangedError();
    const previous = await repo.activeMethodology(trx);
    await repo.activate(trx, draft.id, actor.label, rationale.trim());
    await rescoreEveryone(trx, draft, asOf);
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
export async function evidenceFirstDraft(db: Db): Promise<Methodology | null> {
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
