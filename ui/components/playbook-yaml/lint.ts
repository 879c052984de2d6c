// What the editor underlines: YAML syntax errors (the same `yaml` package the API parses with),
// then — for a document that parses — the issues POST /playbooks/validate gives, i.e. exactly
// what a save would refuse, each placed on its node.
import { parseDocument } from 'yaml';
import { ApiError } from '../../api/client';
import { issueRanges } from './ranges';

export type Problem = { from: number; to: number; message: string; source: string };

type Validate = (yaml: string) => Promise<unknown>;

/** Syntax errors with their own ranges; [] when the text parses. */
export function syntaxProblems(text: string): Problem[] {
  const doc = parseDocument(text, { prettyErrors: false });
  return doc.errors.map((error) => {
    const [from, to] = error.pos;
    return { from, to: Math.max(to, from + 1), message: error.message, source: 'yaml syntax' };
  });
}

/** Offsets of a 1-based line (a 400 from the API names only its line). */
function lineRange(text: string, line: number): { from: number; to: number } {
  let from = 0;
  for (let i = 1; i < line; i++) {
    const next = text.indexOf('\n', from);
    if (next === -1) break;
    from = next + 1;
  }
  const end = text.indexOf('\n', from);
  return { from, to: end === -1 ? text.length : end };
}

/**
 * The save's verdict on `text`, placed on lines. Anything but a validation answer (offline, a
 * 500, a revoked token) underlines nothing: the save will say so where it happens.
 */
export async function validationProblems(text: string, validate: Validate): Promise<Problem[]> {
  try {
    await validate(text);
    return [];
  } catch (error) {
    if (!(error instanceof ApiError)) return [];
    if (error.status === 422 && error.issues.length > 0) {
      return issueRanges(text, error.issues).map((issue) => ({
        from: issue.range?.from ?? 0,
        to: issue.range?.to ?? 0,
        message: issue.range?.exact === false ? `${issue.path}: ${issue.message}` : issue.message,
        source: issue.path,
      }));
    }
    const position = error.yamlPosition;
    if (error.status === 400 && position) return [{ ...lineRange(text, position.line), message: error.message, source: 'yaml syntax' }];
    return [];
  }
}

/** Syntax first: a document that does not parse is not sent. */
export async function problemsOf(text: string, validate: Validate): Promise<Problem[]> {
  const syntax = syntaxProblems(text);
  return syntax.length > 0 ? syntax : validationProblems(text, validate);
}
