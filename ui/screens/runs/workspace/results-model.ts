// Which of a Playbook's declared outputs (spec.sop.artifact_specs) a run has produced, and when
// the run view leads with them. Pure: the results panel (results.ts) draws what this returns.
import type { ArtifactInfo, RunStatus } from '../../../api/types';

/** One declared output (`artifact_specs[]`): path, and optionally what it is and its content type. */
export type OutputSpec = { path: string; description?: string; content_type?: string };
export type Result = { spec: OutputSpec; artifact: ArtifactInfo };

/** Finished runs, and runs waiting for someone to approve sending what they produced. */
const SHOWN: readonly RunStatus[] = ['waiting_for_approval', 'done', 'failed', 'cancelled'];
export const showsResults = (status: RunStatus): boolean => SHOWN.includes(status);

const normal = (path: string) => path.replace(/^(\.\/|\/)+/, '');

/** Deliverables first: reports, then workbooks, graphs, tables; data and the rest after them. */
function rank(path: string): number {
  const ext = path.split('.').pop()?.toLowerCase() ?? '';
  const order = [['md', 'markdown'], ['xlsx'], ['mmd', 'mermaid'], ['csv']];
  const i = order.findIndex((exts) => exts.includes(ext));
  return i < 0 ? order.length : i;
}

/** The declared outputs present in the workspace: reports, workbooks, graphs and tables first, else in the order the Playbook declares them. */
export function declaredResults(specs: readonly OutputSpec[], artifacts: readonly ArtifactInfo[]): Result[] {
  const byPath = new Map(artifacts.map((a) => [a.path, a]));
  const seen = new Set<string>();
  const out: Result[] = [];
  for (const spec of specs) {
    const artifact = byPath.get(normal(spec.path));
    if (artifact && !seen.has(artifact.path)) {
      seen.add(artifact.path);
      out.push({ spec, artifact });
    }
  }
  return out.map((r, i) => ({ r, i })).sort((a, b) => rank(a.r.artifact.path) - rank(b.r.artifact.path) || a.i - b.i).map(({ r }) => r);
}

/** The result to show: the one the URL names, else the first report, else the first result. */
export function pickResult(results: readonly Result[], wanted: string | null): Result | undefined {
  return (
    results.find((r) => r.artifact.path === wanted) ??
    results.find((r) => /\.(md|markdown)$/i.test(r.artifact.path)) ??
    results[0]
  );
}
