// Reads the vitest JSON reports of the SQLite run (`npm test`) and the PostgreSQL run
// (`npm run test:pg`) and fails unless the PostgreSQL run passed every test and ran at least as
// many as the SQLite run.
import { readFileSync } from 'node:fs';

const count = (file) => {
  const report = JSON.parse(readFileSync(file, 'utf8'));
  return { passed: report.numPassedTests, failed: report.numFailedTests, total: report.numTotalTests };
};
const sqlite = count(process.argv[2]);
const postgres = count(process.argv[3]);
console.log(
  `CI: SQLite ${sqlite.passed}/${sqlite.total} passed; PostgreSQL ${postgres.passed}/${postgres.total} passed.`,
);
if (postgres.failed > 0 || sqlite.failed > 0) {
  console.error('CI: a test failed on one of the engines.');
  process.exit(1);
}
if (postgres.passed < sqlite.passed) {
  console.error(
    `CI: the PostgreSQL run passed fewer tests (${postgres.passed}) than the SQLite run (${sqlite.passed}).`,
  );
  process.exit(1);
}
