// A messy spreadsheet in a browser: the office's own words go through the value mapping step (two
// suggestions confirmed), a bad cell is corrected in the preview, and the file commits.
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

// "Tulcn" and "Guayakil" are near misses to confirm; "ocho" is a staff count to correct.
const SHEET = Buffer.from(
  'Nombre;Tipo;Personal;Territorios;Sectores\r\n' +
    'Red Frontera Norte;ONG local;ocho;Tulcn;ASH\r\n' +
    'Iglesia del Puerto;Iglesia;5;Guayakil;alimentos\r\n' +
    'Comité Barrial Sur;Org. comunitaria;3;Tulcn;Salud\r\n',
  'utf8',
);

describe('import values in a browser', { timeout: 60_000 }, () => {
  it('confirms two suggested values, corrects a cell in place and commits', async () => {
    const officer = await userWithRole(harness.db, 'officer');
    const { page, problems } = await newPage(harness);
    await signInAs(page, officer.email, officer.password);
    await page.goto(`${harness.baseUrl}/imports`);
    await page.getByLabel('Tipo de registro').selectOption({ label: 'Socios' });
    await page
      .getByLabel('Archivo CSV o XLSX')
      .setInputFiles({ name: 'socios.csv', mimeType: 'text/csv', buffer: SHEET });
    await page.getByRole('button', { name: 'Subir y ver la vista previa' }).click();

    await page.waitForURL(/\/imports\/\d+\/values$/);
    expect(await page.getByRole('status').first().textContent()).toContain('Falta confirmar 2 valores');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    // Each suggestion is preselected beside its value; saving confirms both.
    expect(await page.getByLabel('«Tulcn»').inputValue()).toBe('tulcan');
    expect(await page.getByLabel('«Guayakil»').inputValue()).toBe('guayaquil');
    await page.getByRole('button', { name: 'Guardar y ver la vista previa' }).click();

    await page.waitForURL(/\/imports\/\d+$/);
    const correction = page.getByLabel('Corrección de la fila 2, columna Personal');
    expect(await correction.inputValue()).toBe('ocho');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await correction.fill('8');
    await page.getByRole('button', { name: 'Guardar correcciones y revisar de nuevo' }).click();
    await page.waitForURL(/notice=cellsSaved/);
    const stats = await page
      .locator('.stat')
      .evaluateAll((cards) => cards.map((card) => (card as HTMLElement).innerText.replace(/\s+/g, ' ').trim()));
    expect(stats.slice(0, 4)).toEqual(['3 Se crearán', '0 Se actualizarán', '0 Sin cambios', '0 Rechazadas']);

    await page.getByRole('button', { name: 'Confirmar la importación de 3 filas' }).click();
    await page.waitForURL(/notice=committed/);
    const partner = await harness.db
      .selectFrom('partners')
      .select(['staffCount', 'organizationType'])
      .where('name', '=', 'Red Frontera Norte')
      .executeTakeFirstOrThrow();
    expect(partner).toEqual({ staffCount: 8, organizationType: 'national_ngo' });
    expect(problems).toEqual([]);
  });
});
