// The Playbook templates the builder offers when no model writes the SOP (references/step-patterns.md
// describes each pattern): what each does, what it needs from the requester, and the words in a task
// description that point to it.
import { describe } from './description';

export const TEMPLATE_IDS = ['quality-check', 'kpi-digest', 'reconcile', 'export-table'] as const;
export type TemplateId = (typeof TEMPLATE_IDS)[number];

export type Template = {
  id: TemplateId;
  title: string;
  summary: string;
  /** What the requester must give (from the description, candidate tables or as run inputs). */
  needs: string[];
  keywords: string[];
};

export const TEMPLATES: readonly Template[] = [
  {
    id: 'quality-check',
    title: 'Table quality check → report → Slack list (approved)',
    summary: 'Exports one table, profiles it, lists the rows whose checked columns are empty, writes a report and posts the list to Slack after a person approves the message.',
    needs: ['one table', 'the columns to check (default: every column)', 'a Slack channel'],
    keywords: ['missing', 'empty', 'blank', 'null', 'nulls', 'quality', 'incomplete', 'invalid', 'check', 'checks', 'without', 'lack', 'lacks', 'gaps', 'fill'],
  },
  {
    id: 'kpi-digest',
    title: 'Scheduled KPI digest → Slack (approved)',
    summary: 'Exports one table, totals a numeric column by a dimension (row count and sum per group), writes the digest and posts it to Slack after approval, on a schedule.',
    needs: ['one table', 'a numeric column to total and a column to group by', 'a Slack channel', 'a schedule'],
    keywords: ['kpi', 'kpis', 'digest', 'summary', 'summarise', 'summarize', 'total', 'totals', 'sum', 'metrics', 'revenue', 'pipeline', 'dashboard', 'trend', 'report', 'weekly', 'monthly', 'by'],
  },
  {
    id: 'reconcile',
    title: 'Reconcile two tables → differences report',
    summary: 'Exports two tables, matches their rows on a key and lists the rows only in one of them and the rows whose compared columns differ, with counts per kind of difference.',
    needs: ['two tables', 'the key they share', 'the columns to compare (default: every shared column)'],
    keywords: ['reconcile', 'reconciliation', 'compare', 'comparison', 'match', 'matches', 'mismatch', 'mismatches', 'differences', 'difference', 'diff', 'consistent', 'consistency', 'against', 'between', 'sync'],
  },
  {
    id: 'export-table',
    title: 'Export a table to a Storage bucket (approved) and tell Slack',
    summary: 'Exports one table (chosen columns), loads it into a table in the target bucket after a person approves the write, and tells a Slack channel when one is named.',
    needs: ['one table', 'the target bucket', 'optionally the columns to keep and a Slack channel'],
    keywords: ['export', 'copy', 'load', 'write', 'publish', 'snapshot', 'backup', 'move', 'share', 'deliver', 'bucket', 'out'],
  },
];

export function template(id: TemplateId): Template {
  return TEMPLATES.find((t) => t.id === id)!;
}

/**
 * Each template's score: its keywords in the description, plus what the description's shape says
 * (two tables → reconcile; a target bucket → export). The highest wins; ties keep catalogue order.
 */
export function recommend(text: string, tables: readonly string[]): { ranked: TemplateId[]; scores: Record<TemplateId, number> } {
  const said = text.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
  const found = describe(text);
  const scores = Object.fromEntries(TEMPLATES.map((t) => [t.id, said.filter((w) => t.keywords.includes(w)).length])) as Record<TemplateId, number>;
  if (tables.length >= 2) scores.reconcile += 2;
  if (found.buckets.length > 0) scores['export-table'] += 2;
  const ranked = [...TEMPLATE_IDS].sort((a, b) => scores[b] - scores[a] || TEMPLATE_IDS.indexOf(a) - TEMPLATE_IDS.indexOf(b));
  return { ranked, scores };
}
