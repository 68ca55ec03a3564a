// The coverage grid over 150 territories × 90 assistance types (issue 12): the page draws a bounded
// part, the worst-covered territories first, and the whole grid behind "show all".
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/database/connect.js';
import { type LargeReferenceSets, addLargeReferenceSets } from '../../src/demo/large-reference.js';
import { apiClient, bearerFor, signedInAgent, testApp } from '../helpers/app.js';
import { visibleText } from '../helpers/text.js';

let app: Awaited<ReturnType<typeof testApp>>['app'];
let db: Db;
let sets: LargeReferenceSets;
let agent: Awaited<ReturnType<typeof signedInAgent>>['agent'];

const heatmapOf = (html: string) => /<table class="heatmap[^"]*">(.*?)<\/table>/s.exec(html)![1]!;
const cellCount = (html: string) => (heatmapOf(html).match(/<td class="heatmap__cell /g) ?? []).length;
const rowNames = (html: string) => [...heatmapOf(html).matchAll(/<th scope="row">(.*?)<\/th>/g)].map((m) => m[1]);
const columnNames = (html: string) =>
  [...heatmapOf(html).matchAll(/<th scope="col" class="heatmap__type"><span>(.*?)<\/span>/g)].map((m) => m[1]);
/** Each drawn cell as "territoryId:typeId" → the number shown (0 for a gap). */
const drawnCells = (html: string) =>
  Object.fromEntries(
    [...heatmapOf(html).matchAll(/territoryId=(\d+)&amp;assistanceTypeId=(\d+)"[^>]*>([^<]*)<\/a>/g)].map((m) => [
      `${m[1]}:${m[2]}`,
      /^\d+$/.test(m[3]!) ? Number(m[3]) : 0,
    ]),
  );
const parish = (n: number) => `Parroquia ${String(n).padStart(3, '0')}`;
const service = (n: number) => `Servicio ${String(n).padStart(2, '0')}`;

beforeAll(async () => {
  ({ app, db } = await testApp());
  sets = await addLargeReferenceSets(db);
  ({ agent } = await signedInAgent(app, db, 'viewer'));
});

describe('the dashboard over 150 territories and 90 assistance types', () => {
  it('draws a bounded grid: the 15 worst-covered territories and the 15 types with most gaps', async () => {
    expect(sets.territoryIds).toHaveLength(150);
    expect(sets.assistanceTypeIds).toHaveLength(90);
    const page = (await agent.get('/dashboard').expect(200)).text;
    expect(cellCount(page)).toBe(15 * 15);
    // The last 15 parishes have no small agile partner at all (90 gaps each); they come first, in reference order.
    expect(rowNames(page)).toEqual(Array.from({ length: 15 }, (_v, i) => parish(136 + i)));
    expect(rowNames(page)).not.toContain('Tulcán');
    // Types 82‥90 are covered nowhere; 73‥81 only in the first 15 territories.
    expect(columnNames(page)).toEqual([
      ...Array.from({ length: 9 }, (_v, i) => service(82 + i)),
      ...Array.from({ length: 6 }, (_v, i) => service(73 + i)),
    ]);
    const text = visibleText(page);
    expect(text).toContain(
      'Se muestran los 15 territorios con peor cobertura de 150 y los 15 tipos de asistencia con más brechas de 90. · Ver todo',
    );
    // Each row counts its gaps over all 90 types, not only the drawn ones.
    expect(text).toContain(`${parish(150)} 90 de 90 Brecha`);
    expect(page).toMatch(
      /<a href="\/dashboard\?from=[\d-]+&amp;to=[\d-]+&amp;coverage=all#coverage-heading">Ver todo<\/a>/,
    );
    expect(page.length).toBeLessThan(400_000);

    const english = visibleText((await agent.get('/dashboard').set('Cookie', 'lang=en').expect(200)).text);
    expect(english).toContain(
      'Showing the 15 worst-covered territories of 150 and the 15 assistance types with most gaps of 90. · Show all',
    );
    expect(english).toContain(`Parish 150 90 of 90 Gap`);
  });

  it('draws the whole grid on "show all", with a way back, and the filters keep it', async () => {
    const page = (await agent.get('/dashboard?coverage=all').expect(200)).text;
    expect(cellCount(page)).toBe(150 * 90);
    expect(rowNames(page)).toEqual([
      ...(await db.selectFrom('territories').select('nameEs').orderBy('sortOrder').execute()).map((t) => t.nameEs),
    ]);
    expect(columnNames(page)).toHaveLength(90);
    const text = visibleText(page);
    expect(text).toContain(
      'Se muestran los 150 territorios y los 90 tipos de asistencia en el orden de referencia · Ver solo los de peor cobertura',
    );
    // The filter form sends "show all" along, and clearing the filters keeps it.
    const form = /<form class="filters[^"]*"[^>]*>(.*?)<\/form>/s.exec(page)![1]!;
    expect(form).toContain('<input type="hidden" name="coverage" value="all">');
    expect(form).toContain('href="/dashboard?coverage=all"');

    // A filtered page: one territory, its gaps counted over all types; "show all" keeps the filter.
    const [first] = sets.territoryIds;
    const filtered = (await agent.get(`/dashboard?territoryId=${first}`).expect(200)).text;
    expect(rowNames(filtered)).toEqual(['Quito']);
    expect(cellCount(filtered)).toBe(15);
    expect(visibleText(filtered)).toContain(
      'Se muestra 1 territorio y los 15 tipos de asistencia con más brechas de 90. · Ver todo',
    );
    expect(visibleText(filtered)).toContain('Quito 9 de 90');
    expect(filtered).toContain(`territoryId=${first}&amp;coverage=all#coverage-heading`);
    const filteredAll = (await agent.get(`/dashboard?territoryId=${first}&coverage=all`).expect(200)).text;
    expect(cellCount(filteredAll)).toBe(90);
    expect(filteredAll).toContain(`<option value="${first}" selected>`);
  });

  it('shows in each drawn cell the number the API and the CSV give', async () => {
    const viewer = apiClient(app, await bearerFor(db, 'viewer'));
    const { body } = await viewer.get('/api/v1/dashboard').expect(200);
    // The API keeps the whole grid.
    expect(body.heatmap.territoryIds).toHaveLength(150);
    expect(body.heatmap.assistanceTypeIds).toHaveLength(90);
    for (const path of [
      '/dashboard',
      `/dashboard?territoryId=${sets.territoryIds[0]}`,
      `/dashboard?territoryId=${sets.territoryIds[20]}`,
    ]) {
      const cells = drawnCells((await agent.get(path).expect(200)).text);
      expect(Object.keys(cells).length).toBeGreaterThan(0);
      for (const [key, shown] of Object.entries(cells))
        expect(shown, `${path} ${key}`).toBe(body.heatmap.counts[key] ?? 0);
    }
    expect(
      Object.values(
        drawnCells((await agent.get(`/dashboard?territoryId=${sets.territoryIds[0]}`).expect(200)).text),
      ).some((n) => n > 0),
    ).toBe(true);
    // The CSV holds every territory and every type.
    const csv = parse<Record<string, string>>(
      (await agent.get('/dashboard?chart=coverage&format=csv').expect(200)).text.replace(/^\uFEFF/, ''),
      { columns: true, delimiter: ';' },
    );
    expect(csv).toHaveLength(150);
    expect(Object.keys(csv[0]!)).toHaveLength(91);
  });

  it('prints the same bounded grid in the report, and says where the whole grid is', async () => {
    const report = (await agent.get('/reports/portfolio?coverage=all').expect(200)).text;
    expect(cellCount(report)).toBe(15 * 15);
    expect(rowNames(report)).toEqual(rowNames((await agent.get('/dashboard').expect(200)).text));
    const text = visibleText(report);
    expect(text).toContain('Se muestran los 15 territorios con peor cobertura de 150');
    expect(text).toContain('La cuadrícula completa está en el panel («Ver todo») y en su CSV.');
  });
});

describe('the dashboard over the seeded reference sets', () => {
  it('draws every territory and type in reference order, with no "show all"', async () => {
    const small = await testApp();
    const viewer = await signedInAgent(small.app, small.db, 'viewer');
    const page = (await viewer.agent.get('/dashboard').expect(200)).text;
    const territories = await small.db.selectFrom('territories').select('nameEs').orderBy('sortOrder').execute();
    expect(rowNames(page)).toEqual(territories.map((t) => t.nameEs));
    expect(cellCount(page)).toBe(territories.length * 13);
    expect(page).not.toContain('data-coverage-extent');
    expect(page).not.toContain('coverage=all');
    expect(visibleText(page)).not.toContain('Ver todo');
  });
});
