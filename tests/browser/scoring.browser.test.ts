import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPartner, userWithRole } from '../helpers/app.js';
import {
  type BrowserHarness,
  newPage,
  seriousAccessibilityViolations,
  signInAs,
  startBrowserHarness,
} from '../helpers/browser.js';

let harness: BrowserHarness;
let partnerId: number;
let officer: { email: string; password: string };

beforeAll(async () => {
  harness = await startBrowserHarness();
  officer = await userWithRole(harness.db, 'officer');
  partnerId = (
    await addPartner(harness.db, {
      name: 'Colectivo Respuesta Rápida',
      staffCount: 8,
      adminSteps: 3,
      declaredResponseHours: 200,
    })
  ).id;
}, 60_000);

afterAll(async () => {
  await harness.close();
});

/** "2026-11-20T14:30" for a datetime-local input, in Ecuador time, `hoursAgo` before now. */
function ecuadorInput(hoursAgo: number): string {
  return new Date(Date.now() - hoursAgo * 3600_000 - 5 * 3600_000).toISOString().slice(0, 16);
}

describe('scoring in a browser', { timeout: 40_000 }, () => {
  it('logs response events and watches the receipt change', async () => {
    const { page, problems } = await newPage(harness);
    await signInAs(page, officer.email, officer.password);
    await page.goto(`/partners/${partnerId}`);
    const receipt = page.locator('#score');
    expect(await receipt.textContent()).toContain('declarado');
    const before = await receipt.locator('.receipt__overall').textContent();

    for (const [requested, delivered] of [
      [60, 50],
      [40, 30],
      [20, 12],
    ] as const) {
      await page.getByRole('link', { name: 'Registrar evento' }).first().click();
      await page.getByLabel('Solicitud de asistencia').fill(ecuadorInput(requested));
      await page.getByLabel('Primera asistencia entregada').fill(ecuadorInput(delivered));
      await page.getByLabel('Personas asistidas').fill('120');
      await page.getByRole('button', { name: 'Guardar' }).click();
      await page.waitForURL(/notice=eventSaved/);
    }
    const text = await receipt.textContent();
    expect(text).toContain('medido en 3 eventos');
    expect(text).toContain('con una mediana de respuesta de 10 h en 3 eventos');
    expect(await receipt.locator('.receipt__overall').textContent()).not.toBe(before);
    expect(await page.locator('#events').textContent()).toContain('(3)');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('shows a clear message when delivery comes before the request', async () => {
    const { page } = await newPage(harness);
    await signInAs(page, officer.email, officer.password);
    await page.goto(`/partners/${partnerId}/events/new`);
    await page.getByLabel('Solicitud de asistencia').fill(ecuadorInput(10));
    await page.getByLabel('Primera asistencia entregada').fill(ecuadorInput(20));
    await page.getByRole('button', { name: 'Guardar' }).click();
    expect(await page.getByRole('alert').textContent()).toContain(
      'Primera asistencia entregada: la primera asistencia no puede ser anterior a la solicitud',
    );
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
  });

  it('shows the ranking and the methodology without accessibility problems', async () => {
    const buyer = await userWithRole(harness.db, 'procurement');
    const { page, problems } = await newPage(harness);
    await signInAs(page, buyer.email, buyer.password);
    for (const path of ['/ranking', '/methodology', '/methodology/draft']) {
      await page.goto(path);
      expect(await seriousAccessibilityViolations(page), path).toEqual([]);
    }
    expect(problems).toEqual([]);
  });
});
