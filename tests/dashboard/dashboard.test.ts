import { parse } from 'csv-parse/sync';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/database/connect.js';
import { median } from '../../src/dashboard/statistics.js';
import { addDays } from '../../src/portfolio/rules.js';
import { ecuadorToday } from '../../src/shared/dates.js';
import { apiClient, bearerFor, signedInAgent, testApp } from '../helpers/app.js';
import { visibleText } from '../helpers/text.js';
import { handBuiltPortfolio } from './portfolio-fixture.js';

let app: Awaited<ReturnType<typeof testApp>>['app'];
let db: Db;
let viewer: ReturnType<typeof apiClient>;
let fixture: Awaited<ReturnType<typeof handBuiltPortfolio>>;

beforeEach(async () => {
  ({ app, db } = await testApp());
  viewer = apiClient(app, await bearerFor(db, 'viewer'));
});

// The fixture spreads events over the last three months: the figures below cover the past year
// (the default period is the current quarter, whose length depends on today's date).
const YEAR = `from=${addDays(ecuadorToday(), -364)}&to=${ecuadorToday()}`;
// Spanish CSV files use semicolons, as a Spanish-locale spreadsheet reads them.
const csvRows = (text: string) =>
  parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), { columns: true, delimiter: ';' });
// English CSV files keep the comma.
const csvRowsEn = (text: string) => parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), { columns: true });

