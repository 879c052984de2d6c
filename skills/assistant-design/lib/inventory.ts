// The project as the builder saw it: the Storage tables (keboola.storage.tables, action list) and
// the live tool registry (kbagent.tool_broker.discover), each saved as the tool returned it in the
// run workspace. A draft may name only what these files hold.
import type { SkillScriptContext } from '../../../src/skills/script';
import type { RiskClass } from '../../../src/domain/risk';

export type StorageTable = { id: string; name: string; bucket: string; columns: string[]; primary_key: string[]; rows_count: number | null; last_import_date: string | null };
export type RegistryTool = { id: string; description: string; risk: RiskClass; side_effects: boolean; supports_dry_run: boolean; output_trust: string; auth_state: string; provider: string };
export type Inventory = { tables: StorageTable[]; tools: RegistryTool[] };

async function readJson(ctx: SkillScriptContext, path: string, what: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await ctx.readArtifact(path);
  } catch {
    throw new Error(`${path} is missing: save the ${what} there first`);
  }
  const value = JSON.parse(text) as unknown;
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error(`${path} is not the ${what} (a JSON object)`);
  return value as Record<string, unknown>;
}

/** The registry saved from kbagent.tool_broker.discover; an answer cut short would hide tools, so it is refused. */
export async function readRegistry(ctx: SkillScriptContext, path: string): Promise<RegistryTool[]> {
  const saved = await readJson(ctx, path, 'output of kbagent.tool_broker.discover');
  if (!Array.isArray(saved.tools)) throw new Error(`${path} has no "tools" list: it is not the output of kbagent.tool_broker.discover`);
  if (saved.truncated === true) throw new Error(`${path} lists ${saved.tools.length} of ${String(saved.count)} tools: call kbagent.tool_broker.discover with a higher limit`);
  return saved.tools as RegistryTool[];
}

export async function readTables(ctx: SkillScriptContext, path: string): Promise<StorageTable[]> {
  const saved = await readJson(ctx, path, 'output of keboola.storage.tables (action list)');
  if (!Array.isArray(saved.tables)) throw new Error(`${path} has no "tables" list: it is not the output of keboola.storage.tables with action "list"`);
  return (saved.tables as StorageTable[]).map((t) => ({ ...t, columns: t.columns ?? [], primary_key: t.primary_key ?? [] }));
}

export async function readInventory(ctx: SkillScriptContext, tablesPath: string, registryPath: string): Promise<Inventory> {
  return { tables: await readTables(ctx, tablesPath), tools: await readRegistry(ctx, registryPath) };
}

