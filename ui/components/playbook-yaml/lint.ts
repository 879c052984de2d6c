// What the editor underlines: YAML syntax errors (the same `yaml` package the API parses with),
// then — for a document that parses — the issues POST /playbooks/validate gives, i.e. exactly
// what a save would refuse, each placed on its node.
import { isMap, isScalar, isSeq, parseDocument, type Node } from 'yaml';
import { ApiError } from '../../api/client';
import { issueRanges } from './ranges';

export type Problem = { from: number; to: number; message: string; source: string; severity?: 'warning' };

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

/** The tool id nodes of a document: each step's allowed_tools and each action's tool, with their paths. */
function toolNodes(text: string): { node: Node; path: string }[] {
  const steps = parseDocument(text).getIn(['sop', 'steps'], true);
  if (!isSeq(steps)) return [];
  return steps.items.flatMap((step, s) => {
    if (!isMap(step)) return [];
    const allowed = step.get('allowed_tools', true);
    const actions = step.get('actions', true);
    return [
      ...(isSeq(allowed) ? allowed.items.map((node, i) => ({ node: node as Node, path: `sop.steps[${s}].allowed_tools[${i}]` })) : []),
      ...(isSeq(actions) ? actions.items.flatMap((a, i) => (isMap(a) && a.get('tool', true) ? [{ node: a.get('tool', true) as Node, path: `sop.steps[${s}].actions[${i}].tool` }] : [])) : []),
    ];
  });
}

/**
 * Tool ids the live registry (GET /tools) lacks: the save accepts them, but a run could not call
 * them, so they are warnings. A trailing "*" must match some tool, as blueprint readiness checks.
 */
export function unknownToolProblems(text: string, registry: readonly string[]): Problem[] {
  if (registry.length === 0) return []; // the registry did not load: say nothing rather than everything
  const known = new Set(registry);
  const exists = (id: string) => (id.endsWith('*') ? registry.some((t) => t.startsWith(id.slice(0, -1))) : known.has(id));
  return toolNodes(text).flatMap(({ node, path }) => {
    if (!isScalar(node) || typeof node.value !== 'string' || !node.range || exists(node.value)) return [];
    const message = `no tool "${node.value}" in this Studio's registry: a run could not call it`;
    return [{ from: node.range[0], to: node.range[1], message, source: path, severity: 'warning' as const }];
  });
}

/** Syntax first: a document that does not parse is not sent. Then the save's errors, then unknown tools where no error is. */
export async function problemsOf(text: string, validate: Validate, registry: readonly string[] = []): Promise<Problem[]> {
  const syntax = syntaxProblems(text);
  if (syntax.length > 0) return syntax;
  const errors = await validationProblems(text, validate);
  const warnings = unknownToolProblems(text, registry).filter((w) => !errors.some((e) => e.from < w.to && w.from < e.to));
  return [...errors, ...warnings];
}
