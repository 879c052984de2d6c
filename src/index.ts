import { createApp } from './api/app';
import type { Env } from './env';

export { TenantObject } from './tenant/tenant-object';
export { PlaybookRun } from './run/run-object';
export { RunWorkspace } from './workspace/workspace-object';

const app = createApp();

export default {
  fetch: (request, env, ctx) => app.fetch(request, env, ctx),
} satisfies ExportedHandler<Env>;
