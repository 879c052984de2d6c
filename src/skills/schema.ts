import { z } from '@hono/zod-openapi';
import { IsoDateTime, Slug } from '../domain/common';
import { SkillFrontmatter } from '../domain/catalogue';
import { RiskClass } from '../domain/risk';
import { MAX_SKILL_MD_BYTES } from './parse';

/** The API's view of skills (GET/POST /skills). The SKILL.md document itself is `SkillFrontmatter` + Markdown. */

export const SkillSource = z.enum(['builtin', 'user']).openapi('SkillSource');

export const SkillTables = z
  .object({
    tool_selection_guide: z.array(z.object({ task: z.string(), tools: z.array(z.string()), notes: z.string().optional() })),
    integrations_required: z.array(z.object({ integration: z.string(), purpose: z.string().optional(), required: z.boolean() })),
    context_persistence: z.array(z.object({ key: z.string(), description: z.string() })),
  })
  .openapi('SkillTables');

export const SkillScriptInfo = z
  .object({ name: z.string(), path: z.string(), tool_id: z.string(), risk: RiskClass, description: z.string() })
  .openapi('SkillScriptInfo');

export const SkillSummary = z
  .object({
    id: Slug,
    name: z.string(),
    description: z.string(),
    source: SkillSource,
    reference_count: z.number().int().nonnegative(),
    script_count: z.number().int().nonnegative(),
    uploaded_by: z.string().optional(),
    updated_at: IsoDateTime.optional(),
  })
  .openapi('SkillSummary');
export type SkillSummary = z.infer<typeof SkillSummary>;

export const SkillDetail = SkillSummary.extend({
  frontmatter: SkillFrontmatter,
  body: z.string().openapi({ description: 'The Markdown after the frontmatter' }),
  tables: SkillTables,
  tree: z.object({
    references: z.array(z.object({ path: z.string(), bytes: z.number().int().nonnegative() })),
    scripts: z.array(SkillScriptInfo),
  }),
}).openapi('SkillDetail');
export type SkillDetail = z.infer<typeof SkillDetail>;

export const MAX_REFERENCE_BYTES = 256 * 1024;
export const MAX_REFERENCES = 50;

export const SkillUpload = z
  .strictObject({
    skill_md: z.string().min(1).max(MAX_SKILL_MD_BYTES).openapi({ description: 'The whole SKILL.md: YAML frontmatter (name, description), then Markdown' }),
    references: z
      .record(z.string().min(1).max(200), z.string().max(MAX_REFERENCE_BYTES))
      .refine((refs) => Object.keys(refs).length <= MAX_REFERENCES, { message: `at most ${MAX_REFERENCES} references` })
      .default({})
      .openapi({ description: 'Markdown references by file name ("checks.md" or "references/checks.md"); loaded only through skill.load_reference' }),
  })
  .openapi('SkillUpload');
export type SkillUpload = z.infer<typeof SkillUpload>;
