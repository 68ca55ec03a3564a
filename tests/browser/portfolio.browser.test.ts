import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/audit/actor.js';
import { createAgreement } from '../../src/portfolio/service.js';
import { addDays } from '../../src/portfolio/rules.js';
import { ecuadorToday } from '../../src/shared/dates.js';
import { addPartner, idsByCode, userWithRole } from '../helpers/app.js';
import {
  type BrowserHarness,
  newPage,
  seriousAccessibilityViolations,
  signInAs,
  startBrowserHarness,
} from '../helpers/browser.js';

let harness: BrowserHarness;
let atRisk: number;

beforeAll(async () => {
  harness = await startBrowserHarness();
  const db = harness.db;
  await addPartner(db, { name: 'Respuesta Lenta', staffCount: 300, declaredResponseHours: 200 });
  await addPartner(db, { name: 'Respuesta Veloz', staffCount: 6, adminSteps: 2, declaredResponseHours: 10 });
  atRisk = (await addPartner(db, { name: 'Socio En Riesgo', staffCount: 9, adminSteps: 2, declaredResponseHours: 20 }))
    .id;
  const ids = await idsByCode(db);
  const today = ecuadorToday();
  await createAgreement(db, SYSTEM_ACTOR, {
    partnerId: atRisk,
    code: 'AC-RIESGO-1',
    title: 'Convenio por terminar',
    startDate: addDays(today, -200),
    endDate: addDays(today, 20),
    amountUsd: 50000,
    territoryIds: [ids.territory.tulcan!],
    assistanceTypeIds: [ids.assistanceType.shelter!],
    status: 'active',
  });
}, 60_000);

afterAll(async () => {
  await harness.close();
});

describe('portfolio in a browser', { timeout: 40_000 }, () => {
  it('lets an officer find the fastest partner for a territory', async () => {
    const officer = await userWithRole(harness.db, 'officer');
    const { page, problems } = await newPage(harness);
    await signInAs(page, officer.email, officer.password);
    await page.getByRole('link', { name: 'Respuesta rápida' }).click();
    await page.getByLabel('Territorio').selectOption({ label: 'Tulcán' });
    await page.getByLabel('Tipo de asistencia').selectOption({ label: 'Alojamiento temporal' });
    await page.getByRole('button', { name: 'Buscar' }).click();
    await page.waitForURL(/territoryId=/);
    const rows = await page.locator('tbody tr').allTextContents();
    expect(rows[0]).toContain('Respuesta Veloz');
    expect(rows[0]).toContain('10 h');
    expect(rows[rows.length - 1]).toContain('Respuesta Lenta');
    expect(await page.locator('main').textContent()).not.toContain('Brecha de cobertura');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('lets procurement resolve an alert by drafting a follow-on agreement and recording a decision', async () => {
    const buyer = await userWithRole(harness.db, 'procurement');
    const { page, problems } = await newPage(harness);
    await signInAs(page, buyer.email, buyer.password);
    expect(await page.locator('.count-badge').textContent()).toBe('1');
    await page.getByRole('link', { name: /Alertas/ }).click();
    expect(await page.locator('main').textContent()).toContain('Socio En Riesgo');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    await page.getByRole('link', { name: 'Preparar convenio' }).click();
    await page.getByLabel('Código').fill('AC-RIESGO-2');
    await page.getByLabel('Título').fill('Continuidad 2027');
    const today = ecuadorToday();
    await page.getByLabel('Inicio').fill(addDays(today, 21));
    await page.getByLabel('Fin', { exact: true }).fill(addDays(today, 380));
    await page.getByLabel('Monto (USD)').fill('60.000');
    await page.getByRole('button', { name: 'Guardar' }).click();
    await page.waitForURL(/\/agreements\/\d+\?notice=saved/);
    expect(await page.locator('main').textContent()).toContain('Convenio guardado.');

    await page.getByRole('link', { name: 'Registrar decisión' }).click();
    await page.getByLabel('Decisión', { exact: true }).selectOption('renew');
    await page.getByLabel('Justificación').fill('Respuesta rápida en Tulcán; se renueva el convenio');
    await page.getByRole('button', { name: 'Registrar decisión' }).click();
    await page.waitForURL(new RegExp(`/partners/${atRisk}\\?notice=decisionRecorded`));
    expect(await page.locator('#decisions').textContent()).toContain('Renovar');

    await page.goto('/portfolio/alerts');
    expect(await page.locator('main').textContent()).toContain(
      'Ningún socio pequeño recomendado está por salir de la cartera.',
    );
    expect(await page.locator('.count-badge').textContent()).toBe('0');
    await page.goto('/portfolio/balance');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
  });
});
