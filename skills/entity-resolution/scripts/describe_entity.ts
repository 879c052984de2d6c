import { z } from '@hono/zod-openapi';
import { stringify } from 'yaml';
import type { SkillScriptContext } from '../../../src/skills/script';
import { survivorshipOf } from '../lib/lineage';
import { readCsv } from '../lib/records';
import { chosenRules, rulesFromAnswer } from '../../../src/er/chosen-rules';

export const risk = 'compute';

export const description =
  'Register a resolved entity in the semantic layer: write a dataset description (YAML) of the golden table and its ' +
  'cross-reference — table ids, keys, a plain-language description and PII category per column, the survivorship rule behind ' +
  'each golden column, the approved match rules and when to refresh. Downstream assistants read it instead of guessing.';

export const args = z.strictObject({
  entity: z.string().min(1).max(64).regex(/^[a-z][a-z0-9_]*$/).default('customer').describe('Entity name, e.g. customer'),
  golden: z.string().min(1).max(512).default('er/golden.csv').describe('The golden table as promoted (after redaction, if any)'),
  cluster_map: z.string().min(1).max(512).default('er/cluster_map.csv'),
  golden_table_id: z.string().min(1).max(256).describe('Storage table id of the golden table'),
  xref_table_id: z.string().min(1).max(256).describe('Storage table id of the cross-reference (cluster map)'),
  rules: z.array(z.string().min(1).max(64)).min(1).max(20).describe('The approved rule ids (the HITL answer)'),
  thresholds_text: z.string().max(2000).optional().describe('Custom thresholds given with the answer'),
  pii_policy: z.record(z.string(), z.enum(['hash', 'mask', 'drop', 'keep'])).default({}).describe('The redaction applied per column before promotion'),
  promoted: z.array(z.looseObject({ table_id: z.string().optional() })).default([]).describe('Results of the promotion writes; tables not among them are marked "not promoted"'),
  output: z.string().min(1).max(512).optional().describe('Default semantic/<entity>-entity.yaml'),
});

const COLUMN_TEXT: Record<string, string> = {
  entity_id: 'Stable identifier of the resolved entity; join key to the cross-reference table.',
  member_count: 'How many source rows were merged into this entity.',
  sources: 'The source systems (tables) the merged rows came from, separated by ";".',
  first_name: 'Given name.', last_name: 'Family name.', full_name: 'Display name composed of given and family name.',
  email: 'E-mail address, lower-cased.', phone: 'Phone number in E.164 where the number allowed it.',
  company: 'Employer or account name.', street_number: 'House number.', address_1: 'Street address.', address_2: 'Address line 2.',
  city: 'City or suburb.', postcode: 'Postal code.', state: 'State or region.', country: 'Country.',
  dob: 'Date of birth (ISO 8601).', national_id: 'National identifier.', updated_at: 'Latest update time among the merged rows.',
  source: 'Source table of the row.', row_id: 'The row identifier in its source table.',
};
const PII: Record<string, string> = {
  first_name: 'name', last_name: 'name', full_name: 'name', email: 'contact', phone: 'contact', street_number: 'address',
  address_1: 'address', address_2: 'address', postcode: 'address', dob: 'date_of_birth', national_id: 'government_id',
};

export async function run(input: z.infer<typeof args>, ctx: SkillScriptContext) {
  const golden = await readCsv(ctx, input.golden);
  const xref = await readCsv(ctx, input.cluster_map);
  const choice = rulesFromAnswer(input.rules, {}, input.thresholds_text);
  const rules = chosenRules(choice.rules, choice.thresholds);
  const promoted = new Set(input.promoted.flatMap((p) => (p.table_id ? [p.table_id] : [])));
  const column = (name: string, extra: Record<string, unknown> = {}) => ({
    name,
    description: COLUMN_TEXT[name] ?? 'Carried over from the sources.',
    ...(PII[name] ? { pii: PII[name], redaction: input.pii_policy[name] ?? 'keep' } : {}),
    ...extra,
  });
  const document = {
    entity: input.entity,
    description: `One row per real-world ${input.entity}, resolved across ${[...new Set(xref.rows.map((r) => r.source))].join(', ')}.`,
    tables: [
      {
        id: input.golden_table_id,
        role: 'golden',
        status: promoted.has(input.golden_table_id) ? 'promoted' : 'not promoted',
        rows: golden.rows.length,
        primary_key: ['entity_id'],
        columns: golden.headers.map((name) => column(name, name in COLUMN_TEXT && !['entity_id', 'member_count', 'sources'].includes(name) ? { survivorship: survivorshipOf(name) } : {})),
      },
      {
        id: input.xref_table_id,
        role: 'cross_reference',
        status: promoted.has(input.xref_table_id) ? 'promoted' : 'not promoted',
        rows: xref.rows.length,
        primary_key: ['source', 'row_id'],
        joins: [{ table: input.golden_table_id, on: 'entity_id' }],
        columns: xref.headers.map((name) => column(name)),
      },
    ],
    match_rules: rules.map((r) => ({ id: r.id, label: r.label, description: r.description ?? '' })),
    refresh: 'Re-run the Playbook when a source table changes; entity ids are stable only for unchanged clusters.',
  };
  const path = input.output ?? `semantic/${input.entity}-entity.yaml`;
  await ctx.writeArtifact(path, stringify(document), 'application/yaml');
  return { path, entity: input.entity, tables: document.tables.map((t) => ({ id: t.id, status: t.status, rows: t.rows })), columns: golden.headers.length + xref.headers.length };
}
