import type { Env } from '../env';
import type { Connection } from '../domain/tooling';
import type { RiskPolicy } from '../domain/policy';
import { systemToolContext } from '../tools/system-context';
import { tenantStub } from '../api/context';
import type { ComponentInfo } from './keboola/backend';
import { KEBOOLA_TOKEN_SECRET, keboolaBackend } from './keboola';
import { componentSystem } from './systems';
import { componentToolSpecs, type ComponentToolSpec } from '../tools/keboola/components/specs';
import { saveComponentTools } from '../tools/keboola/components/registry';

/**
 * Connection auto-discovery (spec §7): `keboola.connection` always; one connection per external
 * system behind the project's configured extractors and writers; direct connections (Slack).
 * The component list is read through the Keboola backend (real project or sample) and stored in
 * the Tenant object; builtins and direct connections are worked out on every read because they
 * depend only on configuration.
 */

/** `source` says which configuration produced it (backend + when the token was stored), so a new token triggers a new discovery. */
export type DiscoveryRecord = { backend: 'keboola' | 'sample'; source: string; discovered_at: string; connections: Connection[]; error?: string };
export type ConnectionGroups = { builtins: Connection[]; discovered: Connection[]; direct: Connection[]; discovery: Omit<DiscoveryRecord, 'connections' | 'source'> };

export const SLACK_TOKEN_SECRET = 'slack_bot_token';
const KEBOOLA_TOOLS = ['keboola.storage.tables', 'keboola.storage.write', 'keboola.workspace.query', 'keboola.jobs.run'];
const DIRECT_IDS = new Set(['slack']);

/**
 * Lists components through the backend and stores what it found: the connections, and the
 * per-system tools of configurations whose component schema offers overrides (none after a
 * failure). A Keboola failure is recorded, not thrown.
 */
export async function refreshConnections(env: Env): Promise<DiscoveryRecord> {
  const tenant = tenantStub(env);
  const { record, tools } = await discover(env, configSource(env, await tenant.listVaultEntries()));
  await Promise.all([tenant.saveDiscovery(record), saveComponentTools(env, tools)]);
  return record;
}

/** The stored discovery, run now if there is none or the Keboola configuration changed (GET /connections, GET /tools). */
export async function currentDiscovery(env: Env): Promise<{ record: DiscoveryRecord; vaultNames: Set<string>; policy: RiskPolicy }> {
  // One Tenant call (issue 12): the Tenant serialises every call, and a list should wait for one.
  const state = await tenantStub(env).getDiscoveryState();
  const record = state.record && state.record.source === configSource(env, state.vault) ? state.record : await refreshConnections(env);
  return { record, vaultNames: new Set(state.vault.map((entry) => entry.name)), policy: state.risk_policy };
}

/** GET /connections: the current discovery, grouped and searched. */
export async function listConnections(env: Env, q?: string): Promise<ConnectionGroups> {
  const { record, vaultNames: names } = await currentDiscovery(env);
  const { connections, source: _source, ...discovery } = record;
  const slackReady = Boolean(env.SLACK_BOT_TOKEN) || names.has(SLACK_TOKEN_SECRET);
  const match = matcher(q);
  return {
    builtins: [keboolaConnection(env, record)].filter(match),
    discovered: connections.filter(match),
    direct: [slackConnection(slackReady)].filter(match),
    discovery,
  };
}

