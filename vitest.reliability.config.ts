// npm run test:reliability — the fault and load suite (issue 12). Slower than `npm test`, so it
// runs on its own; it prints its figures as a table at the end.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/reliability/**/*.test.ts'],
    environment: 'node',
    testTimeout: 1_200_000,
    hookTimeout: 120_000,
    globalSetup: ['tests/reliability/figures-setup.ts'],
  },
});
