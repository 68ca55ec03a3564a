// Headless Chromium (Debian's) driven by playwright-core, against the real app on a free port.
import { existsSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import type { Server } from 'node:http';
import type { Express } from 'express';
import { type Browser, type Page, chromium } from 'playwright-core';
import type { Db } from '../../src/database/connect.js';
import { createPdfRenderer } from '../../src/reports/pdf-renderer.js';
import { testApp } from './app.js';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface BrowserHarness {
  browser: Browser;
  server: Server;
  app: Express;
  baseUrl: string;
  db: Db;
  close(): Promise<void>;
}

export async function startBrowserHarness(options: { pdf?: boolean } = {}): Promise<BrowserHarness> {
  if (!existsSync(CHROMIUM_PATH)) {
    // Never skipped: a missing browser is a failure with the fix in its message.
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}. Install it (apt-get install -y chromium) or set CHROMIUM_PATH.`,
    );
  }
  const pdf = options.pdf ? createPdfRenderer(CHROMIUM_PATH) : undefined;
  const { app, db } = await testApp({ ...(pdf ? { pdf } : {}) });
  const server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const { port } = server.address() as AddressInfo;
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
  return {
    browser,
    server,
    app,
    db,
    baseUrl: `http://127.0.0.1:${port}`,
    async close() {
      await browser.close();
      await pdf?.close();
      await new Promise((resolve) => server.close(resolve));
      await db.destroy();
    },
  };
}

/** A page that records console errors and CSP violations, so a test can assert there were none. */
export async function newPage(harness: BrowserHarness, locale = 'es-EC'): Promise<{ page: Page; problems: string[] }> {
  const context = await harness.browser.newContext({ locale, baseURL: harness.baseUrl });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    // A form re-rendered with 400 (validation) or 409 (conflict) is the page working as designed.
    const expectedStatus = /the server responded with a status of (400|409)/.test(message.text());
    if (message.type() === 'error' && !expectedStatus) problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  return { page, problems };
}

export async function seriousAccessibilityViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    // Only violations are read: axe skips gathering the (many) passing nodes.
    const result = await (
      window as unknown as {
        axe: {
          run: (
            options: object,
          ) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }>;
        };
      }
    ).axe.run({ resultTypes: ['violations'] });
    return result.violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

export async function signInAs(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/sign-in');
  await page.locator('#field-email').fill(email);
  await page.locator('#field-password').fill(password);
  await page.locator('form[action="/sign-in"] button[type="submit"]').click();
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
}

/**
 * How far the document is wider than the viewport, with the outermost elements that stick out. An element
 * overflowing inside a scroll box that itself fits does not count, unless it is positioned out of that box.
 */
export async function horizontalOverflow(
  page: Page,
): Promise<{ scrollWidth: number; viewport: number; widest: string[] }> {
  return page.evaluate(() => {
    const viewport = window.innerWidth;
    const sticksOut = (el: Element) => el.getBoundingClientRect().right > viewport + 0.5;
    const contained = (el: Element) => {
      const fixed = getComputedStyle(el).position === 'fixed';
      let escaping = fixed || getComputedStyle(el).position === 'absolute';
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        const style = getComputedStyle(p);
        if (escaping && !fixed && style.position !== 'static') escaping = false;
        if (!escaping && style.overflowX !== 'visible' && !sticksOut(p)) return true;
        if (style.position === 'absolute' || style.position === 'fixed') escaping = true;
      }
      return false;
    };
    const describe = (el: Element) => {
      const classes =
        typeof el.className === 'string' && el.className.trim() ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
      return `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${classes}`;
    };
    const widest: string[] = [];
    const all = Array.from(document.querySelectorAll('body *'));
    for (const el of all) {
      if (!sticksOut(el) || contained(el)) continue;
      const parent = el.parentElement!;
      if (parent !== document.body && sticksOut(parent) && !contained(parent)) continue;
      widest.push(`${describe(el)} in ${describe(parent)} reaches ${Math.round(el.getBoundingClientRect().right)} px`);
    }
    if (widest.length === 0) {
      // Nothing sticks out as a box: it is content (a line that does not wrap) overflowing the deepest box.
      const spilling = all.filter(
        (el) => el.getBoundingClientRect().left + el.scrollWidth > viewport + 0.5 && !contained(el),
      );
      for (const el of spilling)
        if (!spilling.some((other) => other !== el && el.contains(other)))
          widest.push(
            `the content of ${describe(el)} reaches ${Math.round(el.getBoundingClientRect().left + el.scrollWidth)} px`,
          );
    }
    return { scrollWidth: document.documentElement.scrollWidth, viewport, widest: widest.slice(0, 5) };
  });
}
