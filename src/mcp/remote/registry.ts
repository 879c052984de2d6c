import type { Env } from '../../env';
import type { ToolDefinition } from '../../tools/types';
import { listServers } from './store';
import { remoteTool } from './tool';

/**
 * The registered servers' tools, per isolate, for the Broker's registry (src/tools/registry.ts).
 * The Broker decides synchronously, so a run object loads them before it works (on wake and per
 * alarm) and a registration or its removal reaches a run within REFRESH_MS.
 */
const REFRESH_MS = 5_000;
let tools: ReadonlyMap<string, ToolDefinition<any>> = new Map();
let loadedAt = 0;
let version = 0;

export function remoteTools(): ReadonlyMap<string, ToolDefinition<any>> {
  return tools;
}

/** Changes whenever the set of remote tools is replaced, so a merged registry knows to rebuild. */
export function remoteToolsVersion(): number {
  return version;
}

export async function loadRemoteTools(env: Env, force = false): Promise<void> {
  if (!force && Date.now() - loadedAt < REFRESH_MS) return;
  const servers = await listServers(env);
  tools = new Map(servers.flatMap((server) => server.tools.map((tool) => [tool.id, remoteTool(server, tool)] as const)));
  loadedAt = Date.now();
  version += 1;
}
