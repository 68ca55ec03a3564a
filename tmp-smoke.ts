import { openDatabase } from './src/database/connect.js';
import { migrateToLatest } from './src/database/migrate.js';
import { loadDemoPortfolioIfEmpty } from './src/demo/load.js';
import { startImport, commitImport } from './src/imports/service.js';
import { findImport } from './src/imports/repository.js';
import { copyFileSync } from 'node:fs';
import { SYSTEM_ACTOR } from './src/audit/actor.js';
const db = openDatabase('file::memory:');
await migrateToLatest(db);
await loadDemoPortfolioIfEmpty(db);
for (const type of ['partners','events','reviews','agreements'] as const) {
  copyFileSync(`db/demo-imports/${type}.csv`, `/tmp/${type}.csv`);
  const r = await startImport(db, SYSTEM_ACTOR, 'admin', type, { path: `/tmp/${type}.csv`, originalName: `${type}.csv` }, null);
  const imp = await findImport(db, r.id);
  console.log(type, r, imp!.encoding, JSON.stringify(imp!.delimiter), imp!.mapping, imp!.totalRows, imp!.createdCount, imp!.updatedCount, imp!.unchangedCount, imp!.rejectedCount, JSON.stringify(imp!.issues));
  if (!r.needsMapping && imp!.rejectedCount === 0) { const c = await commitImport(db, SYSTEM_ACTOR, 'admin', r.id); console.log('committed', c.status, c.createdCount); }
}
await db.destroy();
