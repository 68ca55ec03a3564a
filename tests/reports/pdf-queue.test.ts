// The PDF report goes through a bounded queue: a burst neither opens a Chromium page per request
// nor takes the server down. A fake renderer stands in for Chromium and counts its open pages.
import type { Response } from 'supertest';
import { describe, expect, it, vi } from 'vitest';
import type { PdfRenderer } from '../../src/reports/pdf-renderer.js';
import { signedInAgent, testApp } from '../helpers/app.js';

/** Renders only when let go, and counts how many pages are open at once. */
function heldRenderer() {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const stats = { open: 0, mostOpen: 0, started: 0, aborted: 0 };
  const renderer: PdfRenderer = {
    async render(_html, _assets, signal) {
      stats.started++;
      stats.open++;
      stats.mostOpen = Math.max(stats.mostOpen, stats.open);
      try {
        await new Promise<void>((resolve, reject) => {
          void gate.then(resolve);
          signal?.addEventListener('abort', () => {
            stats.aborted++;
            reject(new Error('page closed'));
          });
        });
        return Buffer.from('%PDF-1.7 fake');
      } finally {
        stats.open--;
      }
    },
    close: async () => undefined,
  };
  return { renderer, stats, release };
}

describe('PDF report queue', () => {
  it('renders a burst of 20 two at a time, lets 10 wait and turns the rest away with 503 and Retry-After', async () => {
    const { renderer, stats, release } = heldRenderer();
    const { app, db } = await testApp({ pdf: renderer, limits: { pdfConcurrency: 2 } });
    const { agent } = await signedInAgent(app, db, 'viewer');

    const answers: Response[] = [];
    const burst = Array.from({ length: 20 }, () =>
      agent.get('/reports/portfolio.pdf').then((res) => answers.push(res)),
    );
    // 2 rendering + 10 waiting = 12 taken; the 8 others are refused without waiting.
    await vi.waitFor(() => expect(answers.length).toBe(8), { timeout: 10_000 });
    expect(stats.open).toBe(2);
    for (const refused of answers) {
      expect(refused.status).toBe(503);
      expect(refused.headers['retry-after']).toBe('10');
      expect(refused.text).toContain(
        'Se están generando demasiados informes PDF a la vez. Vuelva a intentarlo en 10 segundos.',
      );
    }

    release();
    await Promise.all(burst);
    const done = answers.filter((res) => res.status === 200);
    expect(done).toHaveLength(12);
    expect(done[0]!.headers['content-type']).toBe('application/pdf');
    expect(stats).toMatchObject({ started: 12, mostOpen: 2, open: 0 });
  });

  it('refuses a request that waited too long for a place, in the reader language', async () => {
    const { renderer, release } = heldRenderer();
    const { app, db } = await testApp({ pdf: renderer, limits: { pdfConcurrency: 1, queueWaitSeconds: 0.3 } });
    const { agent } = await signedInAgent(app, db, 'viewer');

    const first = agent.get('/reports/portfolio.pdf').then((res) => res);
    const waited = await agent.get('/reports/portfolio.pdf?lang=en');
    expect(waited.status).toBe(503);
    expect(waited.headers['retry-after']).toBe('10');
    expect(waited.text).toContain('Too many PDF reports are being generated at once. Try again in 10 seconds.');
    release();
    expect((await first).status).toBe(200);
  });

  it('abandons a render that takes too long, closing its page, and frees its place', async () => {
    const slow = heldRenderer();
    let calls = 0;
    const renderer: PdfRenderer = {
      render: (html, assets, signal) =>
        ++calls === 1 ? slow.renderer.render(html, assets, signal) : Promise.resolve(Buffer.from('%PDF-1.7 quick')),
      close: async () => undefined,
    };
    const { app, db } = await testApp({ pdf: renderer, limits: { pdfConcurrency: 1, pdfTimeoutSeconds: 0.3 } });
    const { agent } = await signedInAgent(app, db, 'viewer');

    const timedOut = await agent.get('/reports/portfolio.pdf');
    expect(timedOut.status).toBe(503);
    expect(timedOut.headers['retry-after']).toBe('10');
    expect(timedOut.text).toContain('El informe PDF tardó demasiado en generarse.');
    expect(slow.stats.aborted).toBe(1);

    const next = await agent.get('/reports/portfolio.pdf').expect(200);
    expect(next.body.toString()).toContain('quick');
  });
});
