// npm run db:backup -- --to FILE   an online backup of DATABASE_URL's database, verified.
import { ConfigError, loadConfig } from '../config.js';
import { fail, requiredFileOption } from './cli-options.js';
import { backupDatabase } from './backup.js';
import { OperationError, databaseFileOf, formatBytes, totalRows } from './sqlite-files.js';

const USAGE =
  'usage: npm run db:backup -- --to FILE   (backs up the database DATABASE_URL names; the app may keep running)';

const toFile = requiredFileOption('to', USAGE);

try {
  const source = databaseFileOf(loadConfig(process.env).databaseUrl);
  const report = await backupDatabase(source, toFile);
  const tables = Object.keys(report.tables).length;
  console.log(
    `Backed up ${source} to ${report.file} (${formatBytes(report.bytes)}) in ${(report.durationMs / 1000).toFixed(1)} s.`,
  );
  console.log(
    `Verified: integrity_check ok; ${tables} tables and ${totalRows(report.tables)} rows, the same as the database at the moment of the copy.`,
  );
} catch (error) {
  if (error instanceof OperationError || error instanceof ConfigError) fail(error.message);
  throw error;
}
