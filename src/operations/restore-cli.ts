// npm run db:restore -- --from FILE   replaces DATABASE_URL's database by a backup (app stopped).
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config.js';
import { restoreDatabase } from './restore.js';
import { OperationError, databaseFileOf, totalRows } from './sqlite-files.js';

const USAGE = 'usage: npm run db:restore -- --from FILE   (stop the app first; DATABASE_URL names the database to replace)';

function fail(message: string, code = 1): never {
  console.error(message);
  process.exit(code);
}

let values: { from?: string };
try {
  ({ values } = parseArgs({ options: { from: { type: 'string' } } }));
} catch (error) {
  fail(`${(error as Error).message}\n${USAGE}`, 2);
}
if (!values.from) fail(USAGE, 2);

try {
  const target = databaseFileOf(loadConfig(process.env).databaseUrl);
  const report = await restoreDatabase(values.from, target);
  console.log(`Restored ${report.target} from ${values.from}: ${Object.keys(report.tables).length} tables, ${totalRows(report.tables)} rows, migrations up to ${report.applied.at(-1)}.`);
  console.log(report.kept ? `The database it replaced is kept as ${report.kept}.` : 'There was no database there before.');
  if (report.pending.length > 0) console.log(`The backup comes from an earlier version; the next start applies ${report.pending.length === 1 ? 'this migration' : `these ${report.pending.length} migrations`}: ${report.pending.join(', ')}.`);
  console.log('Start the app again (npm start).');
} catch (error) {
  if (error instanceof OperationError || error instanceof ConfigError) fail(error.message);
  throw error;
}
