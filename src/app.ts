// Builds the web app from its dependencies. Reads no environment and never listens.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import cookieParser from 'cookie-parser';
import express, { type Express, type RequestHandler, type Router } from 'express';
import type { Logger } from 'pino';
import { csrfProtection, setUpAuthentication } from './auth/middleware.js';
import { signInRoutes } from './auth/pages.js';
import { auditRoutes } from './audit/pages.js';
import type { Db } from './database/connect.js';
import { dashboardApiRoutes } from './dashboard/api.js';
import { dashboardRoutes } from './dashboard/pages.js';
import { isDemoDataLoaded } from './demo/marker.js';
import { type PdfRenderer, boundedPdfRenderer } from './reports/pdf-renderer.js';
import { reportRoutes } from './reports/pages.js';
import { exportUrlFor } from './exports/table-export.js';
import { setUpStaticAssets } from './http/assets.js';
import { errorHandler, notFoundHandler } from './http/errors.js';
import { setUpHealthChecks } from './http/health.js';
import { DEFAULT_LIMIT_SETTINGS, type LimitSettings, limitUrlLength } from './http/limits.js';
import { setUpRequestLogging } from './http/logging.js';
import { apiRateLimit } from './http/rate-limit.js';
import { boundedBy, createWorkQueues, workLimitErrors } from './http/work-queue.js';
import { applyUserLanguage, setUpLocalization } from './http/localization.js';
import { isApiRequest, sendProblem } from './http/problem.js';
import { routerFor } from './http/routing.js';
import { setUpSecurityHeaders } from './http/security.js';
import { partnerApiRoutes } from './partners/api.js';
import { partnerPageRoutes } from './partners/pages.js';
import { partnerProfileRoutes } from './partner-profile/pages.js';
import { referenceDataApiRoutes } from './reference-data/api.js';
import { referenceDataPageRoutes } from './reference-data/pages.js';
import { evidenceApiRoutes } from './evidence/api.js';
import { eventPageRoutes } from './evidence/events-pages.js';
import { reviewPageRoutes } from './evidence/reviews-pages.js';
import { flagPageRoutes } from './evidence/flags-pages.js';
import { scoreApiRoutes } from './scoring/api.js';
import { methodologyPageRoutes } from './scoring/methodology-pages.js';
import { rankingPageRoutes } from './scoring/ranking-pages.js';
import { retentionAlertCount } from './portfolio/alerts.js';
import { portfolioApiRoutes } from './portfolio/api.js';
import { agreementPageRoutes } from './portfolio/agreements-pages.js';
import { balanceAlertsPageRoutes } from './portfolio/balance-alerts-pages.js';
import { targetPageRoutes } from './portfolio/targets-pages.js';
import { decisionPageRoutes } from './portfolio/decisions-pages.js';
import { rapidResponsePageRoutes } from './portfolio/rapid-response-pages.js';
import { accountRoutes } from './users/account-pages.js';
import { adminUserRoutes } from './users/admin-pages.js';
import { importApiRoutes } from './imports/api.js';
import { importPageRoutes } from './imports/pages.js';
import { isImportUpload, isRawCsvUpload, setUpImportUploads } from './imports/upload.js';
import type { BackupMonitor } from './operations/backup-schedule.js';
import type { Lifecycle } from './operations/lifecycle.js';
import { operationsPageRoutes } from './operations/pages.js';

export interface AppDependencies {
  db: Db;
  logger: Logger;
  production: boolean;
  /** Which proxies' X-Forwarded-* headers to believe (TRUST_PROXY); none unless named. */
  trustProxy?: false | number | string;
  /** Renders the printable report as PDF; without it the PDF link answers 503. */
  pdf?: PdfRenderer | null;
  /** Concurrency of expensive work and the API rate limit; the defaults unless given. */
  limits?: Partial<LimitSettings>;
  /** Readiness for /health/ready; without it the app counts as ready. */
  lifecycle?: Lifecycle;
  /** Scheduled backups, reported on /health and the admin backup page; null when off. */
  backups?: BackupMonitor | null;
}

const require = createRequire(import.meta.url);
const VENDOR_ASSETS = { 'vendor/chart.umd.min.js': join(dirname(require.resolve('chart.js')), 'chart.umd.min.js') };
const VIEWS_DIR = fileURLToPath(new URL('../views', import.meta.url));
const PUBLIC_DIR = fileURLToPath(new URL('../public', import.meta.url));
const BODY_LIMIT = '100kb';

/**
 * Pages, API answers and exports carry personal and portfolio data: no browser or proxy keeps a copy
 * (static assets, served before this, keep their own caching).
 */
function noStoreForDynamicAnswers(): RequestHandler {
  return (_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  };
}

