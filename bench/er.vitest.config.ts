// The entity-resolution benchmark alone, without starting the app (it needs none):
// `npx vitest run --config bench/er.vitest.config.ts`. `npm run bench` runs it with the others.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    environment: 'node',
    include: ['bench/er.bench.ts', 'bench/er-pushdown.bench.ts', 'bench/er-pushdown-chain.bench.ts'],
    testTimeout: 600_000,
  },
});
