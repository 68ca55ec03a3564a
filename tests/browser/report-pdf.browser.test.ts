// The PDF report on paper: every table's last column and every coverage column inside the A4 page,
// no page left mostly blank, the generation date whole, in the language asked for.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userWithRole } from '../helpers/app.js';
import { type BrowserHarness, newPage, signInAs, startBrowserHarness } from '../helpers/browser.js';
import { handBuiltPortfolio } from '../dashboard/portfolio-fixture.js';

let harness: BrowserHarness;
let dir: string;

beforeAll(async () => {
  harness = await startBrowserHarness({ pdf: true });
  await handBuiltPortfolio(harness.app, harness.db);
  dir = mkdtempSync(join(tmpdir(), 'report-pdf-'));
}, 60_000);

afterAll(async () => {
  await harness.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface PdfPage {
  width: number;
  /** Text inside the page box only: what is cropped away is not there. */
  text: string;
  /** How far down the page the lowest ink is, 0 to 1. */
  inkedTo: number;
}

function pagesOf(file: string): PdfPage[] {
  const info = execFileSync('pdfinfo', ['-f', '1', '-l', '999', file], { encoding: 'utf8' });
  const sizes = [...info.matchAll(/^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)/gm)].map((m) => ({
    width: Number(m[1]),
    height: Number(m[2]),
  }));
  return sizes.map((size, i) => {
    const n = String(i + 1);
    const text = execFileSync(
      'pdftotext',
      [
        '-raw',
        '-f',
        n,
        '-l',
        n,
        '-x',
        '0',
        '-y',
        '0',
        '-W',
        String(Math.floor(size.width)),
        '-H',
        String(Math.floor(size.height)),
        file,
        '-',
      ],
      { encoding: 'utf8' },
    );
    const gray = execFileSync('pdftoppm', ['-gray', '-r', '20', '-f', n, '-l', n, file]);
    return { width: size.width, text: text.replace(/\s+/g, ' '), inkedTo: lowestInk(gray) };
  });
}

/** Reads a binary PGM (P5) and finds its lowest row with a non-white pixel. */
function lowestInk(pgm: Buffer): number {
  const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(pgm.subarray(0, 50).toString('latin1'))!;
  const [width, height] = [Number(header[1]), Number(header[2])];
  const pixels = pgm.subarray(header[0].length);
  for (let row = height - 1; row >= 0; row--) {
    for (let x = 0; x < width; x++) if (pixels[row * width + x]! < 200) return (row + 1) / height;
  }
  return 0;
}

const headers = {
  es: [
    'TERRITORIO TIEMPO DE RESPUESTA MEDIANO (H) EVENTOS MEDIDOS META DE TIEMPO (H) FRENTE A LA META',
    'MÍNIMO META POR TERRITORIO',
    'DEMÁS SOCIOS: MEDIANA (H) DEMÁS SOCIOS: EVENTOS',
    'MICRO PEQUEÑA MEDIANA GRANDE TOTAL',
    'VALOR MÍNIMO ESTADO',
    'PERSONAL REMUNERADO AGILIDAD TOTAL',
  ],
  en: [
    'TERRITORY MEDIAN RESPONSE TIME (H) MEASURED EVENTS TIME TARGET (H) AGAINST THE TARGET',
    'MINIMUM TERRITORY TARGET',
    'OTHER PARTNERS: MEDIAN (H) OTHER PARTNERS: EVENTS',
    'MICRO SMALL MEDIUM LARGE TOTAL',
    'VALUE MINIMUM STATUS',
    'PAID STAFF AGILITY OVERALL',
  ],
} as const;

describe('the PDF report on A4', { timeout: 90_000 }, () => {
  it.each(['es', 'en'] as const)(
    'fits every table and chart on the page, with no page mostly blank (%s)',
    async (lang) => {
      const viewer = await userWithRole(harness.db, 'viewer', { email: `pdf-${lang}@example.org` });
      const { page } = await newPage(harness);
      await signInAs(page, viewer.email, viewer.password);
      const response = await page.request.get(`/reports/portfolio.pdf?lang=${lang}`);
      expect(response.status()).toBe(200);
      const file = join(dir, `report-${lang}.pdf`);
      writeFileSync(file, await response.body());
      const pages = pagesOf(file);
      const all = pages.map((p) => p.text).join(' ');

      // The language asked for, and the whole generation date and time.
      expect(all).toContain(lang === 'es' ? 'Informe de la cartera de socios' : 'Partner portfolio report');
      expect(all).toMatch(
        lang === 'es'
          ? /Generado \d{1,2} \w{3} \d{4}, \d{1,2}:\d{2} [ap]\. m\./
          : /Generated \w{3} \d{1,2}, \d{4}, \d{1,2}:\d{2} [AP]M/,
      );
      // Each table's headers up to its last column are on the page.
      for (const header of headers[lang]) expect(all, header).toContain(header);
      // The coverage grid has all 13 assistance types in the last territory's row.
      expect(all).toContain(
        lang === 'es' ? 'Cobertura: territorio × tipo de asistencia' : 'Coverage: territory × assistance type',
      );
      // (The legend after the grid starts with the gap word too: "Gap = no small agile partner".)
      const rows = [
        ...all.matchAll(new RegExp(`Quevedo((?: (?:${lang === 'es' ? 'Brecha' : 'Gap'}(?! =)|\\d+))+)`, 'g')),
      ];
      expect(rows.at(-1)![1]!.trim().split(' ')).toHaveLength(13);
      // No page but the last is two-thirds blank.
      for (const [i, p] of pages.slice(0, -1).entries()) expect(p.inkedTo, `page ${i + 1}`).toBeGreaterThan(1 / 3);
      // A4 portrait throughout.
      expect(pages.every((p) => Math.round(p.width) === 595)).toBe(true);
      expect(readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-');
    },
  );

  it('shows that the PDF is being generated, then hands over the file', async () => {
    const viewer = await userWithRole(harness.db, 'viewer', { email: 'pdf-button@example.org' });
    const { page, problems } = await newPage(harness, 'en-US');
    await signInAs(page, viewer.email, viewer.password);
    await page.goto('/reports/portfolio?lang=en');
    const button = page.locator('.report-toolbar form[data-pdf-download] button[type="submit"]');
    await page.locator('#report-pdf-lang').selectOption('es');
    const download = page.waitForEvent('download');
    await button.click();
    await expect.poll(() => button.textContent()).toBe('Generating PDF…');
    expect(await button.getAttribute('aria-busy')).toBe('true');
    expect((await download).suggestedFilename()).toMatch(/^informe-cartera-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.pdf$/);
    await expect.poll(() => button.textContent()).toBe('Download PDF');
    expect(problems).toEqual([]);
  });
});
