// Renders a report page to PDF with headless Chromium on the server. The page is served to the
// browser from memory and its assets from disk: Chromium never reaches the network or the app.
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import type { WorkQueue } from '../http/work-queue.js';

export interface PdfRenderer {
  /** An aborted signal stops the render: its page is closed and the promise rejects. */
  render(html: string, assetFile: (path: string) => string | undefined, signal?: AbortSignal): Promise<Buffer>;
  close(): Promise<void>;
}

const ORIGIN = 'http://report.invalid';
const TYPES: Record<string, string> = {
  '.css': 'text/css',
  '.js': 'text/javascript',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
];
const RENDER_TIMEOUT_MS = 15_000;
/** The printable width of an A4 portrait page with the report's 12 mm side margins (186 mm at 96 px per inch). */
const PRINTABLE_WIDTH_PX = Math.floor((186 / 25.4) * 96);

/** One browser, started at the first report and reused; each report gets its own context. */
export function createPdfRenderer(executablePath: string): PdfRenderer {
  let browser: Promise<Browser> | null = null;
  const started = () => {
    browser ??= chromium.launch({ executablePath, args: CHROMIUM_ARGS }).catch((error: unknown) => {
      browser = null;
      throw error;
    });
    return browser;
  };

  return {
    async render(html, assetFile, signal) {
      // Laid out at the paper's width in print media from the start, so the charts are drawn at
      // their printed size and nothing is wider than the page.
      const context = await (
        await started()
      ).newContext({ javaScriptEnabled: true, locale: 'es-EC', viewport: { width: PRINTABLE_WIDTH_PX, height: 1000 } });
      // Closing the context makes whatever step is running (even page.pdf, which has no timeout) fail.
      const stop = () => void context.close().catch(() => undefined);
      signal?.addEventListener('abort', stop);
      try {
        signal?.throwIfAborted();
        const page = await context.newPage();
        await page.emulateMedia({ media: 'print' });
        await page.route('**/*', async (route) => {
          const url = new URL(route.request().url());
          if (url.origin !== ORIGIN) return route.abort();
          if (url.pathname === '/')
            return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html });
          const file = url.pathname.startsWith('/assets/')
            ? assetFile(decodeURIComponent(url.pathname.slice('/assets/'.length)))
            : undefined;
          if (!file) return route.fulfill({ status: 404, body: '' });
          return route.fulfill({
            status: 200,
            contentType: TYPES[extname(file)] ?? 'application/octet-stream',
            body: await readFile(file),
          });
        });
        await page.goto(`${ORIGIN}/`, { waitUntil: 'load', timeout: RENDER_TIMEOUT_MS });
        // The charts script marks the page when every chart is drawn.
        await page.waitForFunction(() => document.documentElement.dataset.chartsReady === 'true', undefined, {
          timeout: RENDER_TIMEOUT_MS,
        });
        return await page.pdf({
          format: 'A4',
          printBackground: true,
          preferCSSPageSize: true,
          margin: { top: '14mm', bottom: '14mm', left: '12mm', right: '12mm' },
        });
      } finally {
        signal?.removeEventListener('abort', stop);
        await context.close();
      }
    },
    async close() {
      if (browser) await (await browser.catch(() => null))?.close();
      browser = null;
    },
  };
}

/**
 * Renders through a work queue: at most the queue's concurrency of Chromium pages at once, a short
 * wait for a place, and a deadline per report; the caller gets WorkBusyError or WorkTimeoutError.
 */
export function boundedPdfRenderer(renderer: PdfRenderer, queue: WorkQueue, timeoutMs: number): PdfRenderer {
  return {
    render: (html, assetFile) => queue.run((signal) => renderer.render(html, assetFile, signal), timeoutMs),
    close: () => renderer.close(),
  };
}
