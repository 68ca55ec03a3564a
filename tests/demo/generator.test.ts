import { describe, expect, it } from 'vitest';
import { DEMO_SEED, loadDemoPortfolio, loadDemoPortfolioIfEmpty } from '../../src/demo/load.js';
import { isDemoDataLoaded } from '../../src/demo/marker.js';
import { checkRuc } from '../../src/partners/ruc.js';
import { listPartners } from '../../src/partners/repository.js';
import { freshDatabase } from '../helpers/app.js';

const NOW = new Date('2026-11-24T12:00:00Z');

async function demo(seed = DEMO_SEED, partners = 60) {
  const db = await freshDatabase();
  await loadDemoPortfolio(db, { partners, seed, now: NOW });
  const { data } = await listPartners(db, { sort: 'name', page: 1, pageSize: 200, status: 'all' });
  return { db, data };
}

describe('demo portfolio', () => {
  it('is deterministic: the same seed builds the same partners', async () => {
    const a = await demo();
    const b = await demo();
    expect(a.data.map((p) => [p.name, p.ruc, p.staffCount, p.territoryIds])).toEqual(
      b.data.map((p) => [p.name, p.ruc, p.staffCount, p.territoryIds]),
    );
    const other = await demo(7);
    expect(other.data.map((p) => p.name)).not.toEqual(a.data.map((p) => p.name));
  });

  it('has about 60 partners with valid RUCs, unique names, many small and some large', async () => {
    const { data } = await demo();
    expect(data).toHaveLength(60);
    expect(new Set(data.map((p) => p.name)).size).toBe(60);
    for (const partner of data) if (partner.ruc) expect(checkRuc(partner.ruc).valid, partner.ruc).toBe(true);
    const bySize = (size: string) => data.filter((p) => p.sizeClass === size).length;
    expect(data.filter((p) => p.isSmall).length).toBeGreaterThan(30);
    expect(bySize('large')).toBeGreaterThan(2);
    expect(data.some((p) => p.organizationType === 'international_ngo' && p.sizeClass === 'large')).toBe(true);
  });

  it('spreads partners over all ten territories', async () => {
    const { data } = await demo();
    expect(new Set(data.flatMap((p) => p.territoryIds)).size).toBe(10);
    expect(new Set(data.flatMap((p) => p.assistanceTypeIds)).size).toBeGreaterThan(10);
  });

  it('comes with scored evidence: events (small partners faster, some pending), reviews and one open red flag', async () => {
    const { db } = await demo();
    const events = await db
      .selectFrom('responseEvents')
      .innerJoin('partners', 'partners.id', 'responseEvents.partnerId')
      .select(['staffCount', 'responseHours', 'requestedAt'])
      .execute();
    expect(events.length).toBeGreaterThan(200);
    expect(events.every((e) => Date.parse(e.requestedAt) >= NOW.getTime() - 731 * 86_400_000)).toBe(true);
    expect(events.some((e) => e.responseHours === null)).toBe(true);
    const medianOf = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    const small = medianOf(
      events.filter((e) => e.staffCount < 50 && e.responseHours !== null).map((e) => e.responseHours!),
    );
    const large = medianOf(
      events.filter((e) => e.staffCount >= 50 && e.responseHours !== null).map((e) => e.responseHours!),
    );
    expect(small).toBeLessThan(large);
    expect((await db.selectFrom('performanceReviews').selectAll().execute()).length).toBeGreaterThan(20);
    expect(
      await db.selectFrom('flags').select('id').where('level', '=', 'red').where('status', '=', 'open').execute(),
    ).toHaveLength(1);
    const scores = await db.selectFrom('partnerScores').select('recommendation').execute();
    expect(scores).toHaveLength(60);
    expect(scores.filter((s) => s.recommendation === 'blocked')).toHaveLength(1);
    expect(scores.some((s) => s.recommendation === 'keep_priority')).toBe(true);
  });

  it('comes with agreements over the last three years: current, lapsed and some drafted follow-ons', async () => {
    const { db } = await demo();
    const agreements = await db.selectFrom('agreements').select(['status', 'startDate', 'endDate']).execute();
    expect(agreements.length).toBeGreaterThan(60);
    const statuses = new Set(agreements.map((a) => a.status));
    for (const status of ['active', 'closed']) expect(statuses).toContain(status);
    expect(agreements.every((a) => a.endDate > a.startDate)).toBe(true);
    expect(agreements.some((a) => a.startDate < '2024-01-01')).toBe(true);
  });

  it('loads only into an empty database and marks it as demo data', async () => {
    const db = await freshDatabase();
    expect(await loadDemoPortfolioIfEmpty(db)).toMatchObject({ partners: 60, users: 4 });
    expect(await isDemoDataLoaded(db)).toBe(true);
    expect(await loadDemoPortfolioIfEmpty(db)).toBeNull();
  });

  it('scales: a few thousand partners keep names and RUCs unique', async () => {
    const { db } = await demo(DEMO_SEED, 3000);
    const names = await db
      .selectFrom('partners')
      .select(({ fn }) => fn.count<number>('name').distinct().as('n'))
      .executeTakeFirstOrThrow();
    const rucs = await db
      .selectFrom('partners')
      .select(({ fn }) => [fn.count<number>('ruc').distinct().as('distinct'), fn.count<number>('ruc').as('all')])
      .executeTakeFirstOrThrow();
    expect(names.n).toBe(3000);
    expect(rucs.distinct).toBe(rucs.all);
  });
});
