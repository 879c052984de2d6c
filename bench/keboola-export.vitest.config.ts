// The Keboola export memory benchmark alone, in Node against the fake Keboola (no app needed):
// `npx vitest run --config bench/keboola-export.vitest.config.ts`. `npm run bench` runs it with the others.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    environment: 'node',
    include: ['bench/keboola-export.bench.ts'],
    testTimeout: 600_000,
  },
});
