import type { Env } from '../env';
import type { ToolDefinition } from './types';

/**
 * Tools whose list lives outside the code (registered MCP servers, discovered Keboola
 * configurations), held per isolate for the Broker's registry (registry.ts). The Broker decides
 * synchronously, so callers load before they decide (a run object on wake and per alarm); a
 * change reaches every isolate within `refreshMs`, and at once in the isolate that made it.
 */
export class IsolateTools {
  private tools: ReadonlyMap<string, ToolDefinition<any>> = new Map();
  private loadedAt = 0;
  private loads = 0;

  constructor(private readonly list: (env: Env) => Promise<ToolDefinition<any>[]>, private readonly refreshMs = 5_000) {}

  current(): ReadonlyMap<string, ToolDefinition<any>> {
    return this.tools;
  }

  /** Changes whenever the set is replaced, so a merged registry knows to rebuild. */
  version(): number {
    return this.loads;
  }

  async load(env: Env, force = false): Promise<void> {
    if (!force && Date.now() - this.loadedAt < this.refreshMs) return;
    const tools = await this.list(env);
    this.tools = new Map(tools.map((tool) => [tool.manifest.id, tool]));
    this.loadedAt = Date.now();
    this.loads += 1;
  }
}
