// The admin screens' API calls (issues 16, 17): users, their tokens, service accounts, MCP servers and the vault. Admin-only routes;
// anyone else gets 403 from the API. Kept apart from endpoints.ts, same conventions.
import { request, type RequestOptions } from './client';
import { currentToken, sessionExpired } from '../lib/session';
import type { IssuedServiceAccount, IssuedToken, McpServer, McpServerRegistration, NewServiceAccount, NewUser, RiskClass, ServiceAccount, TokenInfo, User, VaultEntry } from './types';

function call<T>(method: string, path: string, options: Omit<RequestOptions, 'token' | 'onUnauthorized'> = {}): Promise<T> {
  return request<T>(method, path, { ...options, token: currentToken(), onUnauthorized: sessionExpired });
}

const enc = encodeURIComponent;

/** What POST /users/{id}/tokens takes: one of the two expiries, or none for a token that lives until revoked. */
export type TokenBody = { label: string; expires_in_days?: number; expires_at?: string };

export const adminApi = {
  users: () => call<{ users: User[] }>('GET', 'users').then((r) => r.users),
  createUser: (user: NewUser) => call<User>('POST', 'users', { json: user }),
  tokens: (userId: string) => call<{ tokens: TokenInfo[] }>('GET', `users/${enc(userId)}/tokens`).then((r) => r.tokens),
  /** The token itself is in this answer only. */
  issueToken: (userId: string, body: TokenBody) => call<IssuedToken>('POST', `users/${enc(userId)}/tokens`, { json: body }),
  revokeToken: (userId: string, tokenId: string) => call<void>('DELETE', `users/${enc(userId)}/tokens/${enc(tokenId)}`),

  /** Machine principals (issue 17); a token is in the create and rotate answers only. */
  serviceAccounts: () => call<{ service_accounts: ServiceAccount[] }>('GET', 'service-accounts').then((r) => r.service_accounts),
  createServiceAccount: (body: NewServiceAccount) => call<IssuedServiceAccount>('POST', 'service-accounts', { json: body }),
  rotateServiceAccount: (id: string) => call<IssuedServiceAccount>('POST', `service-accounts/${enc(id)}/rotate`),
  revokeServiceAccount: (id: string) => call<void>('DELETE', `service-accounts/${enc(id)}`),

  /** Remote MCP servers (issue 17); registering a name again replaces it (e.g. to change a tool's class). */
  mcpServers: () => call<{ servers: McpServer[]; tool_risks: RiskClass[] }>('GET', 'mcp-servers'),
  registerMcpServer: (body: McpServerRegistration) => call<McpServer>('POST', 'mcp-servers', { json: body }),
  removeMcpServer: (name: string) => call<void>('DELETE', `mcp-servers/${enc(name)}`),

  /** Names and metadata only: the API never returns a value. */
  secrets: () => call<{ secrets: VaultEntry[] }>('GET', 'vault').then((r) => r.secrets),
  putSecret: (name: string, value: string) => call<VaultEntry>('PUT', `vault/${enc(name)}`, { json: { value } }),
  deleteSecret: (name: string) => call<void>('DELETE', `vault/${enc(name)}`),
};
