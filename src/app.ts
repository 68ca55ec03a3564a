// Builds the web app from its dependencies. Reads no environment and never listens.
import { fileURLToPath } from 'node:url';
import cookieParser from 'cookie-parser';
import express, { type Express, type Router } from 'express';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import type { Db } from './database/connect.js';
import { isDemoDataLoaded } from './demo/marker.js';
import { setUpStaticAssets } from './http/assets.js';
import { errorHandler, notFoundHandler } from './http/errors.js';
import { setUpHealthChecks } from './http/health.js';
import { setUpLocalization } from './http/localization.js';
import { sendProblem } from './http/problem.js';
import { setUpSecurityHeaders } from './http/security.js';
import { partnersApi } from './partners/api.js';
import { partnerPages } from './partners/pages.js';
import { referenceDataApi } from './reference-data/api.js';

export interface AppDependencies {
  db: Db;
  logger: Logger;
  production: boolean;
}

const VIEWS_DIR = fileURLToPath(new URL('../views', import.meta.url));
const PUBLIC_DIR = fileURLToPath(new URL('../public', import.meta.url));
const BODY_LIMIT = '100kb';

function setUpRequestLogging(logger: Logger) {
  return pinoHttp({ logger, customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : 'info') });
}

function setUpBodyParsing(): Router {
  const router = express.Router();
  router.use('/api', express.json({ limit: BODY_LIMIT }));
  router.use(express.urlencoded({ extended: false, limit: BODY_LIMIT }));
  return router;
}

/** The API speaks JSON only: a body in any other format is refused up front. */
function setUpApi(db: Db): Router {
  const api = express.Router();
  api.use((req, res, next) => {
    const hasBody = ['POST', 'PATCH', 'PUT'].includes(req.method);
    if (hasBody && !req.is('application/json')) {
      return sendProblem(res, 415, res.locals.t('problem.unsupportedMediaType'));
    }
    next();
  });
  api.use(partnersApi(db));
  api.use(referenceDataApi(db));
  return api;
}

function setUpPageLocals(db: Db): Router {
  const router = express.Router();
  router.use(async (req, res, next) => {
    res.locals.currentUrl = req.originalUrl;
    if (!req.path.startsWith('/api/')) res.locals.demoData = await isDemoDataLoaded(db);
    next();
  });
  return router;
}

export function createApp({ db, logger, production }: AppDependencies): Express {
  const app = express();
  app.set('views', VIEWS_DIR);
  app.set('view engine', 'ejs');
  app.set('query parser', 'simple');
  app.disable('x-powered-by');
  if (production) app.set('view cache', true);

  const assets = setUpStaticAssets(PUBLIC_DIR);
  app.locals.asset = assets.assetUrl;

  app.use(setUpHealthChecks(db));
  app.use(setUpSecurityHeaders(production));
  app.use(assets.router);
  app.use(setUpRequestLogging(logger));
  app.use(cookieParser());
  app.use(setUpLocalization());
  app.use(setUpPageLocals(db));
  app.use(setUpBodyParsing());

  app.get('/', (_req, res) => res.redirect(302, '/partners'));
  app.use(partnerPages(db));
  app.use('/api/v1', setUpApi(db));

  app.use(notFoundHandler());
  app.use(errorHandler(logger, production));
  return app;
}
