// npm run test:pg — the whole `npm test` suite against PostgreSQL: a throwaway cluster started from
// the machine's binaries (or TEST_DATABASE_URL's server), a database per test cloned from one
// migrated template.
import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config.js';

export default mergeConfig(
  base,
  defineConfig({
    test: {
      globalSetup: ['tests/helpers/postgres-setup.ts'],
    },
  }),
);
