// npm run db:copy -- --from URL --to URL   every table of one database into a new, empty one, verified.
import { engineOfUrl } from '../database/connect.js';
import { fail, requiredOptions } from './cli-options.js';
import { type TableResult, copyBetween, describeDatabase } from './db-copy.js';
import { OperationError } from './sqlite-files.js';

const USAGE =
  'usage: npm run db:copy -- --from URL --to URL   (URL: file:path/to/cartera.sqlite or postgres://user@host/database; stop the app first; the target must be new and empty)';

const { from, to } = requiredOptions(['from', 'to'], USAGE);
const number = (n: number) => n.toLocaleString('en-US');
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
// Wide enough for every table name and for a regional database's row counts.
const TABLE = 28;
const ROWS = 11;

function tableLine(result: TableResult, ms: number): string {
  const verdict = result.ok
    ? `ok ${result.sourceChecksum.slice(0, 12)}`
    : `MISMATCH: the target holds ${number(result.targetRows)} rows, checksum ${result.targetChecksum.slice(0, 12)} (source ${result.sourceChecksum.slice(0, 12)})`;
  return `${result.table.padEnd(TABLE)}${number(result.sourceRows).padStart(ROWS)}  ${verdict.padEnd(16)}  ${seconds(ms)}`;
}

try {
  let last = Date.now();
  const report = await copyBetween(from, to, {
    onMigrated: (applied) => {
      console.log(
        `Copying ${describeDatabase(from)} into ${describeDatabase(to)} (${applied.length > 0 ? `migrated first: ${applied.length} migrations, up to ${applied.at(-1) ?? ''}` : 'at the latest migration'}).`,
      );
      console.log(
        'Each table is checked in the target against the source (rows, checksum) before the copy is committed.',
      );
      console.log(`${'table'.padEnd(TABLE)}${'rows'.padStart(ROWS)}  ${'checksum'.padEnd(16)}  time`);
      last = Date.now();
    },
    onTable: (result) => {
      const now = Date.now();
      console.log(tableLine(result, now - last));
      last = now;
    },
  });
  if (!report.ok)
    fail(
      'The copy does not match the source (MISMATCH above), so it was rolled back: the target holds nothing from it, and the source is unchanged.',
    );
  const rows = report.tables.reduce((sum, result) => sum + result.sourceRows, 0);
  console.log(`Copied ${report.tables.length} tables, ${number(rows)} rows, in ${seconds(report.durationMs)}.`);
  console.log(
    `Next: set DATABASE_URL=${describeDatabase(to)}${engineOfUrl(to) === 'postgres' ? ' (with its password, if it has one)' : ''} and start the app (npm start).`,
  );
} catch (error) {
  if (error instanceof OperationError) fail(error.message);
  throw error;
}
