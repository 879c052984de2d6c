import type { Env } from '../env';
import type { ToolManifest } from '../domain/tooling';
import { registryManifests } from './tools';

/**
 * POST /tools/discover (spec §7). Today the registry is static, so discovery returns it as is;
 * Keboola connection auto-discovery (configured components → connections and their tools) is
 * added here, so the route and its callers do not change.
 */
export async function discoverTools(_env: Env): Promise<ToolManifest[]> {
  return registryManifests();
}
