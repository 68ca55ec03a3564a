// Data functions for methodologies, the evidence behind scores, and stored scores.
import type { Kysely, Selectable } from 'kysely';
import type { Database, MethodologiesTable, PartnerScoreRow } from '../database/schema.js';
import type { SizeClass } from '../partners/size-class.js';
import { startOfEcuadorDay } from '../shared/dates.js';
import { SCORES_REVISION, bumpRevision } from '../shared/revisions.js';
import { type MethodologyParameters, withEvidenceRules } from './methodology.js';
import type { ComponentScore, PartnerEvidence, PartnerScore, Recommendation } from './score.js';
import type { Executor, Trx } from '../database/executor.js';

const DAY_MS = 24 * 60 * 60 * 1000;

export type MethodologyStatus = 'draft' | 'active' | 'retired';

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

function toMethodology(row: Selectable<MethodologiesTable>): Methodology {
  return {
    ...row,
    id: Number(row.id),
    status: row.status as MethodologyStatus,
    parameters: withEvidenceRules(JSON.parse(row.parameters) as MethodologyParameters),
  };
}

export async function findMethodology(db: Executor, status: 'active' | 'draft'): Promise<Methodology | undefined> {
  const row = await db
    .selectFrom('methodologies')
    .selectAll()
    .where('status', '=', status)
    .orderBy('version', 'desc')
    .executeTakeFirst();
  return row ? toMethodology(row) : undefined;
}

export async function activeMethodology(db: Executor): Promise<Methodology> {
  const methodology = await findMethodology(db, 'active');
  if (!methodology) throw new Error('no active methodology: the database is not migrated');
  return methodology;
}

export async function listMethodologies(db: Executor): Promise<Methodology[]> {
  const rows = await db.selectFrom('methodologies').selectAll().orderBy('version', 'desc').execute();
  return rows.map(toMethodology);
}

