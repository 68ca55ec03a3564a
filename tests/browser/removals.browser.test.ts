import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/audit/actor.js';
import { logEvent } from '../../src/evidence/service.js';
import { addPartner, idsByCode, userWithRole } from '../helpers/app.js';
import {
  type BrowserHarness,
  newPage,
  seriousAccessibilityViolations,
  signInAs,
  startBrowserHarness,
} from '../helpers/browser.js';

let harness: BrowserHarness;
let officer: { email: string; password: string };
let partnerId: number;
const DAY_MS = 24 * 60 * 60 * 1000;

beforeAll(async () => {
  harness = await startBrowserHarness();
  officer = await userWithRole(harness.db, 'officer');
  const ids = await idsByCode(harness.db);
  partnerId = (
    await addPartner(harness.db, {
      name: 'Red Comunitaria Esperanza',
      staffCount: 8,
      adminSteps: 2,
      declaredResponseHours: 300,
    })
  ).id;
  for (const daysAgo of [40, 30, 20]) {
    const requestedAt = Date.now() - daysAgo * DAY_MS;
    await logEvent(harness.db, SYSTEM_ACTOR, partnerId, {
      territoryId: ids.territory.tulcan!,
      assistanceTypeId: ids.assistanceType.shelter!,
      requestedAt: new Date(requestedAt).toISOString(),
      firstAssistanceAt: new Date(requestedAt + 12 * 60 * 60 * 1000).toISOString(),
      peopleAssisted: 30 + daysAgo,
    });
  }
}, 60_000);

afterAll(async () => {
  await harness.close();
});

describe('removing a response event in a browser', { timeout: 30_000 }, () => {
  it('asks first with the score before → after, removes, and undoes from the notice', async () => {
    const { page, problems } = await newPage(harness);
    await signInAs(page, officer.email, officer.password);
    await page.goto(`/partners/${partnerId}`);
    const rows = page.locator('#events tbody tr');
    expect(await rows.count()).toBe(3);

    await rows
      .first()
      .getByRole('link', { name: /Eliminar/ })
      .click();
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toBe('¿Eliminar este evento de respuesta?');
    const changes = await page.locator('.removal__score').textContent();
    expect(changes).toContain('Ahora');
    expect(changes).toContain('Tras eliminar');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Sí, eliminar' }).click();
    await page.waitForURL(/notice=eventRemoved&undo=\d+/);
    const notice = page.getByRole('status').filter({ hasText: 'Evento eliminado' });
    await expect.poll(() => notice.count()).toBe(1);
    expect(await rows.count()).toBe(2);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    await notice.getByRole('button', { name: 'Deshacer' }).click();
    await page.waitForURL(/notice=eventRestored/);
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('Evento restaurado');
    expect(await rows.count()).toBe(3);
    expect(problems).toEqual([]);
  });
});