/** One connection per system: extractor and writer of the same system share it, and so do their per-system tools. */
export function connectionsFromComponents(components: ComponentInfo[], specs: readonly ComponentToolSpec[] = componentToolSpecs(components)): Connection[] {
  const bySystem = new Map<string, Connection & { configs: { total: number; enabled: number } }>();
  for (const component of components) {
    const ref = componentSystem(component.id, component.type);
    if (!ref) continue;
    // A Keboola Slack writer must not take the id of the direct Slack connection.
    const id = DIRECT_IDS.has(ref.id) ? `keboola.${ref.id}` : ref.id;
    const entry = bySystem.get(id) ?? { id, name: ref.system, system: ref.system, kind: 'keboola_component' as const, auth_state: 'needs_setup' as const, tools: [], configs: { total: 0, enabled: 0 } };
    if (ref.role === 'extractor') entry.component_id ??= component.id;
    else entry.writer_component_id ??= component.id;
    const own = specs.filter((spec) => spec.component === component.id).map((spec) => spec.id);
    entry.tools = [...new Set([...entry.tools, 'keboola.jobs.run', ref.role === 'extractor' ? 'keboola.storage.tables' : 'keboola.storage.write', ...own])].sort();
    entry.configs.total += component.configurations.length;
    entry.configs.enabled += component.configurations.filter((c) => !c.is_disabled).length;
    bySystem.set(id, entry);
  }
  return [...bySystem.values()]
    .map(({ configs, ...connection }) => ({
      ...connection,
      // Available as soon as one configuration can run (spec §7); disabled ones do not count.
      auth_state: configs.enabled > 0 ? ('available' as const) : ('needs_setup' as const),
      description: configs.enabled > 0
        ? `${configs.enabled} runnable configuration${configs.enabled === 1 ? '' : 's'} in the Keboola project${configs.total > configs.enabled ? ` (${configs.total - configs.enabled} disabled)` : ''}.`
        : `Only disabled configurations in the Keboola project: enable or create one for ${connection.system}.`,
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

async function discover(env: Env, source: string): Promise<{ record: DiscoveryRecord; tools: ComponentToolSpec[] }> {
  const discovered_at = new Date().toISOString();
  let kind: DiscoveryRecord['backend'] = 'sample';
  try {
    const backend = await keboolaBackend(systemToolContext(env, 'discovery'));
    kind = backend.kind;
    const components = await backend.listComponents();
    const tools = componentToolSpecs(components);
    return { record: { backend: kind, source, discovered_at, connections: connectionsFromComponents(components, tools) }, tools };
  } catch (error) {
    return { record: { backend: kind, source, discovered_at, connections: [], error: error instanceof Error ? error.message : String(error) }, tools: [] };
  }
}

/** Which Keboola configuration is in force, without decrypting anything: URL, and where the token comes from and when it was stored. */
function configSource(env: Env, entries: { name: string; updated_at: string }[]): string {
  const stored = entries.find((entry) => entry.name === KEBOOLA_TOKEN_SECRET);
  const token = stored ? `vault@${stored.updated_at}` : env.KEBOOLA_TOKEN ? 'env' : 'none';
  return `${env.KEBOOLA_API_URL ?? ''}|${token}`;
}

function keboolaConnection(env: Env, record: DiscoveryRecord): Connection {
  const where = record.backend === 'keboola' && env.KEBOOLA_API_URL ? `the Keboola project at ${new URL(env.KEBOOLA_API_URL).host}` : 'the built-in sample project (no Keboola token configured)';
  return {
    id: 'keboola.connection', name: 'Keboola Storage', system: 'Keboola', kind: 'keboola_builtin', auth_state: 'available', tools: KEBOOLA_TOOLS,
    description: `Storage tables, SQL in a workspace and jobs in ${where}.${record.error ? ` Last discovery failed: ${record.error}` : ''}`,
  };
}

function slackConnection(ready: boolean): Connection {
  return {
    id: 'slack', name: 'Slack', system: 'Slack', kind: 'direct', auth_state: ready ? 'available' : 'needs_setup', tools: ['slack.send_message'],
    description: ready
      ? 'Posts through the Slack Web API with the configured bot token.'
      : `No bot token: slack.send_message runs in sandbox mode and writes messages to the run's outbox/. Store one in the vault as ${SLACK_TOKEN_SECRET} (or set SLACK_BOT_TOKEN).`,
  };
}

function matcher(q: string | undefined): (c: Connection) => boolean {
  const needle = q?.trim().toLowerCase();
  if (!needle) return () => true;
  return (c) => [c.id, c.name, c.system, c.component_id, c.writer_component_id, c.description].some((field) => field?.toLowerCase().includes(needle));
}
