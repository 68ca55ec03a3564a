// npm run scores:recompute — rescores every partner under the active methodology, as of now.
import { loadConfig } from '../config.js';
import { openDatabase } from '../database/connect.js';
import { migrateToLatest } from '../database/migrate.js';
import { rescoreAll } from './service.js';

const db = openDatabase(loadConfig(process.env).databaseUrl);
try {
  await migrateToLatest(db);
  const started = performance.now();
  const { partners } = await rescoreAll(db);
  console.log(`Rescored ${partners} partners in ${((performance.now() - started) / 1000).toFixed(2)} s.`);
} finally {
  await db.destroy();
}
