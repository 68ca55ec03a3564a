import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // The fault and load suite runs on its own: npm run test:reliability.
    exclude: ['**/node_modules/**', 'tests/reliability/**'],
    environment: 'node',
    setupFiles: ['tests/helpers/per-worker-temp.ts'],
    globalSetup: ['tests/helpers/temp-cleanup.ts'],
    testTimeout: 15_000,
    hookTimeout: 30_000,
  },
});
