// Browser end-to-end tests: plain Node (not the Workers pool). The global setup starts the real
// app with scripts/start.mjs on a free port; tests drive Debian's chromium with playwright-core.
// The UI's pure helpers (ui/**/*.test.ts) run here too, since they are browser code, not Worker code.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    environment: 'node',
    include: ['test/e2e/**/*.e2e.ts', 'ui/**/*.test.ts'],
    globalSetup: ['test/e2e/global-setup.ts'],
    // One app instance is shared; files run one after another so they cannot race on its state.
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 180_000,
    retry: 0,
    // Polls wait on a real server and a real browser: give them more than the 1 s default.
    expect: { poll: { timeout: 10_000 } },
  },
});
