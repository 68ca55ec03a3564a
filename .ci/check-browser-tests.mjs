// Reads vitest's JSON report and fails unless browser tests ran and every one of them passed.
import { readFileSync } from 'node:fs';

const report = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const browserFiles = report.testResults.filter((file) => /tests\/browser\//.test(file.name));
const results = browserFiles.flatMap((file) => file.assertionResults);
const notPassed = results.filter((test) => test.status !== 'passed');

if (browserFiles.length === 0 || results.length === 0) {
  console.error('CI: no browser test ran. They must run in CI (tests/browser/*.test.ts).');
  process.exit(1);
}
if (notPassed.length > 0) {
  console.error(`CI: ${notPassed.length} browser test(s) did not pass:`);
  for (const test of notPassed) console.error(`  ${test.status}: ${test.fullName}`);
  process.exit(1);
}
console.log(`CI: ${results.length} browser tests ran and passed in ${browserFiles.length} file(s).`);