export async function insertDraft(
  trx: Executor,
  name: string,
  parameters: MethodologyParameters,
  createdBy: string,
): Promise<Methodology> {
  const latest = await trx
    .selectFrom('methodologies')
    .select((eb) => eb.fn.max('version').as('v'))
    .executeTakeFirstOrThrow();
  const { id } = await trx
    .insertInto('methodologies')
    .values({
      version: Number(latest.v ?? 0) + 1,
      name,
      status: 'draft',
      parameters: JSON.stringify(parameters),
      createdBy,
      createdAt: new Date().toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return toMethodology(
    await trx.selectFrom('methodologies').selectAll().where('id', '=', id).executeTakeFirstOrThrow(),
  );
}

export async function updateDraft(
  trx: Executor,
  id: number,
  name: string,
  parameters: MethodologyParameters,
): Promise<void> {
  await trx
    .updateTable('methodologies')
    .set({ name, parameters: JSON.stringify(parameters) })
    .where('id', '=', id)
    .where('status', '=', 'draft')
    .execute();
}

export async function deleteDraft(trx: Executor, id: number): Promise<void> {
  await trx.deleteFrom('methodologies').where('id', '=', id).where('status', '=', 'draft').execute();
}

export async function activate(trx: Executor, id: number, activatedBy: string, rationale: string): Promise<void> {
  await trx.updateTable('methodologies').set({ status: 'retired' }).where('status', '=', 'active').execute();
  await trx
    .updateTable('methodologies')
    .set({ status: 'active', activatedBy, activatedAt: new Date().toISOString(), rationale })
    .where('id', '=', id)
    .execute();
}

export interface LoadedEvidence extends PartnerEvidence {
  partnerId: number;
  status: string;
}

/**
 * The evidence of the partners in an id range (or list), as of a date: events requested within
 * `eventWindowDays` before it, reviews whose period ended within `reviewWindowDays`, open red flags.
 */
export async function loadEvidence(
  db: Executor,
  partners: { ids: number[] } | { fromId: number; toId: number },
  asOf: number,
  windows: { eventWindowDays: number; reviewWindowDays: number },
): Promise<LoadedEvidence[]> {
  if ('ids' in partners && partners.ids.length === 0) return [];
  const scope = <Q extends { where: (...args: any[]) => Q }>(query: Q, column: string): Q =>
    'ids' in partners
      ? query.where(column, 'in', partners.ids)
      : query.where(column, '>=', partners.fromId).where(column, '<=', partners.toId);
  const eventsFrom = new Date(asOf - windows.eventWindowDays * DAY_MS).toISOString();
  const reviewsFrom = new Date(asOf - windows.reviewWindowDays * DAY_MS - DAY_MS).toISOString().slice(0, 10);

  const [profiles, events, reviews, redFlags] = await Promise.all([
    scope(
      db.selectFrom('partners').select(['id', 'staffCount', 'adminSteps', 'declaredResponseHours', 'status']),
      'id',
    ).execute(),
    scope(db.selectFrom('responseEvents').select(['partnerId', 'requestedAt', 'responseHours']), 'partnerId')
      .where('requestedAt', '>=', eventsFrom)
      .execute(),
    scope(db.selectFrom('performanceReviews').select(['partnerId', 'periodEnd', 'rating']), 'partnerId')
      .where('periodEnd', '>=', reviewsFrom)
      .execute(),
    scope(db.selectFrom('flags').select('partnerId'), 'partnerId')
      .where('level', '=', 'red')
      .where('status', '=', 'open')
      .execute(),
  ]);

  const byId = new Map<number, LoadedEvidence>(
    profiles.map((p) => [
      p.id,
      {
        partnerId: p.id,
        status: p.status,
        staffCount: p.staffCount,
        adminSteps: p.adminSteps,
        declaredResponseHours: p.declaredResponseHours,
        events: [],
        reviews: [],
        openRedFlag: false,
      },
    ]),
  );
  for (const e of events)
    byId.get(e.partnerId)?.events.push({ requestedAt: Date.parse(e.requestedAt), responseHours: e.responseHours });
  for (const r of reviews)
    byId.get(r.partnerId)?.reviews.push({ periodEnd: Date.parse(startOfEcuadorDay(r.periodEnd)), rating: r.rating });
  for (const f of redFlags) {
    const evidence = byId.get(f.partnerId);
    if (evidence) evidence.openRedFlag = true;
  }
  return [...byId.values()];
}

export async function saveScores(
  trx: Trx,
  methodologyVersion: number,
  scoredAt: string,
  scores: { partnerId: number; score: PartnerScore }[],
): Promise<void> {
  const BATCH = 500;
  for (let start = 0; start < scores.length; start += BATCH) {
    const rows = scores.slice(start, start + BATCH).map(({ partnerId, score }) => ({
      partnerId,
      methodologyVersion,
      scoredAt,
      sizeClass: score.sizeClass,
      isSmall: score.isSmall ? 1 : 0,
      sizeScore: score.components.size.score,
      responseScore: score.components.response.score,
      responseRaw: score.components.response.raw,
      responseSource: score.components.response.source,
      adminStepsScore: score.components.adminSteps.score,
      qualityScore: score.components.quality.score,
      components: JSON.stringify(score.components),
      agility: score.agility,
      overall: score.overall,
      completeness: score.completeness,
      recommendation: score.recommendation,
      isSmallAgile: score.isSmallAgile ? 1 : 0,
      openRedFlag: score.openRedFlag ? 1 : 0,
      verified: score.verified ? 1 : 0,
    }));
    await trx
      .insertInto('partnerScores')
      .values(rows)
      .onConflict((oc) =>
        oc.column('partnerId').doUpdateSet((eb) => ({
          methodologyVersion: eb.ref('excluded.methodologyVersion'),
          scoredAt: eb.ref('excluded.scoredAt'),
          sizeClass: eb.ref('excluded.sizeClass'),
          isSmall: eb.ref('excluded.isSmall'),
          sizeScore: eb.ref('excluded.sizeScore'),
          responseScore: eb.ref('excluded.responseScore'),
          responseRaw: eb.ref('excluded.responseRaw'),
          responseSource: eb.ref('excluded.responseSource'),
          adminStepsScore: eb.ref('excluded.adminStepsScore'),
          qualityScore: eb.ref('excluded.qualityScore'),
          components: eb.ref('excluded.components'),
          agility: eb.ref('excluded.agility'),
          overall: eb.ref('excluded.overall'),
          completeness: eb.ref('excluded.completeness'),
          recommendation: eb.ref('excluded.recommendation'),
          isSmallAgile: eb.ref('excluded.isSmallAgile'),
          openRedFlag: eb.ref('excluded.openRedFlag'),
          verified: eb.ref('excluded.verified'),
        })),
      )
      .execute();
  }
  // Every write to scores changes the revision, so derived rankings know when to recompute.
  await bumpRevision(trx, SCORES_REVISION);
}

export interface StoredScore {
  partnerId: number;
  methodologyVersion: number;
  scoredAt: string;
  sizeClass: SizeClass;
  isSmall: boolean;
  components: Record<'size' | 'response' | 'adminSteps' | 'quality', ComponentScore>;
  agility: number | null;
  overall: number | null;
  completeness: number;
  recommendation: Recommendation;
  isSmallAgile: boolean;
  openRedFlag: boolean;
  verified: boolean;
}

export function toStoredScore(row: PartnerScoreRow): StoredScore {
  return {
    partnerId: row.partnerId,
    methodologyVersion: row.methodologyVersion,
    scoredAt: row.scoredAt,
    sizeClass: row.sizeClass as SizeClass,
    isSmall: row.isSmall === 1,
    components: JSON.parse(row.components) as StoredScore['components'],
    agility: row.agility,
    overall: row.overall,
    completeness: row.completeness,
    recommendation: row.recommendation as Recommendation,
    isSmallAgile: row.isSmallAgile === 1,
    openRedFlag: row.openRedFlag === 1,
    verified: row.verified === 1,
  };
}

export async function findScore(db: Executor, partnerId: number): Promise<StoredScore | undefined> {
  const row = await db.selectFrom('partnerScores').selectAll().where('partnerId', '=', partnerId).executeTakeFirst();
  return row ? toStoredScore(row) : undefined;
}

/** What the ranking needs of every active partner. */
export async function rankingInputs(db: Executor) {
  return db
    .selectFrom('partnerScores')
    .innerJoin('partners', 'partners.id', 'partnerScores.partnerId')
    .select([
      'partnerScores.partnerId',
      'sizeScore',
      'responseScore',
      'adminStepsScore',
      'qualityScore',
      'partnerScores.isSmall',
      'openRedFlag',
      'partnerScores.verified',
    ])
    .where('partners.status', '=', 'active')
    .execute();
}

export interface ScoreListQuery {
  territoryId?: number | undefined;
  assistanceTypeId?: number | undefined;
  sizeClass?: SizeClass | undefined;
  recommendation?: Recommendation | undefined;
  page: number;
  pageSize: number;
}

/** Active partners' scores, best first, with the partner's name. */
export async function listScores(db: Executor, query: ScoreListQuery) {
  let filtered = db
    .selectFrom('partnerScores')
    .innerJoin('partners', 'partners.id', 'partnerScores.partnerId')
    .where('partners.status', '=', 'active');
  if (query.territoryId !== undefined) {
    const territoryId = query.territoryId;
    filtered = filtered.where('partners.id', 'in', (eb) =>
      eb.selectFrom('partnerTerritories').select('partnerId').where('territoryId', '=', territoryId),
    );
  }
  if (query.assistanceTypeId !== undefined) {
    const assistanceTypeId = query.assistanceTypeId;
    filtered = filtered.where('partners.id', 'in', (eb) =>
      eb.selectFrom('partnerAssistanceTypes').select('partnerId').where('assistanceTypeId', '=', assistanceTypeId),
    );
  }
  if (query.sizeClass !== undefined) filtered = filtered.where('partnerScores.sizeClass', '=', query.sizeClass);
  if (query.recommendation !== undefined)
    filtered = filtered.where('partnerScores.recommendation', '=', query.recommendation);
  // Ordering by score reads every match anyway: one pass yields the page and, through a window, the total.
  const rows = await filtered
    .selectAll('partnerScores')
    .select(['partners.name', 'partners.acronym'])
    .select((eb) => eb.fn.countAll<number>().over().as('matchCount'))
    .orderBy('partnerScores.overall', (ob) => ob.desc().nullsLast())
    .orderBy('partners.nameKey')
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize)
    .execute();
  const total =
    rows.length > 0
      ? Number(rows[0]!.matchCount)
      : Number((await filtered.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  return { data: rows.map((row) => ({ ...toStoredScore(row), name: row.name, acronym: row.acronym })), total };
}
