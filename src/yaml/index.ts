import { parseDocument, stringify } from 'yaml';
import { BadRequestError, PayloadTooLargeError } from '../errors';

export const MAX_YAML_BYTES = 256 * 1024;
/** Alias expansion is the YAML "billion laughs" vector; documents here never need many. */
const MAX_ALIAS_COUNT = 50;

/** Parse untrusted YAML into plain data with size and alias limits; errors name line and column. */
export function parseYaml(text: string, what = 'YAML document'): unknown {
  if (new TextEncoder().encode(text).byteLength > MAX_YAML_BYTES) throw new PayloadTooLargeError(MAX_YAML_BYTES);
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false, strict: true, merge: false });
  const problem = doc.errors[0];
  if (problem) {
    const [line, col] = problem.linePos?.[0] ? [problem.linePos[0].line, problem.linePos[0].col] : [undefined, undefined];
    throw new BadRequestError(`${what} is not valid YAML${line ? ` (line ${line}, column ${col})` : ''}: ${firstLine(problem.message)}`, {
      line,
      column: col,
    });
  }
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    throw new BadRequestError(`${what} was refused: ${firstLine(error instanceof Error ? error.message : String(error))}`);
  }
}

export function toYaml(value: unknown): string {
  return stringify(value, { lineWidth: 0, aliasDuplicateObjects: false });
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}
