// npm run db:migrate — applies pending migrations to DATABASE_URL.
import { loadConfig } from '../config.js';
import { openDatabase } from './connect.js';
import { migrateToLatest } from './migrate.js';

const config = loadConfig(process.env);
const db = openDatabase(config.databaseUrl);
try {
  const applied = await migrateToLatest(db);
  console.log(applied.length > 0 ? `Applied: ${applied.join(', ')}` : 'Database already up to date.');
} finally {
  await db.destroy();
}
