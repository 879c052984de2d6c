// Table- and column-level lineage of a data-cleanup run: source tables → normalised files →
// cluster map → golden table (→ redacted) → target tables, as a JSON graph and a Mermaid flowchart
// drawn from the same graph, so the two can never disagree.
import { DEFAULT_SURVIVORSHIP, type CanonicalField } from '../../../src/er';

export type LineageNode = {
  id: string;
  kind: 'source_table' | 'normalised' | 'cluster_map' | 'golden' | 'redacted' | 'target_table';
  label: string;
  /** Where it lives: a workspace artifact path or a Storage table id. */
  artifact?: string;
  table_id?: string;
  rows: number;
  columns: string[];
};
export type ColumnRef = { node: string; column: string };
export type LineageGraph = {
  nodes: LineageNode[];
  edges: { from: string; to: string; transform: string }[];
  column_edges: { from: ColumnRef; to: ColumnRef; transform: string }[];
};

export type SourceInput = { table_id: string; rows: number; columns: string[]; export_artifact: string };
export type NormalisedInput = { source: string; output: string; rows: number; columns: string[]; mapping: Record<string, string>; id_column: string | null };
export type TargetInput = { table_id: string; rows: number; columns: string[]; from: 'golden' | 'cluster_map' };

const DERIVED: Record<string, string> = {
  entity_id: 'entity id of the cluster',
  member_count: 'count of cluster members',
  sources: 'distinct sources of the members',
};

export function buildLineage(input: {
  sources: SourceInput[];
  normalised: NormalisedInput[];
  clusterMap: { artifact: string; rows: number; columns: string[] };
  golden: { artifact: string; rows: number; columns: string[] };
  redacted?: { artifact: string; rows: number; columns: string[]; policy: Record<string, string> };
  targets: TargetInput[];
}): LineageGraph {
  const graph: LineageGraph = { nodes: [], edges: [], column_edges: [] };
  const column = (from: ColumnRef, to: ColumnRef, transform: string) => graph.column_edges.push({ from, to, transform });

  input.sources.forEach((source, i) => {
    const src = `source_${i}`;
    graph.nodes.push({ id: src, kind: 'source_table', label: source.table_id, table_id: source.table_id, artifact: source.export_artifact, rows: source.rows, columns: source.columns });
    const normalised = input.normalised.find((n) => n.source === source.table_id);
    if (!normalised) return;
    const norm = `normalised_${i}`;
    graph.nodes.push({ id: norm, kind: 'normalised', label: normalised.output, artifact: normalised.output, rows: normalised.rows, columns: normalised.columns });
    graph.edges.push({ from: src, to: norm, transform: 'map columns to the contact schema, normalise values' });
    if (normalised.id_column) column({ node: src, column: normalised.id_column }, { node: norm, column: 'row_id' }, 'row identifier');
    for (const [sourceColumn, canonical] of Object.entries(normalised.mapping)) {
      // A full name is split into first and last name; other columns map one to one.
      const targets = canonical === 'full_name' ? ['first_name', 'last_name'] : [canonical];
      for (const target of targets.filter((t) => normalised.columns.includes(t))) {
        column({ node: src, column: sourceColumn }, { node: norm, column: target }, canonical === 'full_name' ? 'split full name' : `normalise ${canonical}`);
      }
    }
    graph.edges.push({ from: norm, to: 'cluster_map', transform: 'blocking, rule matching, union-find clustering' });
    for (const key of ['source', 'row_id']) column({ node: norm, column: key }, { node: 'cluster_map', column: key }, 'every row exactly once');
    graph.edges.push({ from: norm, to: 'golden', transform: 'survivorship per column' });
    for (const field of input.golden.columns.filter((c) => !(c in DERIVED) && normalised.columns.includes(c))) {
      column({ node: norm, column: field }, { node: 'golden', column: field }, `survivorship: ${survivorshipOf(field)}`);
    }
  });

  graph.nodes.push({ id: 'cluster_map', kind: 'cluster_map', label: input.clusterMap.artifact, artifact: input.clusterMap.artifact, rows: input.clusterMap.rows, columns: input.clusterMap.columns });
  graph.nodes.push({ id: 'golden', kind: 'golden', label: input.golden.artifact, artifact: input.golden.artifact, rows: input.golden.rows, columns: input.golden.columns });
  graph.edges.push({ from: 'cluster_map', to: 'golden', transform: 'one golden record per entity' });
  for (const derived of Object.keys(DERIVED).filter((c) => input.golden.columns.includes(c))) {
    column({ node: 'cluster_map', column: 'entity_id' }, { node: 'golden', column: derived }, DERIVED[derived]!);
  }

  let promoted = 'golden';
  if (input.redacted) {
    const { redacted } = input;
    graph.nodes.push({ id: 'redacted', kind: 'redacted', label: redacted.artifact, artifact: redacted.artifact, rows: redacted.rows, columns: redacted.columns });
    graph.edges.push({ from: 'golden', to: 'redacted', transform: 'PII policy' });
    for (const c of redacted.columns) column({ node: 'golden', column: c }, { node: 'redacted', column: c }, redacted.policy[c] && redacted.policy[c] !== 'keep' ? `redact: ${redacted.policy[c]}` : 'copy');
    promoted = 'redacted';
  }

  input.targets.forEach((target, i) => {
    const id = `target_${i}`;
    const from = target.from === 'golden' ? promoted : 'cluster_map';
    graph.nodes.push({ id, kind: 'target_table', label: target.table_id, table_id: target.table_id, rows: target.rows, columns: target.columns });
    graph.edges.push({ from, to: id, transform: 'promote (approved write)' });
    for (const c of target.columns) column({ node: from, column: c }, { node: id, column: c }, 'load');
  });
  return graph;
}

