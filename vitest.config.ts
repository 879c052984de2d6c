import { cloudflareTest } from '@cloudflare/vitest-plugin';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [
    // A function so the options can use what globalSetup (test/fakes/global-setup.ts) provided.
    cloudflareTest(({ inject }) => {
      const fakesUrl = inject('fakesUrl');
      const keys = inject('fakeKeys');
      return {
        wrangler: { configPath: './wrangler.toml' },
        miniflare: {
          // No test may reach the network: the local fakes (test/fakes/) answer, anything else is refused.
          outboundService: (request: Request) =>
            request.url.startsWith(`${fakesUrl}/`) ? forward(request) : new Response(`unexpected outbound request: ${request.url}`, { status: 599 }),
          bindings: {
            TENANT_ID: 'test',
            // ${{ run.url }} links are absolute under this origin.
            PUBLIC_BASE_URL: 'http://studio.test',
            // Signs and verifies run tokens (src/broker/run-token.ts); attack tests sign with their own keys.
            RUN_TOKEN_SECRET: 'test-run-token-secret-0123456789abcdefghijklmnop',
            // A fixed vault key (src/vault/crypto.ts); wrong-key tests derive their own.
            VAULT_KEY: 'test-vault-key-0123456789abcdefghijklmnopqrstuvwxyz',
            FAKES_URL: fakesUrl,
            // The real provider clients, pointed at the fakes (test/fakes/anthropic.ts, openai.ts).
            ANTHROPIC_BASE_URL: `${fakesUrl}/anthropic`,
            ANTHROPIC_API_KEY: keys.anthropic,
            OPENAI_BASE_URL: `${fakesUrl}/openai/v1`,
            OPENAI_API_KEY: keys.openai,
            // The real Slack client, pointed at test/fakes/slack.ts; sandbox-mode tests unset the token.
            SLACK_API_URL: `${fakesUrl}/slack/api`,
            SLACK_BOT_TOKEN: keys.slack,
            // The real Keboola client, pointed at test/fakes/keboola.ts. No token here: without one the Keboola
            // tools use the built-in sample project; tests of the real client store keboola_token in the vault.
            KEBOOLA_API_URL: `${fakesUrl}/keboola`,
            // Tiny poll and retry back-off (default 2 s, 5 s, 15 s) so job polling takes milliseconds.
            KEBOOLA_POLL_INTERVALS_MS: '5,10,20',
          },
        },
      };
    }),
  ],
  test: {
    globalSetup: ['./test/fakes/global-setup.ts'],
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    testTimeout: 30_000,
  },
});

/**
 * outboundService receives Miniflare's own Request class, which Node's fetch cannot take as is;
 * copy it into a plain request to the fake server.
 */
async function forward(request: Request): Promise<Response> {
  const body = request.method === 'GET' || request.method === 'HEAD' ? undefined : await request.arrayBuffer();
  return fetch(request.url, { method: request.method, headers: [...request.headers], body, redirect: 'manual' });
}