describe('the dashboard on a hand-built portfolio', () => {
  beforeEach(async () => {
    fixture = await handBuiltPortfolio(app, db);
  });

  it('shows tiles worked out on paper', async () => {
    const { body } = await viewer.get(`/api/v1/dashboard?${YEAR}`).expect(200);
    expect(body.tiles).toMatchObject({
      portfolioPartners: 3,
      smallPartners: 2,
      smallShare: 2 / 3,
      people: { small: 167, total: 1167 },
      funding: { localUsd: 3000, totalUsd: 10000, share: 0.3, target: 0.25, met: true },
      medianHours: 35, // 10, 20, 30, 40, 100, 200
      measuredEvents: 6,
      openRedFlags: 1,
    });
    const tulcan = body.territories.find((t: any) => t.territoryId === fixture.territories.tulcan);
    const quito = body.territories.find((t: any) => t.territoryId === fixture.territories.quito);
    const ibarra = body.territories.find((t: any) => t.territoryId === fixture.territories.ibarra);
    expect(tulcan).toMatchObject({
      medianHours: 25,
      measuredEvents: 4,
      overResponseTarget: false,
      smallAgile: 2,
      belowTarget: false,
    });
    // Quito's median (100 h and 200 h) is over the 148.8 h target; Alfa is registered in Quito but its
    // agreement covers Tulcán only, so Quito has no small agile partner with an agreement there.
    expect(quito).toMatchObject({
      medianHours: 150,
      measuredEvents: 2,
      overResponseTarget: true,
      smallAgile: 0,
      belowTarget: true,
    });
    // A territory with no events and no small agile partner in the portfolio: empty, and below target.
    expect(ibarra).toMatchObject({
      medianHours: null,
      measuredEvents: 0,
      overResponseTarget: false,
      smallAgile: 0,
      belowTarget: true,
    });
    expect(body.responseTarget).toEqual({ hours: 148.8, agileThreshold: 60, methodologyVersion: expect.any(Number) });
    // Fastest first, territories without a median last.
    expect(body.territories.slice(0, 2).map((t: any) => t.territoryId)).toEqual([
      tulcan.territoryId,
      quito.territoryId,
    ]);
    expect(body.heatmap.counts[`${fixture.territories.tulcan}:${fixture.types.shelter}`]).toBe(1);
    expect(body.heatmap.counts[`${fixture.territories.tulcan}:${fixture.types.health}`]).toBe(1);
    expect(body.heatmap.counts[`${fixture.territories.ibarra}:${fixture.types.shelter}`]).toBeUndefined();
  });

  it('reconciles every figure with the lists behind it', async () => {
    const { body } = await viewer.get(`/api/v1/dashboard?${YEAR}`).expect(200);
    const { from, to } = body.filters;
    const { agent } = await signedInAgent(app, db, 'viewer');
    // Small partners and funding: the portfolio agreements list with the same period.
    const agreements = csvRows(
      (await agent.get(`/agreements?status=portfolio&from=${from}&to=${to}&format=csv`).expect(200)).text,
    );
    const partnerIds = new Set(agreements.map((a) => a['ID del socio']));
    expect(partnerIds.size).toBe(body.tiles.portfolioPartners);
    const small = csvRows(
      (
        await agent
          .get(`/agreements?status=portfolio&from=${from}&to=${to}&sizeClass=smallPartners&format=csv`)
          .expect(200)
      ).text,
    );
    expect(new Set(small.map((a) => a['ID del socio'])).size).toBe(body.tiles.smallPartners);
    const local = csvRows(
      (
        await agent
          .get(`/agreements?status=portfolio&from=${from}&to=${to}&localizationCategory=localAndNational&format=csv`)
          .expect(200)
      ).text,
    );
    expect(local.reduce((sum, a) => sum + Number(a['Monto (USD)']), 0)).toBe(body.tiles.funding.localUsd);
    // People and medians: the events list with the same period, per territory too.
    const events = csvRows((await agent.get(`/events?from=${from}&to=${to}&format=csv`).expect(200)).text);
    expect(events.reduce((sum, e) => sum + Number(e['Personas asistidas'] || 0), 0)).toBe(body.tiles.people.total);
    const measured = events.filter((e) => e['Tiempo de respuesta (horas)'] !== '');
    expect(median(measured.map((e) => Number(e['Tiempo de respuesta (horas)'])))).toBe(body.tiles.medianHours);
    for (const territory of body.territories) {
      const inTerritory = csvRows(
        (await agent.get(`/events?from=${from}&to=${to}&territoryId=${territory.territoryId}&format=csv`).expect(200))
          .text,
      ).filter((e) => e['Tiempo de respuesta (horas)'] !== '');
      expect(median(inTerritory.map((e) => Number(e['Tiempo de respuesta (horas)'])))).toBe(territory.medianHours);
    }
    // Open red flags: the flags list filtered the same way, also within one territory.
    expect(csvRows((await agent.get('/flags?level=red&status=open&format=csv').expect(200)).text)).toHaveLength(
      body.tiles.openRedFlags,
    );
    for (const territoryId of [fixture.territories.quito, fixture.territories.tulcan]) {
      const inTerritory = (await viewer.get(`/api/v1/dashboard?${YEAR}&territoryId=${territoryId}`).expect(200)).body
        .tiles.openRedFlags;
      expect(
        csvRows(
          (await agent.get(`/flags?level=red&status=open&territoryId=${territoryId}&format=csv`).expect(200)).text,
        ),
      ).toHaveLength(inTerritory);
    }
    expect(
      (await viewer.get(`/api/v1/dashboard?territoryId=${fixture.territories.quito}`).expect(200)).body.tiles
        .openRedFlags,
    ).toBe(1);
    expect(
      (await viewer.get(`/api/v1/dashboard?territoryId=${fixture.territories.tulcan}`).expect(200)).body.tiles
        .openRedFlags,
    ).toBe(0);
    // The score distribution: the ranking list, cell by cell.
    for (const [recommendation, bySize] of Object.entries(
      body.distribution as Record<string, Record<string, number>>,
    )) {
      for (const [sizeClass, count] of Object.entries(bySize)) {
        const ranked = await viewer
          .get(`/api/v1/scores?recommendation=${recommendation}&sizeClass=${sizeClass}`)
          .expect(200);
        expect(ranked.body.total, `${recommendation} × ${sizeClass}`).toBe(count);
      }
    }
  });

  it('applies the territory and assistance type filters to every tile and chart', async () => {
    const { tulcan } = fixture.territories;
    const { body } = await viewer
      .get(`/api/v1/dashboard?${YEAR}&territoryId=${tulcan}&assistanceTypeId=${fixture.types.health}`)
      .expect(200);
    expect(body.tiles).toMatchObject({
      portfolioPartners: 1,
      smallPartners: 1,
      people: { small: 10, total: 10 },
      medianHours: 40,
      measuredEvents: 1,
      openRedFlags: 0,
    });
    expect(body.territories.map((t: any) => t.territoryId)).toEqual([tulcan]);
    expect(body.heatmap).toMatchObject({ territoryIds: [tulcan], assistanceTypeIds: [fixture.types.health] });
    expect(body.trend.smallEvents.reduce((a: number, b: number) => a + b, 0)).toBe(1);
    expect(body.trend.restEvents.reduce((a: number, b: number) => a + b, 0)).toBe(0);
  });

  it('keeps the filters in the address and in every link, and draws the trend over eight quarters', async () => {
    const { agent } = await signedInAgent(app, db, 'viewer');
    const page = await agent
      .get(`/dashboard?from=2026-01-01&to=2026-06-30&territoryId=${fixture.territories.quito}`)
      .expect(200);
    expect(page.text).toContain(
      `href="/dashboard?from=2026-01-01&amp;to=2026-06-30&amp;territoryId=${fixture.territories.quito}&amp;chart=trend&amp;format=csv"`,
    );
    expect(page.text).toContain(
      `/reports/portfolio?from=2026-01-01&amp;to=2026-06-30&amp;territoryId=${fixture.territories.quito}`,
    );
    // The PDF form carries the same filters and a language choice.
    const form = /<form class="pdf-download[^"]*"[^>]*action="\/reports\/portfolio.pdf"[^>]*>(.*?)<\/form>/s.exec(
      page.text,
    )![1]!;
    expect(form).toContain(`name="territoryId" value="${fixture.territories.quito}"`);
    expect(form).toContain('name="from" value="2026-01-01"');
    expect(form).toMatch(/<select[^>]*name="lang"/);
    const trend = csvRows(
      (await agent.get(`/dashboard?from=2026-01-01&to=2026-06-30&chart=trend&format=csv`).expect(200)).text,
    );
    expect(trend.map((r) => r.Trimestre)).toEqual([
      'T3 2024',
      'T4 2024',
      'T1 2025',
      'T2 2025',
      'T3 2025',
      'T4 2025',
      'T1 2026',
      'T2 2026',
    ]);
  });

  it('shows every chart as a table with the same numbers, in the user’s language', async () => {
    const { agent } = await signedInAgent(app, db, 'viewer');
    const es = await agent.get(`/dashboard?${YEAR}`).expect(200);
    const data = JSON.parse(/<script type="application\/json" id="dashboard-data">(.*?)<\/script>/s.exec(es.text)![1]!);
    expect(data.locale).toBe('es-EC');
    expect(data.territories.strings.measure).toBe('Tiempo de respuesta mediano (h)');
    const tulcanIndex = data.territories.labels.indexOf('Tulcán');
    expect(data.territories.values[tulcanIndex]).toBe(25);
    const table = /<table class="table" data-chart-table="territories">(.*?)<\/table>/s.exec(es.text)![1]!;
    expect(visibleText(table)).toContain('Tulcán 25 4 148,8 Dentro de la meta');
    expect(visibleText(table)).toContain('Quito 150 2 148,8 Sobre la meta');
    const smallAgile = /<table class="table" data-chart-table="smallAgile">(.*?)<\/table>/s.exec(es.text)![1]!;
    expect(visibleText(smallAgile)).toContain('Tulcán 2 1 Cumple');
    expect(visibleText(smallAgile)).toContain('Quito 0 1 Bajo la meta');
    expect(visibleText(es.text)).toContain('Mostrar como tabla');
    const en = await agent.get('/dashboard').set('Cookie', 'lang=en').expect(200);
    const english = JSON.parse(
      /<script type="application\/json" id="dashboard-data">(.*?)<\/script>/s.exec(en.text)![1]!,
    );
    expect(english.locale).toBe('en-US');
    expect(english.trend.strings).toMatchObject({ small: 'Small partners', rest: 'Other partners' });
    expect(english.distribution.labels).toContain('Keep (priority)');
  });

  it('draws agility by territory as two charts of one measure each, with their targets as lines', async () => {
    const { agent } = await signedInAgent(app, db, 'viewer');
    const page = await agent.get(`/dashboard?${YEAR}`).set('Cookie', 'lang=en').expect(200);
    const data = JSON.parse(
      /<script type="application\/json" id="dashboard-data">(.*?)<\/script>/s.exec(page.text)![1]!,
    );
    // Response time: one series in hours, sorted fastest first, the target line at the agile threshold in hours.
    const hours = data.territories;
    expect(Object.keys(hours).sort()).toEqual(['flagged', 'labels', 'strings', 'target', 'values']);
    expect(hours.strings.axis).toBe('Hours');
    expect(hours.labels.slice(0, 2)).toEqual(['Tulcán', 'Quito']);
    expect(hours.values.slice(0, 2)).toEqual([25, 150]);
    expect(hours.values.slice(2).every((v: unknown) => v === null)).toBe(true);
    expect(hours.flagged.slice(0, 2)).toEqual([false, true]);
    expect(hours.target).toEqual({
      value: 148.8,
      label:
        'Target: 148.8 h, the agile threshold (60 points) of methodology v' +
        (await viewer.get('/api/v1/dashboard').expect(200)).body.responseTarget.methodologyVersion +
        ' in hours',
    });
    // Small agile partners: its own chart, in partners, same territory order, the minimum as its line.
    const partners = data.smallAgile;
    expect(partners.labels).toEqual(hours.labels);
    expect(partners.strings.axis).toBe('Partners');
    expect(partners.values.slice(0, 2)).toEqual([2, 0]);
    expect(partners.flagged.slice(0, 2)).toEqual([false, true]);
    expect(partners.target.value).toBe(1);
    // The page says in words which territories miss each target, and what the line is.
    const text = visibleText(page.text);
    expect(text).toContain('Territories over the response time target: Quito.');
    expect(text).toMatch(/Territories with fewer small agile partners than the target: .*Quito/);
    expect(text).toContain('Target: 148.8 h, the agile threshold (60 points)');
    // Each chart's CSV holds the same numbers as its chart.
    const csv = csvRowsEn(
      (await agent.get(`/dashboard?${YEAR}&chart=territories&format=csv`).set('Cookie', 'lang=en').expect(200)).text,
    );
    expect(csv.map((r) => r.Territory)).toEqual(hours.labels);
    expect(csv[1]).toMatchObject({
      'Median response time (h)': '150',
      'Time target (h)': '148.8',
      'Against the target': 'Over target',
    });
    const csvAgile = csvRowsEn(
      (await agent.get(`/dashboard?${YEAR}&chart=smallAgile&format=csv`).set('Cookie', 'lang=en').expect(200)).text,
    );
    expect(csvAgile.map((r) => Number(r['Small agile partners']))).toEqual(partners.values);
  });

  it('reports a bad filter with the error summary and still shows the figures', async () => {
    const { agent } = await signedInAgent(app, db, 'viewer');
    const page = await agent.get('/dashboard?from=2026-06-01&to=2026-01-01').expect(400);
    expect(visibleText(page.text)).toContain('Hay un problema');
    expect(page.text).toContain('href="#field-to"');
    await viewer.get('/api/v1/dashboard?territoryId=abc').expect(400);
  });
});

describe('the dashboard with nothing in it', () => {
  it('shows empty tiles without failing, and gaps everywhere', async () => {
    const { body } = await viewer.get('/api/v1/dashboard').expect(200);
    expect(body.tiles).toMatchObject({
      portfolioPartners: 0,
      smallPartners: 0,
      smallShare: null,
      medianHours: null,
      funding: { share: null, met: false },
      openAlerts: 0,
      openRedFlags: 0,
    });
    expect(body.territories.every((t: any) => t.medianHours === null && t.belowTarget)).toBe(true);
    expect(body.heatmap.counts).toEqual({});
    const { agent } = await signedInAgent(app, db, 'viewer');
    const page = visibleText((await agent.get('/dashboard').expect(200)).text);
    expect(page).toContain('Ningún evento con asistencia entregada en el período');
    expect(page).toContain('Brecha');
  });

  it('is where leadership lands after signing in', async () => {
    const { agent } = await signedInAgent(app, db, 'viewer');
    expect((await agent.get('/').expect(302)).headers.location).toBe('/dashboard');
    const officer = await signedInAgent(app, db, 'officer');
    expect((await officer.agent.get('/').expect(302)).headers.location).toBe('/partners');
  });
});
