import type { Env } from '../../env';
import { McpServerRecord } from '../../domain/mcp-server';

/** Registered MCP servers live in R2 beside the Playbooks: one small JSON object each. */
const PREFIX = 'mcp-servers/';
const key = (name: string) => `${PREFIX}${name}.json`;

export async function saveServer(env: Env, record: McpServerRecord): Promise<void> {
  await env.BUCKET.put(key(record.name), JSON.stringify(record), { httpMetadata: { contentType: 'application/json' } });
}

export async function getServer(env: Env, name: string): Promise<McpServerRecord | null> {
  const object = await env.BUCKET.get(key(name));
  return object ? McpServerRecord.parse(await object.json()) : null;
}

export async function listServers(env: Env): Promise<McpServerRecord[]> {
  const names: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await env.BUCKET.list({ prefix: PREFIX, cursor });
    names.push(...page.objects.map((o) => o.key.slice(PREFIX.length, -'.json'.length)));
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
  const records = await Promise.all(names.map((name) => getServer(env, name)));
  return records.filter((r): r is McpServerRecord => r !== null).sort((a, b) => a.name.localeCompare(b.name));
}

export async function deleteServer(env: Env, name: string): Promise<boolean> {
  if (!(await env.BUCKET.head(key(name)))) return false;
  await env.BUCKET.delete(key(name));
  return true;
}
