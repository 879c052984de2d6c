import { z } from '@hono/zod-openapi';
import { Slug, ToolId } from './common';
import { InputSpec, PlaybookSpec } from './playbook';

export const BLUEPRINT_CATEGORIES = ['data-cleanup', 'process-mining', 'decision-analysis', 'decision-triggers', 'custom-agent-builder'] as const;
export const BlueprintCategory = z.enum(BLUEPRINT_CATEGORIES).openapi('BlueprintCategory');
export type BlueprintCategory = z.infer<typeof BlueprintCategory>;

/** A catalogue entry (the PRD's "Solution"), kept as YAML under blueprints/. */
export const Blueprint = z
  .strictObject({
    id: Slug,
    name: z.string().min(1).max(120),
    category: BlueprintCategory,
    summary: z.string().min(1).max(300),
    problem: z.string().min(1).max(4_000),
    what_it_does: z.string().min(1).max(4_000),
    expected_impact: z.string().min(1).max(4_000),
    systems: z.array(z.string().min(1).max(64)).min(1),
    connections: z.array(z.string().min(1).max(128)).default([]),
    plugins: z.array(z.string().min(1).max(128)).default([]),
    skills: z.array(Slug).default([]),
    tags: z.array(z.string().max(64)).default([]),
    playbook_template: PlaybookSpec,
  })
  .openapi('Blueprint');
export type Blueprint = z.infer<typeof Blueprint>;

/** What a blueprint names that does not exist here, and the steps a run without a model cannot do (src/blueprints/readiness.ts). */
export const BlueprintReadiness = z
  .object({
    available: z.boolean().openapi({ description: 'Every tool and skill it names exists: it can be forked and run' }),
    runs_without_model: z.boolean().openapi({ description: 'Every step has scripted actions: it runs with no model configured' }),
    missing_tools: z.array(z.string()),
    missing_skills: z.array(z.string()),
    steps_needing_a_model: z.array(z.string()),
  })
  .openapi('BlueprintReadiness');
export type BlueprintReadiness = z.infer<typeof BlueprintReadiness>;

export const BlueprintSummary = Blueprint.omit({ playbook_template: true }).extend({ readiness: BlueprintReadiness }).openapi('BlueprintSummary');
export type BlueprintSummary = z.infer<typeof BlueprintSummary>;
// Spread, not .extend(): the OpenAPI document would otherwise reference the strict Blueprint, which forbids `readiness`.
export const BlueprintDetail = z.strictObject({ ...Blueprint.shape, readiness: BlueprintReadiness }).openapi('BlueprintDetail');
export type BlueprintDetail = z.infer<typeof BlueprintDetail>;

/** A data-only bundle by job family (spec §2). */
export const Plugin = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/),
    name: z.string().min(1).max(120),
    description: z.string().min(1).max(2_000),
    job_family: z.string().min(1).max(64),
    connections: z.array(z.string().min(1).max(128)).default([]),
    skills: z.array(Slug).default([]),
    tools: z.array(ToolId).default([]),
    recommended_inputs: z.array(InputSpec).default([]),
  })
  .openapi('Plugin');
export type Plugin = z.infer<typeof Plugin>;

/** SKILL.md frontmatter (spec §2). */
export const SkillFrontmatter = z
  .strictObject({
    name: Slug,
    description: z.string().min(1).max(1_024),
    license: z.string().max(64).optional(),
    version: z.string().max(32).optional(),
    metadata: z.record(z.string(), z.string()).optional(),
  })
  .openapi('SkillFrontmatter');
export type SkillFrontmatter = z.infer<typeof SkillFrontmatter>;
