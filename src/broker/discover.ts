import type { Env } from '../env';
import type { ToolManifest } from '../domain/tooling';
import { refreshConnections } from '../connections/discovery';
import { registryManifests } from './tools';

/**
 * POST /tools/discover (spec §7): re-runs connection auto-discovery (the project's configured
 * components → connections, stored in the Tenant object for GET /connections, and their per-system
 * tools) and returns the registry with those tools. A Keboola failure is recorded on the discovery, not thrown.
 */
export async function discoverTools(env: Env): Promise<ToolManifest[]> {
  await refreshConnections(env);
  return registryManifests();
}
