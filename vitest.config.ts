import { cloudflareTest } from '@cloudflare/vitest-plugin';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [
    cloudflareTest({
      wrangler: { configPath: './wrangler.toml' },
      miniflare: {
        // No test may reach the network; fakes are bound explicitly per test.
        outboundService: (request: Request) => new Response(`unexpected outbound request: ${request.url}`, { status: 599 }),
        bindings: { TENANT_ID: 'test' },
      },
    }),
  ],
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    testTimeout: 30_000,
  },
});
