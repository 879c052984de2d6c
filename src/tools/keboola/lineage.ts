import { z } from '@hono/zod-openapi';
import type { ConfigurationLineage } from '../../connections/keboola/backend';
import { defineTool, ToolError } from '../types';
import { TableId, BranchArg, onBranch, withKeboola } from './shared';

const TOOL_ID = 'keboola.lineage.get';
/** How the lineage is known: keboola-api.md documents no lineage endpoint, so it is read off the configurations. */
const DERIVED_FROM = 'configuration input/output mappings (storage.input.tables[].source, storage.output.tables[].destination, also on rows)';

type Ref = Pick<ConfigurationLineage, 'component' | 'component_name' | 'component_type' | 'config' | 'config_name' | 'is_disabled'>;
const ref = ({ inputs: _i, outputs: _o, ...rest }: ConfigurationLineage): Ref => rest;

/**
 * Table- and configuration-level lineage of the project (issue 17): which configurations write a
 * table and which read it, the tables one level up and down; or what one configuration reads and
 * writes; or, with neither, the whole graph as table → table edges via a configuration.
 */
export const keboolaLineageGet = defineTool({
  id: TOOL_ID,
  provider: 'keboola',
  description:
    'Keboola lineage. With table_id: the configurations that write it (written_by) and read it (read_by), and the tables one step upstream and downstream. With component and config: the tables that configuration reads and writes. With neither: every table → table edge and the configuration behind it.',
  risk: 'read',
  side_effects: false,
  // Configuration names and table ids are written by people in the project: outside data.
  output_trust: 'untrusted',
  tags: ['keboola', 'lineage'],
  args: z
    .strictObject({
      table_id: TableId.optional(),
      component: z.string().min(1).max(128).regex(/^[a-z0-9][a-z0-9._-]*$/i, 'a component id such as "keboola.ex-salesforce"').optional(),
      config: z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'a configuration id').optional(),
      branch: BranchArg,
    })
    .superRefine((args, issues) => {
      if ((args.component === undefined) !== (args.config === undefined)) issues.addIssue({ code: 'custom', path: [args.component ? 'config' : 'component'], message: 'component and config go together' });
      if (args.table_id && args.component) issues.addIssue({ code: 'custom', path: ['table_id'], message: 'give table_id or component and config, not both' });
    }),
  execute: async (args, ctx) =>
    withKeboola(TOOL_ID, onBranch(ctx, args.branch), async (backend) => {
      const configurations = await backend.lineage();
      const base = { backend: backend.kind, derived_from: DERIVED_FROM };
      if (args.table_id) {
        const writers = configurations.filter((c) => c.outputs.includes(args.table_id!));
        const readers = configurations.filter((c) => c.inputs.includes(args.table_id!));
        const upstream = [...new Set(writers.flatMap((c) => c.inputs))].sort();
        const downstream = [...new Set(readers.flatMap((c) => c.outputs))].sort();
        return { kind: 'done', output: { ...base, table_id: args.table_id, written_by: writers.map(ref), read_by: readers.map(ref), upstream, downstream } };
      }
      if (args.component) {
        const found = configurations.find((c) => c.component === args.component && c.config === args.config);
        if (!found) throw new ToolError(TOOL_ID, `The project has no configuration "${args.config}" of component "${args.component}".`);
        return { kind: 'done', output: { ...base, configuration: found } };
      }
      const edges = configurations.flatMap((c) => c.inputs.flatMap((from) => c.outputs.map((to) => ({ from, to, via: `${c.component}/${c.config}` }))));
      return { kind: 'done', output: { ...base, configurations, edges } };
    }),
});
