import type { Env } from '../../env';
import type { ToolDefinition } from '../../tools/types';
import { IsolateTools } from '../../tools/isolate-tools';
import { listServers } from './store';
import { remoteTool } from './tool';

/**
 * The registered servers' tools, per isolate, for the Broker's registry (src/tools/registry.ts):
 * a registration or its removal reaches a run within a few seconds (src/tools/isolate-tools.ts).
 */
const remote = new IsolateTools(async (env) => (await listServers(env)).flatMap((server) => server.tools.map((tool) => remoteTool(server, tool))));

export function remoteTools(): ReadonlyMap<string, ToolDefinition<any>> {
  return remote.current();
}

export function remoteToolsVersion(): number {
  return remote.version();
}

export function loadRemoteTools(env: Env, force = false): Promise<void> {
  return remote.load(env, force);
}
