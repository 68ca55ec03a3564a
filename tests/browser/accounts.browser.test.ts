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

beforeAll(async () => {
  harness = await startBrowserHarness();
  partnerId = (await addPartner(harness.db, { name: 'Fundación Semillas de Paz' })).id;
}, 60_000);

afterAll(async () => {
  await harness.close();
});

describe('accounts in a browser', { timeout: 30_000 }, () => {
  it('sends a visitor to sign in, then back to the page they asked for', async () => {
    const viewer = await userWithRole(harness.db, 'viewer');
    const { page, problems } = await newPage(harness);
    await page.goto(`/partners/${partnerId}`);
    await page.waitForURL(/\/sign-in\?next=/);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.locator('#field-email').fill(viewer.email);
    await page.locator('#field-password').fill('no es la clave correcta');
    await page.locator('form[action="/sign-in"] button[type="submit"]').click();
    expect(await page.getByRole('alert').textContent()).toContain('El correo o la contraseña no son correctos.');
    await page.locator('#field-password').fill(viewer.password);
    await page.locator('form[action="/sign-in"] button[type="submit"]').click();
    await page.waitForURL(new RegExp(`/partners/${partnerId}$`));
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('Fundación Semillas de Paz');
    expect(problems.filter((p) => !/status of 401/.test(p))).toEqual([]);
  });

  it('shows a viewer only what the role allows: no edit, no register, no admin menu', async () => {
    const viewer = await userWithRole(harness.db, 'viewer');
    const { page } = await newPage(harness);
    await signInAs(page, viewer.email, viewer.password);
    await page.goto(`/partners/${partnerId}`);
    expect(await page.getByRole('link', { name: 'Editar' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Archivar' }).count()).toBe(0);
    await page.goto('/partners');
    expect(await page.getByRole('link', { name: 'Registrar socio' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Administración', exact: true }).count()).toBe(0);
    const response = await page.goto(`/partners/${partnerId}/edit`);
    expect(response?.status()).toBe(403);
    expect(await page.locator('main').textContent()).toContain('Su rol no permite esta acción');
  });

  it('shows an admin the user and audit pages, and signs out', async () => {
    const admin = await userWithRole(harness.db, 'admin');
    const { page, problems } = await newPage(harness);
    await signInAs(page, admin.email, admin.password);
    await page.getByRole('link', { name: 'Administración', exact: true }).click();
    await page.waitForURL(/\/admin\/users/);
    expect(await page.locator('main').textContent()).toContain(admin.email);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.getByRole('link', { name: 'Auditoría' }).click();
    expect(await page.locator('main').textContent()).toContain('Inicio de sesión');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Cerrar sesión' }).click();
    await page.waitForURL(/\/sign-in\?signedOut=1/);
    expect(await page.locator('main').textContent()).toContain('Cerró la sesión.');
    await page.goto('/partners');
    await page.waitForURL(/\/sign-in/);
    expect(problems).toEqual([]);
  });

  it('makes a user with a temporary password choose a new one first', async () => {
    const officer = await userWithRole(harness.db, 'officer', { mustChangePassword: true });
    const { page } = await newPage(harness);
    await signInAs(page, officer.email, officer.password);
    expect(new URL(page.url()).pathname).toBe('/account/password');
    await page.goto('/partners');
    expect(new URL(page.url()).pathname).toBe('/account/password');
    await page.locator('#field-currentPassword').fill(officer.password);
    await page.locator('#field-newPassword').fill('mi nueva frase secreta de campo');
    await page.locator('#field-confirmPassword').fill('mi nueva frase secreta de campo');
    await page.getByRole('button', { name: 'Guardar contraseña' }).click();
    await page.waitForURL(/\/account\?notice=password/);
    await page.goto('/partners');
    expect(new URL(page.url()).pathname).toBe('/partners');
  });
});