function setUpBodyParsing(): Router {
  const router = express.Router();
  router.use('/api', express.json({ limit: BODY_LIMIT }));
  router.use(express.urlencoded({ extended: false, limit: BODY_LIMIT }));
  return router;
}

/** The API speaks JSON only: a body in any other format is refused up front. */
function requireJsonBodies(): RequestHandler {
  return (req, res, next) => {
    const hasBody = ['POST', 'PATCH', 'PUT'].includes(req.method);
    // Spreadsheet imports arrive as multipart uploads or a raw CSV body, read by setUpImportUploads.
    // A POST with an empty body (an import's commit) has nothing to refuse.
    const empty = req.headers['content-length'] === '0' || req.is('application/json') === null;
    if (
      isApiRequest(req) &&
      hasBody &&
      !empty &&
      !req.is('application/json') &&
      !isImportUpload(req) &&
      !isRawCsvUpload(req)
    ) {
      sendProblem(res, 415, res.locals.t('problem.unsupportedMediaType'));
      return;
    }
    next();
  };
}

function setUpPageLocals(db: Db): RequestHandler {
  return async (req, res, next) => {
    res.locals.currentUrl = req.originalUrl;
    res.locals.exportUrl = exportUrlFor(req.originalUrl);
    if (!isApiRequest(req)) {
      res.locals.demoData = await isDemoDataLoaded(db);
      // Procurement and admins see how many small partners are about to leave, on every page.
      if (res.locals.can('portfolio.manage')) res.locals.alertCount = await retentionAlertCount(db);
    }
    next();
  };
}

export function createApp({
  db,
  logger,
  production,
  trustProxy = false,
  pdf = null,
  limits = {},
  lifecycle,
  backups = null,
}: AppDependencies): Express {
  const app = express();
  const settings = { ...DEFAULT_LIMIT_SETTINGS, ...limits };
  const work = createWorkQueues(settings);
  const reportPdf = pdf && boundedPdfRenderer(pdf, work.pdf, work.pdfTimeoutMs);
  app.set('views', VIEWS_DIR);
  app.set('view engine', 'ejs');
  app.set('query parser', 'simple');
  // Without TRUST_PROXY no X-Forwarded-For is believed, so the sign-in limit per address cannot be dodged.
  app.set('trust proxy', trustProxy);
  app.disable('x-powered-by');
  if (production) app.set('view cache', true);

  const assets = setUpStaticAssets(PUBLIC_DIR, VENDOR_ASSETS);
  app.locals.asset = assets.assetUrl;

  app.use(setUpHealthChecks(db, { lifecycle, backups }));
  app.use(setUpSecurityHeaders(production));
  app.use(assets.router);
  app.use(setUpRequestLogging(logger));
  app.use(noStoreForDynamicAnswers());
  app.use(cookieParser());
  app.use(setUpLocalization());
  app.use(setUpAuthentication(db));
  app.use(apiRateLimit(db, settings.apiRequestsPerMinute));
  app.use(applyUserLanguage());
  app.use(setUpPageLocals(db));
  app.use(limitUrlLength());
  app.use(boundedBy(work.queueFor));
  app.use(setUpBodyParsing());
  app.use(setUpImportUploads());
  app.use(requireJsonBodies());
  app.use(csrfProtection());

  app.use(
    routerFor([
      ...signInRoutes(db),
      ...partnerPageRoutes(db),
      ...partnerProfileRoutes(db),
      ...eventPageRoutes(db),
      ...reviewPageRoutes(db),
      ...flagPageRoutes(db),
      ...rankingPageRoutes(db),
      ...methodologyPageRoutes(db),
      ...dashboardRoutes(db),
      ...reportRoutes(db, { pdf: reportPdf, assetFile: assets.assetFile }),
      ...agreementPageRoutes(db),
      ...balanceAlertsPageRoutes(db),
      ...targetPageRoutes(db),
      ...decisionPageRoutes(db),
      ...rapidResponsePageRoutes(db),
      ...accountRoutes(db),
      ...adminUserRoutes(db),
      ...referenceDataPageRoutes(db),
      ...auditRoutes(db),
      ...partnerApiRoutes(db),
      ...evidenceApiRoutes(db),
      ...scoreApiRoutes(db),
      ...dashboardApiRoutes(db),
      ...portfolioApiRoutes(db),
      ...referenceDataApiRoutes(db),
      ...importPageRoutes(db),
      ...importApiRoutes(db),
      ...operationsPageRoutes(backups),
    ]),
  );

  app.use(notFoundHandler());
  app.use(workLimitErrors());
  app.use(errorHandler(logger, production));
  return app;
}
