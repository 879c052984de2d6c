import type { Env } from '../../env';
import type { User } from '../../domain/user';
import { MCP_RISK_FLOOR, type McpServerRecord, type McpServerRegistration } from '../../domain/mcp-server';
import { assertRole } from '../../api/auth';
import { AppError, NotFoundError, ValidationError } from '../../errors';
import { resolveVaultHandles } from '../../vault/service';
import { McpRemoteError, listRemoteTools } from './client';
import { loadRemoteTools } from './registry';
import { deleteServer, getServer, listServers, saveServer } from './store';
import { remoteToolId } from './tool';

type Deps = { env: Env; user: User };

/** The server could not be asked for its tools: nothing is registered. */
class McpServerUnreachableError extends AppError {
  override name = 'McpServerUnreachableError';
  constructor(message: string) {
    super(502, 'mcp_server_unreachable', message);
  }
}

/**
 * Registers (or replaces) an MCP server: asks it for its tools now, with the auth header's vault
 * handles resolved, and stores each tool with the class the admin chose (else the floor). A class
 * named for a tool the server does not have is refused, so a typo cannot leave a tool at a default.
 */
export async function registerServer(deps: Deps, body: McpServerRegistration): Promise<{ record: McpServerRecord; created: boolean }> {
  assertRole(deps.user, ['admin'], 'register MCP servers');
  const headers: Record<string, string> = {};
  if (body.auth_header) headers[body.auth_header.name] = (await resolveVaultHandles(deps.env, body.auth_header.value)).value;
  let listed;
  try {
    listed = await listRemoteTools({ url: body.url, headers });
  } catch (error) {
    if (error instanceof McpRemoteError) throw new McpServerUnreachableError(error.message);
    throw error;
  }
  const unknown = Object.keys(body.tool_risk).filter((name) => !listed.some((tool) => tool.name === name));
  if (unknown.length > 0) {
    throw new ValidationError('tool_risk names tools the server does not have', unknown.map((name) => ({ path: `tool_risk.${name}`, message: `the server has no tool "${name}"; it has ${listed.map((t) => t.name).join(', ') || 'none'}` })));
  }
  const seen = new Set<string>();
  const tools = listed.flatMap((tool) => {
    const id = remoteToolId(body.name, tool.name);
    if (seen.has(id)) return []; // two remote names that read the same as an id: the first keeps it
    seen.add(id);
    return [{ id, name: tool.name, description: (tool.description ?? '').slice(0, 2000), risk: body.tool_risk[tool.name] ?? MCP_RISK_FLOOR, input_schema: tool.inputSchema ?? { type: 'object' } }];
  });
  const created = (await getServer(deps.env, body.name)) === null;
  const record: McpServerRecord = {
    name: body.name, url: body.url, ...(body.auth_header ? { auth_header: body.auth_header } : {}), tool_risk: body.tool_risk, tools,
    registered_by: deps.user.id, registered_at: new Date().toISOString(),
  };
  await saveServer(deps.env, record);
  await loadRemoteTools(deps.env, true);
  return { record, created };
}

export async function listRegisteredServers(deps: Deps): Promise<McpServerRecord[]> {
  assertRole(deps.user, ['admin'], 'list MCP servers');
  return listServers(deps.env);
}

export async function removeServer(deps: Deps, name: string): Promise<void> {
  assertRole(deps.user, ['admin'], 'remove MCP servers');
  if (!(await deleteServer(deps.env, name))) throw new NotFoundError('MCP server', name);
  await loadRemoteTools(deps.env, true);
}
