import { z } from '@hono/zod-openapi';
import { profileSteps, proposeRules } from '../../../src/er';
import { Continuation, type SkillScriptContext } from '../../../src/skills/script';
import { stepsInSlices } from '../../../src/skills/slices';
import { compared, DEFAULT_CALLS_PER_UNIT } from '../lib/job';
import { CUSTOM_THRESHOLDS } from '../../../src/er/chosen-rules';
import { mask } from '../../../src/pii/columns';

export const risk = 'compute';

export const description =
  'Propose entity-resolution rules for normalised sources: per candidate rule (exact e-mail, phone + name, fuzzy name + ' +
  'company / address / date of birth …) its match count, the records it touches, an estimated precision from sampled pairs ' +
  'checked against independent evidence, and sample pairs; plus a ready multi-select question for a person to choose the rules.';

export const args = z.strictObject({
  sources: z.array(z.string().min(1).max(512)).min(1).max(20).describe('Workspace paths of normalised CSVs'),
  samples: z.number().int().min(1).max(10).default(3).describe('Sample pairs per rule'),
  min_precision: z.number().min(0).max(1).default(0.9).describe('Rules at or above this estimated precision are recommended'),
  calls_per_unit: z.number().int().min(1).max(1000).default(DEFAULT_CALLS_PER_UNIT).describe('Engine budget calls per loop unit (smaller: more, shorter units)'),
  sample_rows: z.number().int().min(0).optional().describe('Above this many rows in the sources (the pushdown threshold) propose from a sample of this many: the first rows of each source'),
});

export async function run(input: z.infer<typeof args>, ctx: SkillScriptContext) {
  const job = await compared(ctx, input.sources, { mode: 'dedup' }, input.calls_per_unit, { sampleRows: input.sample_rows });
  if (job instanceof Continuation) return job;
  const { resolver, sample } = job;
  const records = resolver.records;
  // The namesake rates come from a pass over every record: in slices, like the comparing before it.
  const namesakes = new Float64Array(records.length);
  await stepsInSlices(profileSteps(records, namesakes));
  const proposals = proposeRules(resolver, { samples: input.samples, seed: 6, minPrecision: input.min_precision, namesakes });
  const rules = proposals.map((p) => ({
    id: p.rule.id,
    label: p.rule.label,
    description: p.rule.description,
    applicable: p.applicable,
    matches: p.matches,
    records: p.records,
    estimated_precision: p.estimatedPrecision,
    evidence: p.evidence,
    ...(p.whyNot === undefined ? {} : { why_not: p.whyNot }),
    // Contact details masked wherever the samples are shown (the question, the step's outputs).
    samples: p.samples.map((s) => ({ ...s, left: { ...s.left, values: masked(s.left.values) }, right: { ...s.right, values: masked(s.right.values) } })),
  }));
  // A rule is preselected when it matches something and its precision, estimated at this table's
  // density of names (issue 14), is known to be good; an unknown precision is left to the person.
  // why_not says what held a rule back.
  const recommended = proposals.filter((p) => p.recommended).map((p) => p.rule.id);
  const recommendedLabels = rules.filter((r) => recommended.includes(r.id)).map((r) => r.label);
  const percent = (p: number | null) => (p === null ? 'precision unknown' : `~${Math.round(p * 100)} % precise`);
  // Exactly the arguments of kbagent.human_in_loop (kind "multi"), so a step can pass it as is. The
  // recommended options come ticked and are named in the prompt by the labels the person sees.
  const question = {
    prompt:
      `Which matching rules should merge records across ${new Set(records.map((r) => r.source)).size} sources (${sample ? `counts from a sample of ${sample.rows} of ${sample.of_rows} rows` : `${records.length} rows`})? ` +
      (recommendedLabels.length > 0
        ? `Recommended, and ticked below (estimated precision ≥ ${Math.round(input.min_precision * 100)} %): ${recommendedLabels.join('; ')}.`
        : `None is recommended: no rule reaches an estimated precision of ${Math.round(input.min_precision * 100)} %.`),
    kind: 'multi' as const,
    options: [
      ...rules.filter((r) => r.applicable).map((r) => ({
        value: r.id,
        label: `${r.label}: ${r.matches} pairs, ${percent(r.estimated_precision)}`.slice(0, 500),
        ...(recommended.includes(r.id) ? { recommended: true } : {}),
        detail: [r.description, ...(r.why_not ? [`Not recommended: ${r.why_not}.`] : []), ...r.samples.map((s) => `e.g. ${display(s.left.values)} ↔ ${display(s.right.values)}`)].join('\n').slice(0, 4000),
      })),
      {
        value: CUSTOM_THRESHOLDS,
        label: 'Custom thresholds',
        requires_comment: true,
        detail: 'Tick the rules, then write your own Jaro-Winkler thresholds (0.5–1) in the comment as rule=threshold, e.g. "name_company=0.95".',
      },
    ],
  };
  return { rows: records.length, sample, rules, recommended, question };
}

const CONTACT_FIELDS = new Set(['email', 'phone', 'dob', 'date_of_birth', 'national_id', 'address', 'street', 'postcode']);

function masked(values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, CONTACT_FIELDS.has(k) ? mask(v) : v]));
}

/** A sample record as the question shows it: names, and the (masked) e-mail or phone. */
function display(values: Record<string, string>): string {
  return [values.first_name, values.last_name, values.email ?? values.phone].filter(Boolean).join(' ');
}
