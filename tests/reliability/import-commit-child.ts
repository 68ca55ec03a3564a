// Run by import-crash.test.ts in its own process: commits one import preview into a SQLite file,
// saying on stdout when the commit starts and when it is done, so the test can SIGKILL it midway.
import { SYSTEM_ACTOR } from '../../src/audit/actor.js';
import { openDatabase } from '../../src/database/connect.js';
import { commitImport } from '../../src/imports/service.js';

const [databaseUrl, importId] = process.argv.slice(2);
const db = openDatabase(databaseUrl!);
process.stdout.write('committing\n');
const started = performance.now();
const committed = await commitImport(db, SYSTEM_ACTOR, 'admin', Number(importId));
process.stdout.write(`done ${committed.createdCount} ${Math.round(performance.now() - started)}\n`);
await db.destroy();
