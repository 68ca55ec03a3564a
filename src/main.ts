// Entry point: the only place that reads the environment and listens.
import { pino } from 'pino';
import { createApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { openDatabase } from './database/connect.js';
import { migrateToLatest } from './database/migrate.js';
import { loadDemoPortfolioIfEmpty } from './demo/load.js';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const logger = pino({ level: config.logLevel });
  const db = openDatabase(config.databaseUrl);

  const applied = await migrateToLatest(db);
  if (applied.length > 0) logger.info({ migrations: applied }, 'database migrated');
  if (config.demoData) {
    const loaded = await loadDemoPortfolioIfEmpty(db);
    if (loaded) logger.info({ partners: loaded.partners }, 'demo portfolio loaded into the new database');
  }

  const app = createApp({ db, logger, production: config.production });
  const server = app.listen(config.port, () => {
    logger.info(`Cartera Ágil listening on http://localhost:${config.port}`);
  });

  const shutdown = () => {
    server.close(() => void db.destroy().then(() => process.exit(0)));
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
