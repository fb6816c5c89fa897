import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.spec.ts'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // Under CI the JSON report feeds the closing "N passed, N failed" line that .ci/run prints.
    reporters: process.env['CI'] ? ['default', ['json', { outputFile: '.ci/results/vitest.json' }]] : ['default'],
  },
});
