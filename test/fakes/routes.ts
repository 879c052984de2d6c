import { anthropicRoutes } from './anthropic';
import { keboolaRoutes } from './keboola';
import { mcpRoutes } from './mcp';
import { modelControlRoutes } from './model-scripts';
import { openaiRoutes } from './openai';
import type { FakeRoute } from './server';
import { slackRoutes } from './slack';
import { workersAiRoutes } from './workers-ai';

/**
 * Every fake the test server serves, by path prefix: /anthropic/, /openai/, /workers-ai/ and their
 * /__control/model/ scripts; /slack/api/ and /__control/slack/. A new fake (Keboola under /keboola/)
 * is one file exporting FakeRoute[] and one line here; /mcp/<scenario> is a remote MCP server (mcp.ts).
 */
export const ROUTES: FakeRoute[] = [...modelControlRoutes, ...anthropicRoutes, ...openaiRoutes, ...workersAiRoutes, ...slackRoutes, ...keboolaRoutes, ...mcpRoutes];
