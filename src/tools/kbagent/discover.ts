import { z } from '@hono/zod-openapi';
import { RISK_CLASSES, riskRank, type RiskClass } from '../../domain/risk';
import type { ToolManifest } from '../../domain/tooling';
import { defineTool } from '../types';

/**
 * What the Broker can dispatch, for a step that designs Playbooks (the assistant builder) or needs
 * to choose a tool: id, what it does, its risk class and effects, dry-run support and auth state.
 * It reads the registry it is registered in (passed as `manifests`, so this module does not import
 * the registry). The answer is the product's own data, so it is trusted.
 */
export function toolBrokerDiscover(manifests: () => readonly ToolManifest[]) {
  return defineTool({
    id: 'kbagent.tool_broker.discover',
    provider: 'kbagent',
    description:
      'List the tools this installation can dispatch, with each one\'s risk class, side effects, dry-run support, output trust and ' +
      'auth state. Filter by words in the id or description (query), by a risk ceiling (risk_max) or by id prefix (e.g. "keboola.").',
    risk: 'read',
    side_effects: false,
    output_trust: 'trusted',
    args: z.strictObject({
      query: z.string().max(200).optional().describe('Every word must occur in the id or the description (case-insensitive)'),
      prefix: z.string().max(128).optional().describe('Only ids starting with this, e.g. "keboola." or "skill.process-mining."'),
      risk_max: z.enum(RISK_CLASSES).optional().describe('Only tools of this risk class or lower'),
      limit: z.number().int().min(1).max(500).default(100),
    }),
    execute: async (args) => {
      const words = (args.query ?? '').toLowerCase().split(/\s+/).filter(Boolean);
      const matching = manifests().filter(
        (m) =>
          (!args.prefix || m.id.startsWith(args.prefix)) &&
          (!args.risk_max || riskRank(m.risk) <= riskRank(args.risk_max as RiskClass)) &&
          words.every((w) => `${m.id} ${m.description}`.toLowerCase().includes(w)),
      );
      const tools = matching.slice(0, args.limit).map((m) => ({
        id: m.id, description: m.description, risk: m.risk, side_effects: m.side_effects, supports_dry_run: m.supports_dry_run,
        output_trust: m.output_trust, auth_state: m.auth_state, provider: m.provider,
      }));
      return { kind: 'done', output: { tools, count: matching.length, truncated: matching.length > tools.length } };
    },
  });
}
