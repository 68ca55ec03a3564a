import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPartner, userWithRole } from '../helpers/app.js';
import {
  type BrowserHarness,
  newPage as newAnonymousPage,
  seriousAccessibilityViolations,
  signInAs,
  startBrowserHarness,
} from '../helpers/browser.js';

let harness: BrowserHarness;
let officer: { email: string; password: string };

/** A page signed in as a program officer, who keeps partner profiles current. */
async function newPage(h: BrowserHarness, locale = 'es-EC') {
  const opened = await newAnonymousPage(h, locale);
  await signInAs(opened.page, officer.email, officer.password);
  return opened;
}

beforeAll(async () => {
  harness = await startBrowserHarness();
  officer = await userWithRole(harness.db, 'officer');
  await addPartner(harness.db, { name: 'Asociación Niñez Feliz', staffCount: 6, acronym: 'ANF' });
  await addPartner(harness.db, {
    name: 'Ayuda Global Internacional',
    staffCount: 320,
    organizationType: 'international_ngo',
  });
}, 60_000);

afterAll(async () => {
  await harness.close();
});

describe('partner registry in a browser', { timeout: 30_000 }, () => {
  it('creates a partner after failing validation and fixing it', async () => {
    const { page, problems } = await newPage(harness);
    await page.goto('/partners');
    await page.getByRole('link', { name: 'Registrar socio' }).click();
    await page.getByLabel('Nombre', { exact: true }).fill('Colectivo Sembrando Futuro');
    await page.getByLabel('Tipo de organización').selectOption('cbo');
    await page.getByLabel('Personal remunerado').fill('doce');
    await page.getByLabel('Quevedo').check();
    await page.getByRole('button', { name: 'Registrar socio' }).click();

    const summary = page.getByRole('alert');
    await expect.poll(() => summary.textContent()).toContain('Hay un problema');
    expect(await summary.textContent()).toContain('Personal remunerado: escriba un número, por ejemplo 12');
    expect(await summary.textContent()).toContain(
      'Tipos de asistencia que entrega: elija al menos un tipo de asistencia que entrega',
    );
    expect(await page.evaluate(() => document.activeElement?.className)).toContain('error-summary');
    expect(await page.getByLabel('Nombre', { exact: true }).inputValue()).toBe('Colectivo Sembrando Futuro');

    await summary.getByRole('link', { name: 'Escriba un número, por ejemplo 12' }).click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('field-staffCount');
    await page.getByLabel('Personal remunerado').fill('12');
    await page.getByLabel('Salud').check();
    await page.getByRole('button', { name: 'Registrar socio' }).click();

    await page.waitForURL(/\/partners\/\d+\?notice=created/);
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toContain('Colectivo Sembrando Futuro');
    const main = await page.locator('main').textContent();
    expect(main).toContain('Pequeña');
    expect(main).toContain('Socio pequeño');
    expect(main).toContain('Quevedo');
    expect(problems).toEqual([]);
  });

  it('edits a partner and shows the new size class', async () => {
    const { page, problems } = await newPage(harness);
    await page.goto('/partners?q=ayuda');
    await page.getByRole('link', { name: 'Ayuda Global Internacional' }).click();
    await page.getByRole('link', { name: 'Editar' }).click();
    await page.getByLabel('Personal remunerado').fill('150');
    await page.getByRole('button', { name: 'Guardar' }).click();
    await page.waitForURL(/notice=updated/);
    const main = await page.locator('main').textContent();
    expect(main).toContain('Cambios guardados.');
    expect(main).toContain('Mediana');
    expect(problems).toEqual([]);
  });

  it('searches with and without accents', async () => {
    const { page } = await newPage(harness);
    for (const term of ['asociacion ninez', 'Asociación Niñez', 'ANF']) {
      await page.goto('/partners');
      await page.getByLabel('Buscar por nombre, sigla o RUC').fill(term);
      await page.getByRole('button', { name: 'Aplicar' }).click();
      await page.waitForURL(/q=/);
      const rows = await page.locator('tbody tr').allTextContents();
      expect(rows, term).toHaveLength(1);
      expect(rows[0]).toContain('Asociación Niñez Feliz');
    }
  });

  it('switches language and keeps the page', async () => {
    const { page } = await newPage(harness);
    await page.goto('/partners?q=ayuda');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Socios implementadores');
    await page.getByRole('button', { name: /English/ }).click();
    await page.waitForURL(/\/partners\?q=ayuda/);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Implementing partners');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.getByRole('button', { name: /Español/ }).click();
    await page.waitForURL(/\/partners\?q=ayuda/);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Socios implementadores');
  });

  it('has no serious or critical accessibility violation on the list, partner and form pages', async () => {
    const { page, problems } = await newPage(harness);
    const partner = await addPartner(harness.db, { name: 'Fundación Accesible', ruc: '0993381661001' });
    for (const path of ['/partners', `/partners/${partner.id}`, '/partners/new', `/partners/${partner.id}/edit`]) {
      await page.goto(path);
      expect(await seriousAccessibilityViolations(page), path).toEqual([]);
    }
    await page.goto('/partners/new');
    await page.getByRole('button', { name: 'Registrar socio' }).click();
    expect(await seriousAccessibilityViolations(page), 'form with errors').toEqual([]);
    expect(problems).toEqual([]);
  });

  it('is usable on a phone: no horizontal scrolling on the list', async () => {
    const { page } = await newPage(harness);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto('/partners');
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
  });
});
