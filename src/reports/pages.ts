// The printable portfolio report: HTML, and PDF rendered by headless Chromium on the server.
import type { Request, Response } from 'express';
import { useLanguage } from '../http/localization.js';
import { type RouteSpec, get } from '../http/routing.js';
import { isLanguage } from '../i18n/index.js';
import type { PdfRenderer } from './pdf-renderer.js';
import { type Db, portfolioReport } from './service.js';

export interface ReportRendering {
  /** Null when the server has no Chromium: the PDF answers 503. */
  pdf: PdfRenderer | null;
  /** The file on disk of a static asset's path, for the renderer to serve the page's CSS and scripts. */
  assetFile: (path: string) => string | undefined;
}

export function reportRoutes(db: Db, rendering: ReportRendering): RouteSpec[] {
  /** The report is written in the language its address asks for (`lang`), else the reader's. */
  function reportOf(req: Request, res: Response) {
    if (isLanguage(req.query.lang)) useLanguage(res, req.query.lang);
    return portfolioReport(db, req.query, { t: res.locals.t, language: res.locals.lang });
  }

  return [
    get('/reports/portfolio', 'partners.read', async (req, res) => {
      const report = await reportOf(req, res);
      res.status(report.issues.length ? 400 : 200).render('reports/portfolio', report);
    }),

    get('/reports/portfolio.pdf', 'partners.read', async (req, res) => {
      if (!rendering.pdf) {
        res.status(503).render('errors/bad-request', { message: res.locals.t('report.pdfUnavailable') });
        return;
      }
      const report = await reportOf(req, res);
      const html = await new Promise<string>((resolve, reject) =>
        res.app.render('reports/portfolio', { ...res.locals, ...report, pdf: true }, (error: Error | null, rendered) =>
          error ? reject(error) : resolve(rendered),
        ),
      );
      const pdf = await rendering.pdf.render(html, rendering.assetFile);
      res.setHeader('Content-Type', 'application/pdf');
      res.setHeader(
        'Content-Disposition',
        `attachment; filename="${res.locals.t('report.fileName')}-${report.filters.from}-${report.filters.to}.pdf"`,
      );
      res.setHeader('Cache-Control', 'no-store');
      res.end(pdf);
    }),
  ];
}
