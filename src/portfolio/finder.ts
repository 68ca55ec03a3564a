// The rapid-response finder: who can respond fastest in a territory, for an assistance type.
import type { Db } from '../database/connect.js';
import { activeMethodology } from '../scoring/repository.js';
import { median } from '../scoring/score.js';
import { ecuadorToday } from '../shared/dates.js';
import { type ExpectedBasis, expectedResponse } from './rules.js';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface FinderResult {
  partnerId: number;
  name: string;
  expectedResponseHours: number | null;
  basis: ExpectedBasis | null;
  sizeClass: string;
  isSmallAgile: boolean;
  agility: number | null;
  recommendation: string;
  inPortfolio: boolean;
  openFlags: number;
  openRedFlag: boolean;
  typicalPeople: number | null;
  contactName: string | null;
  contactEmail: string | null;
  contactPhone: string | null;
}

export async function findResponders(db: Db, territoryId: number, assistanceTypeId: number): Promise<{ data: FinderResult[]; gap: boolean }> {
  const methodology = await activeMethodology(db);
  const today = ecuadorToday();
  const windowStart = new Date(Date.now() - methodology.parameters.response.windowDays * DAY_MS).toISOString();
  const candidates = await db
    .selectFrom('partners')
    .innerJoin('partnerScores', 'partnerScores.partnerId', 'partners.id')
    .where('partners.status', '=', 'active')
    .where('partners.id', 'in', (eb) => eb.selectFrom('partnerTerritories').select('partnerId').where('territoryId', '=', territoryId))
    .where('partners.id', 'in', (eb) => eb.selectFrom('partnerAssistanceTypes').select('partnerId').where('assistanceTypeId', '=', assistanceTypeId))
    .select([
      'partners.id',
      'partners.name',
      'partners.declaredResponseHours',
      'partners.contactName',
      'partners.contactEmail',
      'partners.contactPhone',
      'partnerScores.sizeClass',
      'partnerScores.isSmallAgile',
      'partnerScores.agility',
      'partnerScores.recommendation',
      'partnerScores.components',
      'partnerScores.openRedFlag',
    ])
    .execute();
  const ids = candidates.map((c) => c.id);
  if (ids.length === 0) return { data: [], gap: true };

  const [localEvents, portfolio, flags] = await Promise.all([
    db
      .selectFrom('responseEvents')
      .select(['partnerId', 'responseHours', 'peopleAssisted'])
      .where('territoryId', '=', territoryId)
      .where('assistanceTypeId', '=', assistanceTypeId)
      .where('requestedAt', '>=', windowStart)
      .where('partnerId', 'in', ids)
      .execute(),
    db
      .selectFrom('agreements')
      .select('partnerId')
      .distinct()
      .where('status', '=', 'active')
      .where('startDate', '<=', today)
      .where('endDate', '>=', today)
      .where('partnerId', 'in', ids)
      .execute(),
    db.selectFrom('flags').select((eb) => ['partnerId', eb.fn.countAll<number>().as('open')]).where('status', '=', 'open').where('partnerId', 'in', ids).groupBy('partnerId').execute(),
  ]);
  const hours = new Map<number, number[]>();
  const people = new Map<number, number[]>();
  for (const e of localEvents) {
    if (e.responseHours !== null) hours.set(e.partnerId, [...(hours.get(e.partnerId) ?? []), e.responseHours]);
    if (e.peopleAssisted !== null) people.set(e.partnerId, [...(people.get(e.partnerId) ?? []), e.peopleAssisted]);
  }
  const inPortfolio = new Set(portfolio.map((p) => p.partnerId));
  const openFlags = new Map(flags.map((f) => [f.partnerId, Number(f.open)]));

  const data = candidates.map((c): FinderResult => {
    const response = (JSON.parse(c.components) as { response: { raw: number | null; source: string } }).response;
    const expected = expectedResponse(
      hours.get(c.id) ?? [],
      { measured: response.source === 'measured' ? response.raw : null, declared: c.declaredResponseHours },
      methodology.parameters.response.minEvents,
      median,
    );
    const served = people.get(c.id);
    return {
      partnerId: c.id,
      name: c.name,
      expectedResponseHours: expected.hours,
      basis: expected.basis,
      sizeClass: c.sizeClass,
      isSmallAgile: c.isSmallAgile === 1,
      agility: c.agility,
      recommendation: c.recommendation,
      inPortfolio: inPortfolio.has(c.id),
      openFlags: openFlags.get(c.id) ?? 0,
      openRedFlag: c.openRedFlag === 1,
      typicalPeople: served ? median(served) : null,
      contactName: c.contactName,
      contactEmail: c.contactEmail,
      contactPhone: c.contactPhone,
    };
  });
  // Fastest first; partners with an open red flag last; unknown response times after known ones.
  data.sort(
    (a, b) =>
      Number(a.openRedFlag) - Number(b.openRedFlag) ||
      (a.expectedResponseHours ?? Infinity) - (b.expectedResponseHours ?? Infinity) ||
      a.name.localeCompare(b.name),
  );
  return { data, gap: !data.some((d) => d.isSmallAgile) };
}
