import { z } from '@hono/zod-openapi';
import type { SkillScriptContext } from '../../../src/skills/script';
import { CLASSIFICATIONS, type Variance } from '../lib/questions';

/** Reads and writes only the run workspace. */
export const risk = 'compute';


export const description =
  'Record a person\'s classification of the flagged items: the answers to detect\'s grid questions ({row, choice, comment} per ' +
  'item; one answer or the list of them) against the flagged items in detect\'s flagged_as JSON. Every flagged item gets its class ' +
  'and comment, or the status unclassified when no answer covers it; counts per class; writes the result as JSON (save_as).';

const Entry = z.strictObject({ row: z.string().min(1).max(200), choice: z.string().min(1).max(200), comment: z.string().max(2000).optional() });
/** `${{ questions.<action id> }}`: the grid answer with who gave it and when. */
const Answered = z.looseObject({ answer: z.array(Entry), answered_by: z.string(), answered_at: z.string() });

export const args = z.strictObject({
  flagged: z.string().min(1).max(512).describe('Workspace path of detect\'s flagged_as JSON'),
  answers: z
    .union([z.array(Entry), z.array(z.array(Entry)), z.array(Answered)])
    .describe('A grid answer, the list of answers of several grid questions, or their question records (${{ questions.<id> }}: with answered_by and answered_at)'),
  save_as: z.string().min(1).max(512).default('variances/classifications.json'),
});

type Input = z.infer<typeof args>;
type FlaggedFile = { current_period: string; prior_period: string; threshold_pct: number; item_column: string; flagged: Variance[] };

export async function run(input: Input, ctx: SkillScriptContext) {
  const file = parseFlagged(input.flagged, await ctx.readArtifact(input.flagged));
  const flaggedItems = new Set(file.flagged.map((v) => v.item));
  const answered = new Map<string, { choice: string; comment: string | null; answered_by: string | null; answered_at: string | null }>();
  for (const { entry, by, at } of entries(input.answers)) {
    if (!flaggedItems.has(entry.row)) throw new Error(`"${entry.row}" is not a flagged item of ${input.flagged}`);
    if (!(CLASSIFICATIONS as readonly string[]).includes(entry.choice)) throw new Error(`${entry.row}: "${entry.choice}" is not one of ${CLASSIFICATIONS.join(', ')}`);
    if (answered.has(entry.row)) throw new Error(`${entry.row} is answered twice`);
    answered.set(entry.row, { choice: entry.choice, comment: entry.comment?.trim() || null, answered_by: by, answered_at: at });
  }

  const items = file.flagged.map((v) => {
    const answer = answered.get(v.item);
    return {
      item: v.item,
      status: v.status,
      prior: v.prior,
      current: v.current,
      change: v.change,
      change_pct: v.change_pct,
      classification: answer?.choice ?? null,
      answer_status: answer ? 'classified' : 'unclassified',
      comment: answer?.comment ?? null,
      answered_by: answer?.answered_by ?? null,
      answered_at: answer?.answered_at ?? null,
    };
  });
  const result = {
    current_period: file.current_period,
    prior_period: file.prior_period,
    threshold_pct: file.threshold_pct,
    item_column: file.item_column,
    items,
    counts: Object.fromEntries(CLASSIFICATIONS.map((c) => [c, items.filter((i) => i.classification === c).length])),
    open: items.filter((i) => i.classification === null).map((i) => i.item),
  };
  const written = await ctx.writeArtifact(input.save_as, JSON.stringify(result, null, 2), 'application/json');
  ctx.emit('artifact', { step_id: ctx.step_id, ...written });
  return { ...result, saved_as: written.path };
}

/** Every grid entry, with who answered it and when where the answers came as question records. */
type Attributed = { entry: z.infer<typeof Entry>; by: string | null; at: string | null };
function entries(answers: Input['answers']): Attributed[] {
  return (answers as unknown[]).flatMap((a): Attributed[] => {
    if (Array.isArray(a)) return (a as z.infer<typeof Entry>[]).map((entry) => ({ entry, by: null, at: null }));
    const parsed = Answered.safeParse(a);
    if (parsed.success) return parsed.data.answer.map((entry) => ({ entry, by: parsed.data.answered_by, at: parsed.data.answered_at }));
    return [{ entry: a as z.infer<typeof Entry>, by: null, at: null }];
  });
}

function parseFlagged(path: string, text: string): FlaggedFile {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new Error(`"${path}" is not JSON; write it with detect's flagged_as`);
  }
  const f = doc as Partial<FlaggedFile>;
  if (!Array.isArray(f.flagged) || typeof f.item_column !== 'string') throw new Error(`"${path}" has no flagged list; write it with detect's flagged_as`);
  return f as FlaggedFile;
}
