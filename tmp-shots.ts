import { chromium } from 'playwright-core';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
const page = await (await browser.newContext({ locale: 'es-EC', viewport: { width: 1280, height: 900 } })).newPage();
page.on('console', (m) => { if (m.type() === 'error') console.log('console', m.text()); });
const base = 'http://localhost:3200';
await page.goto(base + '/sign-in');
await page.fill('#field-email', 'oficial@demo.cartera.ec');
await page.fill('#field-password', 'demo-oficial-cartera');
await page.click('form[action="/sign-in"] button[type="submit"]');
await page.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
await page.goto(base + '/imports');
await page.screenshot({ path: 'screenshots/imports-upload.png', fullPage: true });
// upload a file with an unrecognized column
const csv = 'Nombre;RUC;Tipo de organización;Personal;Ciudad base;Sectores;Zona\nColectivo Nuevo;;ONG nacional;5;Quito;Salud;norte\nFundación X;1790085783001;ONG;abc;Marte;Salud;sur\n';
await page.setInputFiles('#field-file', { name: 'socios-lista.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
await page.click('form[action="/imports"] button[type="submit"]');
await page.waitForLoadState();
console.log(page.url());
await page.screenshot({ path: 'screenshots/imports-mapping.png', fullPage: true });
const sel = page.locator('select[name="column4"]');
if (await sel.count()) { await sel.selectOption('territories'); await page.click('form[action$="/mapping"] button[type="submit"]'); await page.waitForLoadState(); }
console.log(page.url());
await page.screenshot({ path: 'screenshots/imports-preview-rejected.png', fullPage: true });
// demo partners sample
await page.goto(base + '/imports');
const fs = await import('node:fs');
await page.setInputFiles('#field-file', { name: 'demo-partners.csv', mimeType: 'text/csv', buffer: fs.readFileSync('db/demo-imports/partners.csv') });
await page.click('form[action="/imports"] button[type="submit"]');
await page.waitForLoadState();
await page.screenshot({ path: 'screenshots/imports-preview.png', fullPage: true });
const commit = page.locator('form[action$="/commit"] button');
if (await commit.count()) { await commit.click(); await page.waitForLoadState(); }
await page.screenshot({ path: 'screenshots/imports-committed.png', fullPage: true });
await page.goto(base + '/imports/history');
await page.screenshot({ path: 'screenshots/imports-history.png', fullPage: true });
await browser.close();
