// Entry point: the only place that reads the environment and listens.
import { pino } from 'pino';
import { createApp } from './app.js';
import { applyServerTimeouts } from './http/limits.js';
import { ConfigError, loadConfig } from './config.js';
import { openDatabase, sqlitePathOf } from './database/connect.js';
import { whileHolding } from './database/locks.js';
import { migrateToLatest } from './database/migrate.js';
import { loadDemoPortfolioIfEmpty } from './demo/load.js';
import { createBackupScheduler } from './operations/backup-schedule.js';
import { createRescoreSchedule, rescoreOncePerDay } from './operations/daily-rescore.js';
import { createLifecycle } from './operations/lifecycle.js';
import { createRetentionSchedule } from './operations/retention.js';
import { createPdfRenderer } from './reports/pdf-renderer.js';
import { ensureFirstAdmin } from './users/bootstrap.js';

/** How long requests in flight may take to finish once the app is asked to stop. */
const SHUTDOWN_GRACE_MS = 10_000;

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const logger = pino({ level: config.logLevel });
  const db = openDatabase(config.databaseUrl, { poolSize: config.databasePoolSize });

  // Several instances may start at once over one PostgreSQL database: one at a time goes through
  // start-up, so the first migrates, creates the first admin or loads the demo portfolio, and
  // rescores, and the next finds it done.
  const generated = await whileHolding(db, 'start-up', async () => {
    const applied = await migrateToLatest(db);
    if (applied.length > 0) logger.info({ migrations: applied }, 'database migrated');
    const fromEnvironment = config.firstAdmin ? await ensureFirstAdmin(db, config.firstAdmin) : null;
    if (fromEnvironment?.kind === 'from_environment')
      logger.info({ email: fromEnvironment.email }, 'first administrator created from ADMIN_EMAIL');
    if (config.demoData) {
      const loaded = await loadDemoPortfolioIfEmpty(db);
      if (loaded) logger.info(loaded, 'demo portfolio and demo users loaded into the new database');
    }
    // Scores depend on time windows (the last 365 and 730 days): they are brought up to date once a
    // day across instances, and whenever this start migrated the database.
    const rescored = await rescoreOncePerDay(db, { force: applied.length > 0 });
    if (rescored.ran) logger.info(rescored.value, 'scores recomputed');
    else
      logger.info(
        { reason: rescored.reason },
        'scores already recomputed today, or being recomputed by another instance',
      );
    return ensureFirstAdmin(db, null);
  });
  if (generated.kind === 'generated') {
    // Printed once, to the console only: the password must be changed at first sign-in.
    console.log(
      `\nNo users yet. Sign in once at http://localhost:${config.port}/sign-in with\n  email:    ${generated.email}\n  password: ${generated.password}\nYou will be asked to choose a new password.\n`,
    );
  }

  const pdf = config.chromiumPath ? createPdfRenderer(config.chromiumPath) : null;
  // Operations: readiness, scheduled backups, retention, the daily rescore.
  const lifecycle = createLifecycle();
  const backups = config.backups
    ? createBackupScheduler({ databasePath: sqlitePathOf(config.databaseUrl), ...config.backups, logger })
    : null;
  const retention = createRetentionSchedule(db, logger);
  const rescore = createRescoreSchedule(db, logger);
  const app = createApp({
    db,
    logger,
    production: config.production,
    trustProxy: config.trustProxy,
    pdf,
    limits: config.limits,
    lifecycle,
    backups,
  });
  const server = app.listen(config.port, (error?: Error) => {
    // Express 5 hands a failure to listen (the port taken, no permission) to this callback.
    if (error) {
      logger.fatal({ err: error, port: config.port }, `cannot listen on port ${config.port}: ${error.message}`);
      process.exit(1);
    }
    logger.info(
      { mode: config.production ? 'production' : 'development' },
      `Cartera Ágil listening on http://localhost:${config.port}`,
    );
    lifecycle.markReady();
    backups?.start();
    retention.start();
    rescore.start();
  });
  applyServerTimeouts(server);

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    lifecycle.markStopping();
    logger.info(
      { signal, graceSeconds: SHUTDOWN_GRACE_MS / 1000 },
      'stopping: no new connections, finishing requests in flight',
    );
    // Requests in flight finish (an import commit runs in one transaction: it commits whole, or,
    // if the deadline cuts it off, SQLite rolls it back when the process ends).
    const deadline = setTimeout(() => {
      logger.warn('requests still running at the deadline were cut off');
      server.closeAllConnections();
    }, SHUTDOWN_GRACE_MS);
    deadline.unref();
    // A backup or purge in progress finishes before the database closes.
    const operationsStopped = Promise.allSettled([backups?.stop(), retention.stop(), rescore.stop()]);
    server.close(() => {
      clearTimeout(deadline);
      void operationsStopped
        .then(() => Promise.allSettled([pdf?.close(), db.destroy()]))
        .then(() => {
          logger.info('stopped');
          process.exit(0);
        });
    });
    server.closeIdleConnections();
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
  } else {
    console.error('Cartera Ágil could not start:', error);
  }
  process.exit(1);
});
