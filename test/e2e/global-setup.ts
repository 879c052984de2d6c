/// <reference types="node" />
// One app instance shared by the e2e files (test/e2e/app-process.ts starts it with a fresh state
// directory); the base URL and the demo tokens reach the tests through provide/inject.
import type { TestProject } from 'vitest/node';
import { startApp } from './app-process';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const app = await startApp();
  project.provide('baseUrl', app.baseUrl);
  project.provide('tokens', app.tokens);
  return () => app.stop();
}
