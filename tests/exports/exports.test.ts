import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/database/connect.js';
import { addPartner, apiClient, bearerFor, signedInAgent, testApp } from '../helpers/app.js';
import { handBuiltPortfolio } from '../dashboard/portfolio-fixture.js';

let app: Awaited<ReturnType<typeof testApp>>['app'];
let db: Db;

beforeEach(async () => {
  ({ app, db } = await testApp());
});

const binary = (res: any, callback: (error: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
};

async function xlsxRows(buffer: Buffer): Promise<unknown[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as never);
  const rows: unknown[][] = [];
  workbook.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}

describe('exports of every list', () => {
  it('export every partner matching the filters, not just the page, as CSV with BOM and as XLSX, matching the API', async () => {
    for (let i = 0; i < 60; i++)
      await addPartner(db, { name: `Fundación Ñandú ${String(i).padStart(2, '0')}`, staffCount: i < 45 ? 8 : 250 });
    await addPartner(db, { name: 'Otra Organización', staffCount: 8 });
    const { agent } = await signedInAgent(app, db, 'viewer');
    const api = apiClient(app, await bearerFor(db, 'viewer'));
    const fromApi = (await api.get('/api/v1/partners?q=ñandu&sizeClass=micro&pageSize=200').expect(200)).body;
    expect(fromApi.total).toBe(45);

    const csv = await agent.get('/partners?q=ñandu&sizeClass=micro&page=2&format=csv').expect(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toMatch(/attachment; filename="partners-\d{4}-\d{2}-\d{2}\.csv"/);
    expect(csv.text.startsWith('\uFEFF')).toBe(true);
    // A Spanish file is written for a Spanish-locale spreadsheet: semicolons.
    const rows = parse<Record<string, string>>(csv.text.slice(1), { columns: true, delimiter: ';' });
    expect(rows).toHaveLength(45);
    expect(rows.map((r) => Number(r.ID)).sort((a, b) => a - b)).toEqual(
      fromApi.data.map((p: any) => p.id).sort((a: number, b: number) => a - b),
    );
    const first = fromApi.data.find((p: any) => p.id === Number(rows[0]!.ID));
    expect(rows[0]).toMatchObject({
      Nombre: first.name,
      'Personal remunerado': String(first.staffCount),
      Tamaño: 'Micro',
    });

    const xlsx = await agent
      .get('/partners?q=ñandu&sizeClass=micro&format=xlsx')
      .set('Cookie', 'lang=en')
      .buffer(true)
      .parse(binary)
      .expect(200);
    expect(xlsx.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const sheet = await xlsxRows(xlsx.body);
    expect(sheet[0]!.slice(0, 3)).toEqual(['ID', 'Name', 'Acronym']);
    expect(sheet).toHaveLength(46);
    const names = sheet
      .slice(1)
      .map((r) => r[1])
      .sort();
    expect(names).toEqual(fromApi.data.map((p: any) => p.name).sort());
    expect(typeof sheet[1]![6]).toBe('number'); // staff stays a number in Excel
  });

  it('add the HXL hashtag row to partner, score and agreement exports', async () => {
    await handBuiltPortfolio(app, db);
    const { agent } = await signedInAgent(app, db, 'viewer');
    const hxlRow = async (url: string) => parse((await agent.get(url).expect(200)).text.slice(1))[1]!;
    const partners = await hxlRow('/partners?format=csv&hxl=1');
    expect(partners.slice(0, 4)).toEqual(['#org+id', '#org+name', '#org+acronym', '#org+code']);
    expect(partners).toEqual(expect.arrayContaining(['#adm1+name', '#adm2+name', '#sector', '#indicator+staff+num']));
    const agreements = await hxlRow('/agreements?format=csv&hxl=1');
    expect(agreements).toEqual(
      expect.arrayContaining([
        '#activity+code',
        '#org+name',
        '#value+usd',
        '#reached',
        '#targeted',
        '#date+start',
        '#date+end',
        '#sector',
        '#adm2+name',
      ]),
    );
    const ranking = await hxlRow('/ranking?format=csv&hxl=1');
    expect(ranking).toEqual(
      expect.arrayContaining(['#org+name', '#indicator+score+overall', '#status+recommendation']),
    );
    // Without hxl=1 the second row is data.
    const plain = parse((await agent.get('/agreements?format=csv').expect(200)).text.slice(1), {
      delimiter: ';',
    });
    expect(plain[1]![0]).toMatch(/^DASH-/);
  });

  it('export the ranking, events, reviews, flags, agreements, decisions and alerts with their filters', async () => {
    const { territories, partners } = await handBuiltPortfolio(app, db);
    const { agent } = await signedInAgent(app, db, 'viewer');
    const count = async (url: string) =>
      parse((await agent.get(url).redirects(1).expect(200)).text.slice(1), {
        columns: true,
        delimiter: ';',
      }).length;
    expect(await count('/ranking?format=csv')).toBe(4);
    expect(await count('/ranking?format=csv&sizeClass=large')).toBe(1);
    expect(await count('/events?format=csv')).toBe(8);
    expect(await count(`/events?format=csv&territoryId=${territories.quito}`)).toBe(3);
    expect(await count(`/partners/${partners.a}/events?format=csv`)).toBe(4);
    expect(await count('/flags?format=csv&level=red')).toBe(1);
    expect(await count('/flags?format=csv&level=observation')).toBe(0);
    expect(await count('/reviews?format=csv')).toBe(0);
    expect(await count(`/agreements?format=csv&partnerId=${partners.b}`)).toBe(1);
    expect(await count('/decisions?format=csv')).toBe(0);
    expect(await count('/portfolio/alerts?format=csv')).toBeGreaterThanOrEqual(0);
    const ranking = await agent.get('/ranking?format=xlsx').buffer(true).parse(binary).expect(200);
    expect((await xlsxRows(ranking.body)).length).toBe(5);
    const chart = await agent.get('/dashboard?chart=trend&format=xlsx').buffer(true).parse(binary).expect(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(chart.body as never);
    expect(workbook.worksheets[0]!.name).toBe('Tablero');
    expect(workbook.worksheets[0]!.rowCount).toBe(9); // titles and eight quarters
  });

  it('escape spreadsheet formulas and keep the audit export for administrators', async () => {
    await addPartner(db, { name: '=HYPERLINK("http://x")' });
    const { agent } = await signedInAgent(app, db, 'viewer');
    const rows = parse<Record<string, string>>((await agent.get('/partners?format=csv').expect(200)).text.slice(1), {
      columns: true,
      delimiter: ';',
    });
    expect(rows[0]!.Nombre).toBe(`'=HYPERLINK("http://x")`);
    await agent.get('/admin/audit?format=csv').expect(403);
    const admin = await signedInAgent(app, db, 'admin');
    const audit = parse<Record<string, string>>(
      (await admin.agent.get('/admin/audit?format=csv&entity=partner').expect(200)).text.slice(1),
      {
        columns: true,
        delimiter: ';',
      },
    );
    expect(audit.length).toBeGreaterThan(0);
  });

  it('offer the downloads on the list pages, keeping the filters', async () => {
    const { agent } = await signedInAgent(app, db, 'viewer');
    const page = await agent.get('/partners?q=abc&page=1').expect(200);
    expect(page.text).toContain('href="/partners?q=abc&amp;format=csv"');
    expect(page.text).toContain('href="/partners?q=abc&amp;format=xlsx"');
    expect(page.text).toContain('href="/partners?q=abc&amp;format=csv&amp;hxl=1"');
  });
});

describe('the portfolio-wide lists', () => {
  it('count their rows in words, one or many', async () => {
    await handBuiltPortfolio(app, db);
    const { agent } = await signedInAgent(app, db, 'viewer');
    const one = (await agent.get('/flags?level=red').set('Cookie', 'lang=en').expect(200)).text;
    expect(one).toContain('<strong>1 record</strong>');
    const many = (await agent.get('/events').expect(200)).text;
    expect(many).toContain('<strong>8 registros</strong>');
  });
});
