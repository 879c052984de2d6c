import { GridAnswer } from '../domain/run';
import { BadRequestError } from '../errors';
import type { QuestionRequest } from '../tools/types';

/**
 * Radio answers must be one of the options; multi a list of them; text a string; file an artifact
 * path; grid one option per row, every row exactly once.
 */
export function validateAnswer(kind: string, options: { value: string }[], rows: { value: string }[], answer: unknown): unknown {
  const values = options.map((o) => o.value);
  switch (kind) {
    case 'grid': {
      const parsed = GridAnswer.safeParse(answer);
      if (!parsed.success) throw new BadRequestError('A grid answer must be a list of {row, choice, comment?}', { issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) });
      const byRow = new Map(parsed.data.map((a) => [a.row, a]));
      const expected = rows.map((r) => r.value);
      const unknown = parsed.data.filter((a) => !expected.includes(a.row)).map((a) => a.row);
      const missing = expected.filter((r) => !byRow.has(r));
      if (unknown.length > 0 || missing.length > 0 || byRow.size !== parsed.data.length) {
        throw new BadRequestError(`Answer every row exactly once${missing.length ? `; missing: ${missing.join(', ')}` : ''}${unknown.length ? `; not rows of this question: ${unknown.join(', ')}` : ''}`, { rows: expected });
      }
      const wrong = parsed.data.filter((a) => !values.includes(a.choice));
      if (wrong.length > 0) throw new BadRequestError(`Row ${wrong[0]!.row}: the choice must be one of: ${values.join(', ')}`, { options: values });
      return expected.map((row) => byRow.get(row)!);
    }
    case 'radio':
      if (typeof answer !== 'string' || !values.includes(answer)) throw new BadRequestError(`The answer must be one of: ${values.join(', ')}`, { options: values });
      return answer;
    case 'multi':
      if (!Array.isArray(answer) || answer.some((a) => typeof a !== 'string' || !values.includes(a))) {
        throw new BadRequestError(`The answer must be a list drawn from: ${values.join(', ')}`, { options: values });
      }
      return [...new Set(answer as string[])];
    case 'text':
      if (typeof answer !== 'string' || answer.length > 20_000) throw new BadRequestError('The answer must be text (at most 20,000 characters)');
      return answer;
    default:
      if (!answer || typeof answer !== 'object' || typeof (answer as { path?: unknown }).path !== 'string') {
        throw new BadRequestError('A file answer must be {path} of the uploaded workspace file');
      }
      return answer;
  }
}

/** An option that stands for something the person must spell out (custom thresholds) needs a comment. */
export function requireComment(options: QuestionRequest['options'], value: unknown, comment: string | undefined): void {
  if (comment?.trim()) return;
  const chosen = [value].flat();
  const needing = options.find((o) => o.requires_comment && chosen.includes(o.value));
  if (needing) throw new BadRequestError(`"${needing.label}" needs a comment with the answer${needing.detail ? `: ${needing.detail}` : ''}`, { option: needing.value });
}
