import type { TestProject } from 'vitest/node';
import { FAKE_ANTHROPIC_KEY, FAKE_OPENAI_KEY, FAKE_SLACK_BOT_TOKEN } from './keys';
import { ROUTES } from './routes';
import { startFakeServer } from './server';

/**
 * vitest globalSetup: one fake server for the whole run, on 127.0.0.1 and an ephemeral port.
 * vitest.config.ts reads the URL and the keys the fakes accept with inject() and binds them into
 * the Worker (FAKES_URL, the provider and Slack base URLs and keys).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const fakes = await startFakeServer(ROUTES);
  project.provide('fakesUrl', fakes.url);
  project.provide('fakeKeys', { anthropic: FAKE_ANTHROPIC_KEY, openai: FAKE_OPENAI_KEY, slack: FAKE_SLACK_BOT_TOKEN });
  return () => fakes.close();
}

declare module 'vitest' {
  export interface ProvidedContext {
    fakesUrl: string;
    fakeKeys: { anthropic: string; openai: string; slack: string };
  }
}
