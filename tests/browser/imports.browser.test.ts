import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userWithRole } from '../helpers/app.js';
import {
  type BrowserHarness,
  newPage,
  seriousAccessibilityViolations,
  signInAs,
  startBrowserHarness,
} from '../helpers/browser.js';

let harness: BrowserHarness;

beforeAll(async () => {
  harness = await startBrowserHarness();
}, 60_000);

afterAll(async () => {
  await harness.close();
});

// Windows-1252, semicolons, a decimal comma and a column the import does not know ("Ciudad base").
const SHEET = Buffer.from(
  'Nombre de la organización;Tipo de organización;N° de colaboradores;Presupuesto anual (USD);Ciudad base;Sectores\r\n' +
    'Fundación Raíces del Carchi;ONG nacional;12;85.400,50;Tulcán;Protección\r\n' +
    'Colectivo Niñez Feliz;organización de base comunitaria;6;;nueva loja;"Agua, saneamiento e higiene"\r\n',
  'latin1',
);

describe('spreadsheet import in a browser', { timeout: 60_000 }, () => {
  it('uploads, confirms a suggested column, previews and commits', async () => {
    const officer = await userWithRole(harness.db, 'officer');
    const { page, problems } = await newPage(harness);
    await signInAs(page, officer.email, officer.password);
    await page.getByRole('link', { name: 'Importar', exact: true }).click();
    await page.waitForURL(/\/imports$/);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    await page.getByLabel('Tipo de registro').selectOption({ label: 'Socios' });
    await page
      .getByLabel('Archivo CSV o XLSX')
      .setInputFiles({ name: 'socios-excel.csv', mimeType: 'text/csv', buffer: SHEET });
    await page.getByRole('button', { name: 'Subir y ver la vista previa' }).click();
    await page.waitForURL(/\/imports\/\d+\/mapping$/);
    // "Ciudad base" names no field; its closest one is suggested beside it and already chosen.
    const cityColumn = page.getByLabel('Ciudad base');
    expect(await page.locator('#field-column4-suggestion').textContent()).toBe('Sugerencia: Territorios (67 %)');
    expect(await cityColumn.getAttribute('aria-describedby')).toBe('field-column4-suggestion');
    expect(await cityColumn.inputValue()).toBe('territories');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Guardar y ver la vista previa' }).click();
    await page.waitForURL(/\/imports\/\d+$/);
    const stats = await page
      .locator('.stat')
      .evaluateAll((cards) => cards.map((card) => (card as HTMLElement).innerText.replace(/\s+/g, ' ').trim()));
    expect(stats).toEqual(['2 Se crearán', '0 Se actualizarán', '0 Sin cambios', '0 Rechazadas', '0 Con advertencias']);
    expect(await page.locator('dl').textContent()).toContain('Windows-1252');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Confirmar la importación de 2 filas' }).click();
    await page.waitForURL(/notice=committed/);
    expect(await page.getByRole('status').first().textContent()).toContain('Importación confirmada');
    await page.getByRole('link', { name: 'Ver los registros creados' }).click();
    await page.getByRole('link', { name: 'Colectivo Niñez Feliz' }).click();
    await page.waitForURL(/\/partners\/\d+$/);
    const profile = await page.locator('main').textContent();
    expect(profile).toContain('Lago Agrio (Nueva Loja)');
    expect(profile).toContain('Agua, saneamiento e higiene');
    expect(problems).toEqual([]);
  });
});