/** The survivorship strategy that picks a golden column's value (src/er DEFAULT_SURVIVORSHIP). */
export function survivorshipOf(field: string): string {
  const fields: Partial<Record<CanonicalField, string>> = DEFAULT_SURVIVORSHIP.fields;
  return fields[field as CanonicalField] ?? DEFAULT_SURVIVORSHIP.default;
}

/** The same graph as a Mermaid flowchart: tables as cylinders (thick edges), columns as nodes (dotted edges). */
export function lineageMermaid(graph: LineageGraph): string {
  const lines = ['flowchart LR'];
  const label = (text: string) => `"${text.replace(/"/g, '#quot;')}"`;
  for (const node of graph.nodes) {
    lines.push(`  ${node.id}[(${label(`${node.label}<br>${node.rows} rows`)})]`);
  }
  for (const edge of graph.edges) lines.push(`  ${edge.from} ==> ${edge.to}`);
  const columnNodes = new Map<string, ColumnRef>();
  for (const edge of graph.column_edges) for (const ref of [edge.from, edge.to]) columnNodes.set(columnId(ref), ref);
  const nodeLabel = new Map(graph.nodes.map((n) => [n.id, `${n.kind === 'normalised' ? 'norm.' : n.kind === 'redacted' ? 'redacted.' : ''}${shortName(n.label)}`]));
  for (const [id, ref] of columnNodes) lines.push(`  ${id}[${label(`${nodeLabel.get(ref.node)}.${ref.column}`)}]`);
  for (const edge of graph.column_edges) lines.push(`  ${columnId(edge.from)} -.-> ${columnId(edge.to)}`);
  return `${lines.join('\n')}\n`;
}

export function columnId(ref: ColumnRef): string {
  return `${ref.node}__${ref.column.replace(/[^A-Za-z0-9_]/g, '_')}`;
}

/** "in.c-salesforce.contacts" and "normalised/in.c-salesforce.contacts.csv" → "salesforce.contacts". */
function shortName(label: string): string {
  return label.replace(/^.*\//, '').replace(/\.csv$/, '').replace(/^(in|out)\.c-/, '');
}
