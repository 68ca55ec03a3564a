// The same question gets the same number on every page: the dashboard, the balance, the report and
// both APIs, for several sets of filters, and each page says which period it shows.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/database/connect.js';
import { formatters } from '../../src/i18n/index.js';
import { addDays, quarterOf } from '../../src/portfolio/rules.js';
import { ecuadorToday } from '../../src/shared/dates.js';
import { apiClient, bearerFor, signedInAgent, testApp } from '../helpers/app.js';
import { visibleText } from '../helpers/text.js';
import { handBuiltPortfolio } from './portfolio-fixture.js';

let app: Awaited<ReturnType<typeof testApp>>['app'];
let db: Db;
let viewer: ReturnType<typeof apiClient>;
let agent: Awaited<ReturnType<typeof signedInAgent>>['agent'];
let fixture: Awaited<ReturnType<typeof handBuiltPortfolio>>;

beforeAll(async () => {
  ({ app, db } = await testApp());
  viewer = apiClient(app, await bearerFor(db, 'viewer'));
  fixture = await handBuiltPortfolio(app, db);
  ({ agent } = await signedInAgent(app, db, 'viewer'));
});

const es = formatters('es');
const figureOn = (html: string, name: string) => {
  const match = new RegExp(`<a [^>]*data-figure="${name}"[^>]*>([^<]*)<`).exec(html);
  if (!match) throw new Error(`no ${name} figure on the page`);
  return match[1]!.trim();
};
const percent = (share: number | null) => (share === null ? '—' : `${es.decimal(share * 100)} %`);

describe('one figure, one number, on every page', () => {
  const today = ecuadorToday();
  const year = { from: addDays(today, -364), to: today };
  const filterSets: [string, () => Record<string, string>][] = [
    ['the default period', () => ({})],
    ['the past year', () => year],
    ['the past year in Tulcán', () => ({ ...year, territoryId: String(fixture.territories.tulcan) })],
    ['the past year, shelter only', () => ({ ...year, assistanceTypeId: String(fixture.types.shelter) })],
    [
      'the past year in Quito, shelter',
      () => ({
        ...year,
        territoryId: String(fixture.territories.quito),
        assistanceTypeId: String(fixture.types.shelter),
      }),
    ],
    ['a quarter two years ago', () => quarterOf(addDays(today, -730))],
  ];

  it.each(filterSets)('%s', async (_name, filtersOf) => {
    const query = new URLSearchParams(filtersOf()).toString();
    const dashboard = (await viewer.get(`/api/v1/dashboard?${query}`).expect(200)).body;
    const balance = (await viewer.get(`/api/v1/portfolio/balance?${query}`).expect(200)).body;
    // Both APIs cover the same period, with the same default.
    expect({ from: balance.from, to: balance.to }).toEqual({ from: dashboard.filters.from, to: dashboard.filters.to });

    // The API figures: one definition.
    expect(balance.smallPartners).toEqual({ count: dashboard.tiles.smallPartners, share: dashboard.tiles.smallShare });
    expect(balance.peopleBySmall.events).toEqual({
      small: dashboard.tiles.people.small,
      total: dashboard.tiles.people.total,
      share: dashboard.tiles.people.share,
    });
    expect(balance.status.localFunding.value).toBe(dashboard.tiles.funding.share);
    expect(balance.total).toEqual({
      partners: dashboard.tiles.portfolioPartners,
      amountUsd: dashboard.tiles.funding.totalUsd,
    });
    for (const territory of dashboard.territories) {
      const row = balance.byTerritory.find((t: any) => t.territoryId === territory.territoryId);
      expect(row.smallAgile, `territory ${territory.territoryId}`).toBe(territory.smallAgile);
      // The same population: the small agile partners are among the partners counted there.
      expect(row.smallAgile).toBeLessThanOrEqual(row.partners);
      expect(balance.status.smallAgilePerTerritory.territoriesBelow.includes(territory.territoryId)).toBe(
        territory.belowTarget,
      );
    }

    // The pages show those numbers, and say which period they cover.
    const period = `Período: ${es.day(dashboard.filters.from)} – ${es.day(dashboard.filters.to)}`;
    const pages = {
      dashboard: (await agent.get(`/dashboard?${query}`).expect(200)).text,
      balance: (await agent.get(`/portfolio/balance?${query}`).expect(200)).text,
      report: (await agent.get(`/reports/portfolio?${query}`).expect(200)).text,
    };
    for (const [name, html] of Object.entries(pages)) {
      // The report writes it as a label and a value ("Período" above "1 oct 2026 – 31 dic 2026").
      expect(visibleText(html).replace('Período ', 'Período: '), name).toContain(period);
      expect(figureOn(html, 'smallPartners'), name).toBe(es.integer(dashboard.tiles.smallPartners));
      expect(figureOn(html, 'peopleSmall'), name).toBe(es.integer(dashboard.tiles.people.small));
    }
    expect(figureOn(pages.dashboard, 'fundingShare')).toBe(percent(dashboard.tiles.funding.share));
    expect(figureOn(pages.report, 'fundingShare')).toBe(percent(dashboard.tiles.funding.share));
    expect(visibleText(pages.balance)).toContain(
      `fondos a actores locales y nacionales: ${percent(dashboard.tiles.funding.share)}`,
    );
    expect(visibleText(pages.report)).toContain(
      `Fondos a actores locales y nacionales ${percent(dashboard.tiles.funding.share)}`,
    );
    for (const territory of dashboard.territories) {
      expect(
        new RegExp(`data-small-agile="${territory.territoryId}">${territory.smallAgile}\\b`).test(pages.balance),
      ).toBe(true);
    }
  });

  it('labels what each per-territory balance column counts', async () => {
    const page = visibleText((await agent.get('/portfolio/balance').expect(200)).text);
    expect(page).toContain('Socios con convenio aquí');
    expect(page).toContain('De ellos, pequeños y ágiles');
    expect(page).toContain('Las dos columnas cuentan los socios cuyos convenios del período cubren el territorio');
  });

  it('writes the report in the language its address asks for', async () => {
    const english = visibleText((await agent.get('/reports/portfolio?lang=en').expect(200)).text);
    expect(english).toContain('Partner portfolio report');
    expect(english).toMatch(/Period \w{3} \d{1,2}, \d{4} – \w{3} \d{1,2}, \d{4}/);
    const spanish = visibleText(
      (await agent.get('/reports/portfolio?lang=es').set('Cookie', 'lang=en').expect(200)).text,
    );
    expect(spanish).toContain('Informe de la cartera de socios');
    // A language the app does not have leaves the reader's own.
    expect(visibleText((await agent.get('/reports/portfolio?lang=fr').expect(200)).text)).toContain(
      'Informe de la cartera de socios',
    );
  });
});
