// Entry point: the only place that reads the environment and listens.
import { pino } from 'pino';
import { createApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { openDatabase, sqlitePathOf } from './database/connect.js';
import { migrateToLatest } from './database/migrate.js';
import { loadDemoPortfolioIfEmpty } from './demo/load.js';
import { createBackupScheduler } from './operations/backup-schedule.js';
import { createLifecycle } from './operations/lifecycle.js';
import { createRetentionSchedule } from './operations/retention.js';
import { createPdfRenderer } from './reports/pdf.js';
import { rescoreAll } from './scoring/service.js';
import { ensureFirstAdmin } from './users/bootstrap.js';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const logger = pino({ level: config.logLevel });
  const db = openDatabase(config.databaseUrl);

  const applied = await migrateToLatest(db);
  if (applied.length > 0) logger.info({ migrations: applied }, 'database migrated');
  const fromEnvironment = config.firstAdmin ? await ensureFirstAdmin(db, config.firstAdmin) : null;
  if (fromEnvironment?.kind === 'from_environment') logger.info({ email: fromEnvironment.email }, 'first administrator created from ADMIN_EMAIL');
  if (config.demoData) {
    const loaded = await loadDemoPortfolioIfEmpty(db);
    if (loaded) logger.info(loaded, 'demo portfolio and demo users loaded into the new database');
  }
  // Scores depend on time windows (the last 365 and 730 days), so start-up brings them up to date.
  const rescored = await rescoreAll(db);
  logger.info(rescored, 'scores recomputed');
  const generated = await ensureFirstAdmin(db, null);
  if (generated.kind === 'generated') {
    // Printed once, to the console only: the password must be changed at first sign-in.
    console.log(
      `\nNo users yet. Sign in once at http://localhost:${config.port}/sign-in with\n  email:    ${generated.email}\n  password: ${generated.password}\nYou will be asked to choose a new password.\n`,
    );
  }

  const pdf = config.chromiumPath ? createPdfRenderer(config.chromiumPath) : null;
  // Operations (issue 12): readiness, scheduled backups, retention.
  const lifecycle = createLifecycle();
  const backups = config.backups ? createBackupScheduler({ databasePath: sqlitePathOf(config.databaseUrl), ...config.backups, logger }) : null;
  const retention = createRetentionSchedule(db, logger);
  const app = createApp({ db, logger, production: config.production, pdf, lifecycle, backups });
  const server = app.listen(config.port, () => {
    logger.info(`Cartera Ágil listening on http://localhost:${config.port}`);
    lifecycle.markReady();
    backups?.start();
    retention.start();
  });

  const shutdown = () => {
    lifecycle.markStopping();
    const operationsStopped = Promise.all([backups?.stop(), retention.stop()]); // a backup or purge in progress finishes first
    server.close(() => void operationsStopped.then(() => Promise.all([db.destroy(), pdf?.close()])).then(() => process.exit(0)));
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
  } else {
    console.error('Cartera Ágil could not start:', error);
  }
  process.exit(1);
});
