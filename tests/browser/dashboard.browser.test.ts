import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../src/portfolio/rules.js';
import { ecuadorToday } from '../../src/shared/dates.js';
import { userWithRole } from '../helpers/app.js';
import {
  type BrowserHarness,
  newPage,
  seriousAccessibilityViolations,
  signInAs,
  startBrowserHarness,
} from '../helpers/browser.js';
import { handBuiltPortfolio } from '../dashboard/portfolio-fixture.js';

let harness: BrowserHarness;

beforeAll(async () => {
  harness = await startBrowserHarness({ pdf: true });
  await handBuiltPortfolio(harness.app, harness.db);
}, 60_000);

afterAll(async () => {
  await harness.close();
});

describe('dashboard in a browser', { timeout: 60_000 }, () => {
  it('lands leadership on the dashboard and draws every chart with no console error or CSP violation', async () => {
    const viewer = await userWithRole(harness.db, 'viewer');
    const { page, problems } = await newPage(harness);
    await signInAs(page, viewer.email, viewer.password);
    expect(new URL(page.url()).pathname).toBe('/dashboard');
    await page.waitForFunction(() => document.documentElement.dataset.chartsReady === 'true');
    for (const id of ['chart-territories', 'chart-trend', 'chart-distribution']) {
      // A drawn canvas has pixels: Chart.js ran, loaded from our own origin under the CSP.
      const painted = await page.evaluate((canvasId) => {
        const canvas = document.getElementById(canvasId) as HTMLCanvasElement;
        const pixels = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
        return pixels.some((value, index) => index % 4 === 3 && value > 0);
      }, id);
      expect(painted, id).toBe(true);
    }
    expect(problems).toEqual([]);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
  });

  it('shows a chart as a table on request, and the heatmap links a gap to the finder', async () => {
    const viewer = await userWithRole(harness.db, 'viewer', { email: 'lectora2@example.org' });
    const { page } = await newPage(harness);
    await signInAs(page, viewer.email, viewer.password);
    // The past year: the fixture's events spread over three months, beyond the default quarter.
    await page.goto(`/dashboard?from=${addDays(ecuadorToday(), -364)}&to=${ecuadorToday()}`);
    const table = page.locator('table[data-chart-table="territories"]');
    await expect.poll(() => table.isVisible()).toBe(false);
    await page.getByText('Mostrar como tabla').first().click();
    await expect.poll(() => table.isVisible()).toBe(true);
    expect(await table.locator('tr', { hasText: 'Tulcán' }).innerText()).toMatch(
      /Tulcán\s+25\s+4\s+148,8\s+Dentro de la meta/,
    );
    await page.locator('.heatmap a', { hasText: 'Brecha' }).first().click();
    await page.waitForURL(/\/rapid-response\?territoryId=\d+&assistanceTypeId=\d+/);
  });

  it('prints the report to PDF on the server, and the report page has no navigation', async () => {
    const viewer = await userWithRole(harness.db, 'viewer', { email: 'lectora3@example.org' });
    const { page, problems } = await newPage(harness, 'en-US');
    await signInAs(page, viewer.email, viewer.password);
    await page.goto('/reports/portfolio');
    await page.waitForFunction(() => document.documentElement.dataset.chartsReady === 'true');
    expect(await page.locator('.site-nav').count()).toBe(0);
    expect(await page.locator('.report__meta').innerText()).toMatch(/v2/);
    const response = await page.request.get('/reports/portfolio.pdf');
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toBe('application/pdf');
    const pdf = await response.body();
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(20_000);
    expect(problems).toEqual([]);
  });
});
