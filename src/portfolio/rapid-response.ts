// The rapid-response finder: who can respond fastest in a territory, for an assistance type.
import type { Db } from '../database/connect.js';
import { activeMethodology } from '../scoring/service.js';
import { median } from '../scoring/score.js';
import { type EvidenceLevel, evidenceLevel, evidenceRank } from '../scoring/evidence-level.js';
import { ecuadorToday } from '../shared/dates.js';
import * as repo from './repository.js';
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

/** The response hours and people assisted of the local events, by partner. */
function localFigures(events: { partnerId: number; responseHours: number | null; peopleAssisted: number | null }[]) {
  const hours = new Map<number, number[]>();
  const people = new Map<number, number[]>();
  for (const e of events) {
    if (e.responseHours !== null) hours.set(e.partnerId, [...(hours.get(e.partnerId) ?? []), e.responseHours]);
    if (e.peopleAssisted !== null) people.set(e.partnerId, [...(people.get(e.partnerId) ?? []), e.peopleAssisted]);
  }
  return { hours, people };
}

interface Ranked {
  candidate: { name: string; openRedFlag: number };
  expected: { hours: number | null };
  level: EvidenceLevel;
  maxPeopleInOneEvent: number | null;
}

/** The responders sorted by compareResponders. */
function inFinderOrder<R extends Ranked>(ranked: R[], peopleToReach: number | null): R[] {
  const rankInput = (r: R) => ({
    name: r.candidate.name,
    openRedFlag: r.candidate.openRedFlag === 1,
    expectedHours: r.expected.hours,
    evidenceRank: evidenceRank(r.level),
    maxPeopleInOneEvent: r.maxPeopleInOneEvent,
  });
  return ranked.sort((a, b) => compareResponders(rankInput(a), rankInput(b), peopleToReach));
}

/** At most `limit` partners in the order of compareResponders; `total` counts every partner operating there. */
export async function findResponders(
  db: Db,
  query: FinderQuery,
  limit = FINDER_LIMIT,
): Promise<{ data: FinderResult[]; total: number; gap: boolean }> {
  const peopleToReach = query.people ?? null;
  const methodology = await activeMethodology(db);
  const windowStart = new Date(Date.now() - methodology.parameters.response.windowDays * DAY_MS).toISOString();
  const candidates = await repo.responderCandidates(db, query);
  if (candidates.length === 0) return { data: [], total: 0, gap: true };

  const [localEvents, portfolio, openFlags, maxPeople] = await Promise.all([
    repo.eventsInArea(db, query, windowStart),
    repo.partnersInPortfolioOn(db, query.territoryId, ecuadorToday()),
    repo.openFlagCounts(db),
    // Every candidate's events, anywhere and at any time: read only when people to reach were asked for.
    peopleToReach === null
      ? new Map<number, number | null>()
      : repo.largestEventPeople(
          db,
          candidates.map((c) => c.id),
        ),
  ]);
  const { hours, people } = localFigures(localEvents);
  const inPortfolio = new Set(portfolio);
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
  const shown = inFinderOrder(ranked, peopleToReach).slice(0, limit);
  const contacts = await repo.partnerContacts(
    db,
    shown.map((r) => r.candidate.id),
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
