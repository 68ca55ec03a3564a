// npm run db:restore -- --from FILE   replaces DATABASE_URL's database by a backup (app stopped).
import { ConfigError, loadConfig } from '../config.js';
import { fail, requiredFileOption } from './cli-options.js';
import { restoreDatabase } from './restore.js';
import { OperationError, databaseFileOf, totalRows } from './sqlite-files.js';

const USAGE =
  'usage: npm run db:restore -- --from FILE   (stop the app first; DATABASE_URL names the database to replace)';

const fromFile = requiredFileOption('from', USAGE);

try {
  const target = databaseFileOf(loadConfig(process.env).databaseUrl);
  const report = await restoreDatabase(fromFile, target);
  console.log(
    `Restored ${report.target} from ${fromFile}: ${Object.keys(report.tables).length} tables, ${totalRows(report.tables)} rows, migrations up to ${report.applied.at(-1)}.`,
  );
  console.log(
    report.kept ? `The database it replaced is kept as ${report.kept}.` : 'There was no database there before.',
  );
  if (report.pending.length > 0)
    console.log(
      `The backup comes from an earlier version; the next start applies ${report.pending.length === 1 ? 'this migration' : `these ${report.pending.length} migrations`}: ${report.pending.join(', ')}.`,
    );
  console.log('Start the app again (npm start).');
} catch (error) {
  if (error instanceof OperationError || error instanceof ConfigError) fail(error.message);
  throw error;
}
