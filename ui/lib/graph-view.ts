// Pure helpers of the graph viewer (ui/components/mermaid-graph.ts): the zoom it opens at, fit,
// zoom steps, the scroll that keeps a point still while zooming, a node's lineage, node search.

export const MIN_ZOOM = 0.1;
export const MAX_ZOOM = 4;
/** Below this a 12 px label is hard to read; a bigger graph opens at this zoom and scrolls. */
export const READABLE_ZOOM = 0.8;
const STEP = 1.25;

type Size = { width: number; height: number };

export const clampZoom = (zoom: number) => Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, zoom));

/** The whole graph in the box. */
export function fitZoom(graph: Size, box: Size): number {
  if (graph.width <= 0 || graph.height <= 0) return 1;
  return clampZoom(Math.min(box.width / graph.width, box.height / graph.height));
}

/**
 * The zoom a graph opens at: its natural size, or narrower to fit the box's width, but never
 * below a readable zoom (then it scrolls; "fit" shows the whole).
 */
export function initialZoom(graph: Size, boxWidth: number): number {
  if (graph.width <= 0) return 1;
  return Math.min(1, Math.max(READABLE_ZOOM, boxWidth / graph.width));
}

/** One step in or out, snapping to 100 % when a step passes it. */
export function stepZoom(zoom: number, direction: 1 | -1): number {
  const next = direction > 0 ? zoom * STEP : zoom / STEP;
  if ((zoom < 1 && next > 1) || (zoom > 1 && next < 1)) return 1;
  return clampZoom(Math.round(next * 1000) / 1000);
}

/**
 * The scroll offset that keeps the graph point under `anchor` (a position inside the viewport) in
 * place when the zoom changes from `before` to `after`.
 */
export function anchoredScroll(scroll: number, anchor: number, before: number, after: number): number {
  return Math.max(0, ((scroll + anchor) / before) * after - anchor);
}

/** A node, everything upstream of it and everything downstream of it. */
export function lineageOf(edges: readonly { from: string; to: string }[], id: string): Set<string> {
  const out = new Map<string, string[]>();
  const into = new Map<string, string[]>();
  for (const e of edges) {
    out.set(e.from, [...(out.get(e.from) ?? []), e.to]);
    into.set(e.to, [...(into.get(e.to) ?? []), e.from]);
  }
  const seen = new Set([id]);
  for (const next of [out, into]) {
    const queue = [id];
    const walked = new Set([id]);
    while (queue.length > 0) {
      for (const n of next.get(queue.shift()!) ?? []) {
        if (walked.has(n)) continue;
        walked.add(n);
        seen.add(n);
        queue.push(n);
      }
    }
  }
  return seen;
}

/** Nodes whose label or id contains the query (case-insensitive), in reading order (by rank, then down). */
export function findNodes<N extends { id: string; label: string; x: number; y: number }>(nodes: readonly N[], query: string, direction: 'TB' | 'BT' | 'LR' | 'RL' = 'TB'): N[] {
  const q = query.trim().toLowerCase();
  if (!q) return [];
  const byRank = direction === 'LR' || direction === 'RL' ? (a: N, b: N) => a.x - b.x || a.y - b.y : (a: N, b: N) => a.y - b.y || a.x - b.x;
  return nodes.filter((n) => n.label.toLowerCase().includes(q) || n.id.toLowerCase().includes(q)).sort(byRank);
}
