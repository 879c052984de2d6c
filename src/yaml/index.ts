import { LineCounter, parseDocument, stringify } from 'yaml';
import { BadRequestError, PayloadTooLargeError } from '../errors';

export const MAX_YAML_BYTES = 256 * 1024;
/** Alias expansion is the YAML "billion laughs" vector; documents here never need many. */
const MAX_ALIAS_COUNT = 50;

/**
 * Parse untrusted YAML into plain data with size and alias limits; errors name line and column.
 * `maxBytes` is raised only for YAML we wrote ourselves (stored revisions may come from a 1 MB JSON body).
 */
export function parseYaml(text: string, what = 'YAML document', { maxBytes = MAX_YAML_BYTES }: { maxBytes?: number } = {}): unknown {
  if (new TextEncoder().encode(text).byteLength > maxBytes) throw new PayloadTooLargeError(maxBytes);
  // With prettyErrors off the parser does not locate errors itself; the line counter does.
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false, strict: true, merge: false, lineCounter });
  const problem = doc.errors[0];
  if (problem) {
    const { line, col } = problem.pos ? lineCounter.linePos(problem.pos[0]) : { line: undefined, col: undefined };
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
