// npm run db:demo -- --partners 50000 [--seed N] [--reset]
// Fills DATABASE_URL (or --database) with a generated portfolio, for demos and benchmarks.
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { openDatabase } from '../database/connect.js';
import { migrateToLatest } from '../database/migrate.js';
import { countPartners } from '../partners/repository.js';
import { DEMO_PARTNER_COUNT, DEMO_SEED, loadDemoPortfolio } from './load.js';

const { values } = parseArgs({
  options: {
    partners: { type: 'string', default: String(DEMO_PARTNER_COUNT) },
    events: { type: 'string' },
    agreements: { type: 'string' },
    seed: { type: 'string', default: String(DEMO_SEED) },
    database: { type: 'string' },
    reset: { type: 'boolean', default: false },
  },
});

const partners = Number(values.partners);
const events = values.events === undefined ? undefined : Number(values.events);
const agreements = values.agreements === undefined ? undefined : Number(values.agreements);
if (agreements !== undefined && (!Number.isInteger(agreements) || agreements < 0 || agreements > 5_000_000)) {
  console.error('--agreements must be a whole number from 0 to 5000000');
  process.exit(2);
}
if (events !== undefined && (!Number.isInteger(events) || events < 0 || events > 20_000_000)) {
  console.error('--events must be a whole number from 0 to 20000000');
  process.exit(2);
}
const seed = Number(values.seed);
if (!Number.isInteger(partners) || partners < 1 || partners > 1_000_000) {
  console.error('--partners must be a whole number from 1 to 1000000');
  process.exit(2);
}
if (!Number.isInteger(seed)) {
  console.error('--seed must be a whole number');
  process.exit(2);
}

const databaseUrl = values.database ?? loadConfig(process.env).databaseUrl;
const db = openDatabase(databaseUrl);
try {
  await migrateToLatest(db);
  const existing = await countPartners(db);
  if (existing > 0 && !values.reset) {
    console.error(`${databaseUrl} already holds ${existing} partners. Add --reset to replace them.`);
    process.exitCode = 1;
  } else {
    if (existing > 0) {
      for (const table of [
        'partnerScores',
        'decisions',
        'agreements',
        'responseEvents',
        'performanceReviews',
        'flags',
        'partners',
      ] as const)
        await db.deleteFrom(table).execute();
    }
    const started = performance.now();
    const result = await loadDemoPortfolio(db, { partners, events, agreements, seed, now: new Date() });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(
      `Generated ${result.partners} partners, ${result.events} response events, ${result.reviews} reviews, ${result.flags} flags and ${result.agreements} agreements (scored) into ${databaseUrl} in ${seconds} s.`,
    );
  }
} finally {
  await db.destroy();
}
