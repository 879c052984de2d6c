// Lays a parsed flowchart out with dagre (loaded with this module, as its own chunk).
import dagre from '@dagrejs/dagre';
import { parseFlowchart, type Direction, type FlowEdge, type FlowNode } from './mermaid-parse';

export type PlacedNode = FlowNode & { x: number; y: number; width: number; height: number; lines: string[] };
export type PlacedEdge = FlowEdge & { points: { x: number; y: number }[]; labelAt?: { x: number; y: number } };
export type Layout = { direction: Direction; width: number; height: number; nodes: PlacedNode[]; edges: PlacedEdge[] };

const CHAR_W = 7.4;
const LINE_H = 16;
/** Past this many nodes (a column-level lineage) nodes sit closer, so more of the graph is on screen. */
const DENSE = 40;

function textSize(lines: string[]): { width: number; height: number } {
  return { width: Math.max(...lines.map((l) => l.length), 1) * CHAR_W, height: lines.length * LINE_H };
}

export function layoutFlowchart(source: string): Layout {
  const chart = parseFlowchart(source);
  const g = new dagre.graphlib.Graph({ multigraph: true });
  const dense = chart.nodes.size > DENSE;
  g.setGraph({ rankdir: chart.direction, nodesep: dense ? 12 : 28, ranksep: dense ? 40 : 48, edgesep: dense ? 8 : 12, marginx: 8, marginy: 8 });
  g.setDefaultEdgeLabel(() => ({}));
  const lines = new Map<string, string[]>();
  for (const node of chart.nodes.values()) {
    const text = node.label.split('\n').map((l) => l.trim());
    lines.set(node.id, text);
    const size = textSize(text);
    const pad = node.shape === 'diamond' ? 2 : node.shape === 'circle' ? 1.4 : 1;
    const extra = node.shape === 'cylinder' ? 10 : 0; // room for the top rim
    g.setNode(node.id, { width: (size.width + 24) * pad, height: (size.height + (dense ? 12 : 16)) * (node.shape === 'diamond' ? 1.6 : 1) + extra });
  }
  chart.edges.forEach((edge, i) => {
    const label = edge.label ? textSize([edge.label]) : { width: 0, height: 0 };
    g.setEdge(edge.from, edge.to, { width: label.width + (edge.label ? 8 : 0), height: label.height, labelpos: 'c' }, String(i));
  });
  dagre.layout(g);

  const nodes = [...chart.nodes.values()].map((node) => {
    const n = g.node(node.id);
    return { ...node, x: n.x, y: n.y, width: n.width, height: n.height, lines: lines.get(node.id) ?? [node.label] };
  });
  const edges = chart.edges.map((edge, i) => {
    const e = g.edge({ v: edge.from, w: edge.to, name: String(i) });
    return { ...edge, points: e.points ?? [], ...(edge.label && e.x !== undefined && e.y !== undefined ? { labelAt: { x: e.x, y: e.y } } : {}) };
  });
  const graph = g.graph();
  return { direction: chart.direction, width: graph.width ?? 0, height: graph.height ?? 0, nodes, edges };
}
