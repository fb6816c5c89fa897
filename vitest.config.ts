import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // Node loads graphql's CommonJS build for Pothos and yoga; the tests must share that one
    // copy, not vite's pick of the ESM build (graphql refuses to mix the two).
    alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }],
  },
  test: {
    include: ['test/**/*.spec.ts'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // Under CI the JSON report feeds the closing "N passed, N failed" line that .ci/run prints.
    reporters: process.env['CI'] ? ['default', ['json', { outputFile: '.ci/results/vitest.json' }]] : ['default'],
  },
});
