import { z } from '@hono/zod-openapi';
import { defineTool } from '../types';

const Option = z.union([
  z.string().min(1).max(200).transform((value) => ({ value, label: value })),
  z.strictObject({
    value: z.string().min(1).max(200),
    label: z.string().min(1).max(500),
    detail: z.string().max(4000).optional(),
    requires_comment: z.boolean().optional().describe('radio/multi: choosing it needs a comment with the answer'),
    recommended: z.boolean().optional().describe('radio/multi: preselected in the form and marked recommended (radio: the first such option)'),
  }),
]);

/** Puts a question to a person and suspends the run until it is answered through `/input`. */
export const humanInLoop = defineTool({
  id: 'kbagent.human_in_loop',
  provider: 'kbagent',
  description:
    'Ask the person running the Playbook a question (radio, multi-select, text, file upload, or grid: one of the options for each ' +
    'row, with an optional comment per row) and wait for the answer.',
  risk: 'read',
  side_effects: false,
  output_trust: 'trusted',
  args: z
    .strictObject({
      prompt: z.string().min(1).max(8000),
      kind: z.enum(['radio', 'multi', 'text', 'file', 'grid']).default('text'),
      options: z.array(Option).max(100).default([]),
      rows: z.array(Option).max(200).default([]).describe('grid only: the rows to answer'),
    })
    .refine((a) => (a.kind === 'radio' || a.kind === 'multi' || a.kind === 'grid' ? a.options.length > 0 : true), {
      message: 'radio, multi and grid questions need options',
      path: ['options'],
    })
    .refine((a) => (a.kind === 'grid' ? a.rows.length > 0 : a.rows.length === 0), {
      message: 'grid questions need rows; other kinds take none',
      path: ['rows'],
    })
    .refine((a) => new Set(a.rows.map((r) => r.value)).size === a.rows.length, { message: 'row values must be unique', path: ['rows'] }),
  execute: async (args) => ({
    kind: 'ask',
    question: { kind: args.kind, prompt: args.prompt, options: args.options, ...(args.kind === 'grid' ? { rows: args.rows } : {}) },
  }),
});
