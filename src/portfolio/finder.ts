// The rapid-response finder: who can respond fastest in a territory, for an assistance type.
import type { Db } from '../database/connect.js';
import { activeMethodology } from '../scoring/repository.js';
import { median } from '../scoring/score.js';
import { type EvidenceLevel, evidenceLevel, evidenceRank } from '../scoring/evidence-level.js';
import { ecuadorToday } from '../shared/dates.js';
import { type ExpectedBasis, compareResponders, expectedResponse, reachedTarget } from './rules.js';

const DAY_MS = 24 * 60 * 60 * 1000;
export const FINDER_LIMIT = 50;

export interface FinderResult {
  partnerId: number;
  name: string;
  expectedResponseHours: number | null;
  basis: ExpectedBasis | null;
  evidenceLevel: EvidenceLevel;
  sizeClass: string;
  isSmallAgile: boolean;
  agility: number | null;
  recommendation: string;
  inPortfolio: boolean;
  openFlags: number;
  openRedFlag: boolean;
  typicalPeople: number | null;
  /** The most people the partner assisted in one response event, anywhere and ever. */
  maxPeopleInOneEvent: number | null;
  /** Whether that reaches the people to reach; null when none were given. */
  reachedTarget: boolean | null;
  contactName: string | null;
  contactEmail: string | null;
  contactPhone: string | null;
}

export interface FinderQuery {
  territoryId: number;
  assistanceTypeId: number;
  people?: number | undefined;
}

/** At most `limit` partners in the order of compareResponders; `total` counts every partner operating there. */
export async function findResponders(
  db: Db,
  query: FinderQuery,
  limit = FINDER_LIMIT,
): Promise<{ data: FinderResult[]; total: number; gap: boolean }> {
  const { territoryId, assistanceTypeId } = query;
  const peopleToReach = query.people ?? null;
  const methodology = await activeMethodology(db);
  const today = ecuadorToday();
  const windowStart = new Date(Date.now() - methodology.parameters.response.windowDays * DAY_MS).toISOString();
  const candidates = await db
    .selectFrom('partners')
    .innerJoin('partnerScores', 'partnerScores.partnerId', 'partners.id')
    .where('partners.status', '=', 'active')
    .where('partners.id', 'in', (eb) =>
      eb.selectFrom('partnerTerritories').select('partnerId').where('territoryId', '=', territoryId),
    )
    .where('partners.id', 'in', (eb) =>
      eb.selectFrom('partnerAssistanceTypes').select('partnerId').where('assistanceTypeId', '=', assistanceTypeId),
    )
    .select([
      'partners.id',
      'partners.name',
      'partners.declaredResponseHours',
      'partnerScores.sizeClass',
      'partnerScores.isSmallAgile',
      'partnerScores.agility',
      'partnerScores.recommendation',
      'partnerScores.responseRaw',
      'partnerScores.responseSource',
      'partnerScores.openRedFlag',
    ])
    .execute();
  if (candidates.length === 0) return { data: [], total: 0, gap: true };

  const [localEvents, portfolio, flags, largestEvents] = await Promise.all([
    db
      .selectFrom('responseEvents')
      .select(['partnerId', 'responseHours', 'peopleAssisted'])
      .where('territoryId', '=', territoryId)
      .where('assistanceTypeId', '=', assistanceTypeId)
      .where('requestedAt', '>=', windowStart)
      .execute(),
    db
      .selectFrom('agreements')
      .select('partnerId')
      .distinct()
      .where('status', '=', 'active')
      .where('endDate', '>=', today)
      .where('startDate', '<=', today)
      .where('partnerId', 'in', (eb) =>
        eb.selectFrom('partnerTerritories').select('partnerId').where('territoryId', '=', territoryId),
      )
      .execute(),
    db
      .selectFrom('flags')
      .select((eb) => ['partnerId', eb.fn.countAll<number>().as('open')])
      .where('status', '=', 'open')
      .groupBy('partnerId')
      .execute(),
    // Every candidate's events, anywhere and at any time: read only when people to reach were asked for.
    peopleToReach === null
      ? Promise.resolve([] as { partnerId: number; people: number | null }[])
      : db
          .selectFrom('responseEvents')
          .select((eb) => ['partnerId', eb.fn.max<number | null>('peopleAssisted').as('people')])
          .where(
            'partnerId',
            'in',
            candidates.map((c) => c.id),
          )
          .groupBy('partnerId')
          .execute(),
  ]);
  const hours = new Map<number, number[]>();
  const people = new Map<number, number[]>();
  for (const e of localEvents) {
    if (e.responseHours !== null) hours.set(e.partnerId, [...(hours.get(e.partnerId) ?? []), e.responseHours]);
    if (e.peopleAssisted !== null) people.set(e.partnerId, [...(people.get(e.partnerId) ?? []), e.peopleAssisted]);
  }
  const inPortfolio = new Set(portfolio.map((p) => p.partnerId));
  const openFlags = new Map(flags.map((f) => [f.partnerId, Number(f.open)]));
  const maxPeople = new Map(largestEvents.map((e) => [e.partnerId, e.people === null ? null : Number(e.people)]));

  const ranked = candidates.map((c) => {
    const expected = expectedResponse(
      hours.get(c.id) ?? [],
      {
        measured: c.responseSource === 'measured' ? c.responseRaw : null,
        blended: c.responseSource === 'blended' ? c.responseRaw : null,
        declared: c.declaredResponseHours,
      },
      methodology.parameters.response.minEvents,
      median,
    );
    const level = evidenceLevel(c.responseSource);
    return { candidate: c, expected, level, maxPeopleInOneEvent: maxPeople.get(c.id) ?? null };
  });
  const rankInput = (r: (typeof ranked)[number]) => ({
    name: r.candidate.name,
    openRedFlag: r.candidate.openRedFlag === 1,
    expectedHours: r.expected.hours,
    evidenceRank: evidenceRank(r.level),
    maxPeopleInOneEvent: r.maxPeopleInOneEvent,
  });
  ranked.sort((a, b) => compareResponders(rankInput(a), rankInput(b), peopleToReach));
  const shown = ranked.slice(0, limit);
  const contacts = new Map(
    shown.length === 0
      ? []
      : (
          await db
            .selectFrom('partners')
            .select(['id', 'contactName', 'contactEmail', 'contactPhone'])
            .where(
              'id',
              'in',
              shown.map((r) => r.candidate.id),
            )
            .execute()
        ).map((p) => [p.id, p]),
  );
  const data = shown.map(({ candidate: c, expected, level, maxPeopleInOneEvent }): FinderResult => {
    const served = people.get(c.id);
    const contact = contacts.get(c.id);
    return {
      partnerId: c.id,
      name: c.name,
      expectedResponseHours: expected.hours,
      basis: expected.basis,
      evidenceLevel: level,
      sizeClass: c.sizeClass,
      isSmallAgile: c.isSmallAgile === 1,
      agility: c.agility,
      recommendation: c.recommendation,
      inPortfolio: inPortfolio.has(c.id),
      openFlags: openFlags.get(c.id) ?? 0,
      openRedFlag: c.openRedFlag === 1,
      typicalPeople: served ? median(served) : null,
      maxPeopleInOneEvent,
      reachedTarget: reachedTarget(maxPeopleInOneEvent, peopleToReach),
      contactName: contact?.contactName ?? null,
      contactEmail: contact?.contactEmail ?? null,
      contactPhone: contact?.contactPhone ?? null,
    };
  });
  return { data, total: candidates.length, gap: !candidates.some((c) => c.isSmallAgile === 1) };
}
