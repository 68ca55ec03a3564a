// Data functions for methodologies, the evidence behind scores, and stored scores.
import { type Expression, type Selectable, type SqlBool, sql } from 'kysely';
import type { MethodologiesTable } from '../database/schema.js';
import type { Executor, Trx } from '../database/executor.js';
import { partnersWorkingIn } from '../partners/repository.js';
import type { SizeClass } from '../partners/size-class.js';
import { startOfEcuadorDay } from '../shared/dates.js';
import { SCORES_REVISION, bumpRevision } from '../shared/revisions.js';
import {
  type Methodology,
  type MethodologyParameters,
  type MethodologyStatus,
  withEvidenceRules,
} from './methodology.js';
import type { PartnerEvidence, PartnerScore, Recommendation } from './score.js';
import { type StoredScore, toStoredScore } from './stored-score.js';

const DAY_MS = 24 * 60 * 60 * 1000;

function toMethodology(row: Selectable<MethodologiesTable>): Methodology {
  return {
    ...row,
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
  trx: Trx,
  name: string,
  parameters: MethodologyParameters,
  createdBy: string,
): Promise<Methodology> {
  const latest = await trx
    .selectFrom('methodologies')
    .select((eb) => eb.fn.max<number | null>('version').as('v'))
    .executeTakeFirstOrThrow();
  const { id } = await trx
    .insertInto('methodologies')
    .values({
      version: (latest.v ?? 0) + 1,
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

export async function activate(trx: Trx, id: number, activatedBy: string, rationale: string): Promise<void> {
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
  const scoped = (column: Expression<number>) =>
    'ids' in partners
      ? sql<SqlBool>`${column} in (${sql.join(partners.ids)})`
      : sql<SqlBool>`${column} >= ${partners.fromId} and ${column} <= ${partners.toId}`;
  const eventsFrom = new Date(asOf - windows.eventWindowDays * DAY_MS).toISOString();
  const reviewsFrom = new Date(asOf - windows.reviewWindowDays * DAY_MS - DAY_MS).toISOString().slice(0, 10);

  const [profiles, events, reviews, redFlags] = await Promise.all([
    db
      .selectFrom('partners')
      .select(['id', 'staffCount', 'adminSteps', 'declaredResponseHours', 'status'])
      .where(scoped(sql.ref('id')))
      .execute(),
    db
      .selectFrom('responseEvents')
      .select(['partnerId', 'requestedAt', 'responseHours'])
      .where(scoped(sql.ref('partnerId')))
      .where('requestedAt', '>=', eventsFrom)
      .execute(),
    db
      .selectFrom('performanceReviews')
      .select(['partnerId', 'periodEnd', 'rating'])
      .where(scoped(sql.ref('partnerId')))
      .where('periodEnd', '>=', reviewsFrom)
      .execute(),
    db
      .selectFrom('flags')
      .select('partnerId')
      .where(scoped(sql.ref('partnerId')))
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
    .select((eb) => eb.fn.countAll().over().as('matchCount'))
    .orderBy('partnerScores.overall', (ob) => ob.desc().nullsLast())
    .orderBy('partners.nameKey')
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize)
    .execute();
  const [first] = rows;
  const total = first
    ? Number(first.matchCount)
    : Number((await filtered.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  return { data: rows.map((row) => ({ ...toStoredScore(row), name: row.name, acronym: row.acronym })), total };
}

/** The lowest and highest partner id (of active partners only, if asked), for reading every partner in batches. */
export async function partnerIdBounds(
  db: Executor,
  { activeOnly }: { activeOnly: boolean },
): Promise<{ low: number; high: number } | null> {
  let query = db
    .selectFrom('partners')
    .select((eb) => [eb.fn.min<number | null>('id').as('low'), eb.fn.max<number | null>('id').as('high')]);
  if (activeOnly) query = query.where('status', '=', 'active');
  const { low, high } = await query.executeTakeFirstOrThrow();
  return low === null || high === null ? null : { low, high };
}

/** Active partners' names by id (the methodology preview names the partners it moves). */
export async function activePartnerNames(db: Executor): Promise<Map<number, string>> {
  const rows = await db.selectFrom('partners').select(['id', 'name']).where('status', '=', 'active').execute();
  return new Map(rows.map((p) => [p.id, p.name]));
}

export interface PartnerArea {
  territoryId?: number | undefined;
  assistanceTypeId?: number | undefined;
}

/** Active partners working in an area, counted by recommendation and size class of their stored score. */
export async function scoreDistribution(
  db: Executor,
  area: PartnerArea,
): Promise<{ recommendation: string; sizeClass: string; count: number }[]> {
  const rows = await db
    .selectFrom('partnerScores')
    .where('partnerScores.partnerId', 'in', partnersWorkingIn(db, area).where('partners.status', '=', 'active'))
    .select((eb) => ['recommendation', 'sizeClass', eb.fn.countAll().as('count')])
    .groupBy(['recommendation', 'sizeClass'])
    .execute();
  return rows.map((r) => ({ ...r, count: Number(r.count) }));
}

export interface TopPartner {
  territoryId: number;
  id: number;
  name: string;
  staffCount: number;
  overall: number | null;
  agility: number | null;
  place: number;
}

/** The best-scored small agile active partners registered in each territory of an area (standard SQL window). */
export async function topSmallAgileByTerritory(
  db: Executor,
  area: PartnerArea,
  perTerritory: number,
): Promise<Map<number, TopPartner[]>> {
  let base = db
    .selectFrom('partnerScores')
    .innerJoin('partnerTerritories', 'partnerTerritories.partnerId', 'partnerScores.partnerId')
    .innerJoin('partners', 'partners.id', 'partnerScores.partnerId')
    .where('partnerScores.isSmallAgile', '=', 1)
    .where('partners.status', '=', 'active');
  if (area.territoryId !== undefined) base = base.where('partnerTerritories.territoryId', '=', area.territoryId);
  if (area.assistanceTypeId !== undefined) {
    const id = area.assistanceTypeId;
    base = base.where('partners.id', 'in', (eb) =>
      eb.selectFrom('partnerAssistanceTypes').select('partnerId').where('assistanceTypeId', '=', id),
    );
  }
  const ranked = base.select([
    'partnerTerritories.territoryId',
    'partners.id',
    'partners.name',
    'partners.staffCount',
    'partnerScores.overall',
    'partnerScores.agility',
    sql<number>`row_number() over (partition by ${sql.ref('partnerTerritories.territoryId')} order by ${sql.ref('partnerScores.overall')} desc, ${sql.ref('partners.nameKey')})`.as(
      'place',
    ),
  ]);
  const rows = await db
    .selectFrom(ranked.as('ranked'))
    .selectAll()
    .where('place', '<=', perTerritory)
    .orderBy('territoryId')
    .orderBy('place')
    .execute();
  const byTerritory = new Map<number, TopPartner[]>();
  for (const row of rows) byTerritory.set(row.territoryId, [...(byTerritory.get(row.territoryId) ?? []), row]);
  return byTerritory;
}
