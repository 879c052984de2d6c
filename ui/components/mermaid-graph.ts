// A Mermaid flowchart drawn as SVG (lineage and process maps). Parsing and dagre layout load on
// demand; what the parser does not understand is shown as its source with the reason.
import { useEffect, useState } from 'preact/hooks';
import { html } from '../html';
import type { Layout, PlacedEdge, PlacedNode } from '../lib/mermaid-layout';
import { CodeBlock } from './code-block';

function nodeShape(n: PlacedNode) {
  const x = n.x - n.width / 2;
  const y = n.y - n.height / 2;
  switch (n.shape) {
    case 'diamond':
      return html`<polygon class="mm-node" points=${`${n.x},${y} ${x + n.width},${n.y} ${n.x},${y + n.height} ${x},${n.y}`} />`;
    case 'circle':
      return html`<ellipse class="mm-node" cx=${n.x} cy=${n.y} rx=${n.width / 2} ry=${n.height / 2} />`;
    case 'hexagon': {
      const k = Math.min(14, n.width / 4);
      return html`<polygon class="mm-node" points=${`${x + k},${y} ${x + n.width - k},${y} ${x + n.width},${n.y} ${x + n.width - k},${y + n.height} ${x + k},${y + n.height} ${x},${n.y}`} />`;
    }
    case 'flag':
      return html`<polygon class="mm-node" points=${`${x},${y} ${x + n.width},${y} ${x + n.width},${y + n.height} ${x},${y + n.height} ${x + 10},${n.y}`} />`;
    case 'parallelogram':
      return html`<polygon class="mm-node" points=${`${x + 10},${y} ${x + n.width},${y} ${x + n.width - 10},${y + n.height} ${x},${y + n.height}`} />`;
    case 'cylinder': {
      const r = 5;
      const body = `M${x},${y + r} A${n.width / 2},${r} 0 0 0 ${x + n.width},${y + r} V${y + n.height - r} A${n.width / 2},${r} 0 0 1 ${x},${y + n.height - r} Z`;
      return html`<path class="mm-node" d=${body} /><ellipse class="mm-node" cx=${n.x} cy=${y + r} rx=${n.width / 2} ry=${r} />`;
    }
    default: {
      const rx = n.shape === 'stadium' ? n.height / 2 : n.shape === 'round' ? 10 : 3;
      return html`<rect class=${n.shape === 'subroutine' ? 'mm-node mm-double' : 'mm-node'} x=${x} y=${y} width=${n.width} height=${n.height} rx=${rx} />`;
    }
  }
}

function Node(props: { node: PlacedNode }) {
  const n = props.node;
  const top = n.y - ((n.lines.length - 1) * 16) / 2 + (n.shape === 'cylinder' ? 5 : 0);
  return html`<g>
    <title>${n.id}</title>
    ${nodeShape(n)}
    <text class="mm-label" x=${n.x} y=${top} text-anchor="middle" dominant-baseline="central">
      ${n.lines.map((line, i) => html`<tspan x=${n.x} y=${top + i * 16}>${line}</tspan>`)}
    </text>
  </g>`;
}

function Edge(props: { edge: PlacedEdge }) {
  const e = props.edge;
  if (e.points.length === 0) return null;
  const d = e.points.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(' ');
  const marker = e.head === 'arrow' ? 'url(#mm-arrow)' : e.head === 'cross' ? 'url(#mm-cross)' : e.head === 'circle' ? 'url(#mm-circle)' : undefined;
  return html`<g>
    <path class=${`mm-edge mm-${e.line}`} d=${d} marker-end=${marker} marker-start=${e.both ? 'url(#mm-arrow-start)' : undefined} />
    ${e.labelAt &&
    html`<g class="mm-edge-label">
      <rect x=${e.labelAt.x - (e.label.length * 7.4 + 8) / 2} y=${e.labelAt.y - 9} width=${e.label.length * 7.4 + 8} height="18" rx="3" />
      <text x=${e.labelAt.x} y=${e.labelAt.y} text-anchor="middle" dominant-baseline="central">${e.label}</text>
    </g>`}
  </g>`;
}

function Svg(props: { layout: Layout; label: string }) {
  const { layout } = props;
  return html`<svg class="mermaid-svg" role="img" aria-label=${props.label} viewBox=${`0 0 ${layout.width} ${layout.height}`}
    width=${layout.width} height=${layout.height} xmlns="http://www.w3.org/2000/svg">
    <defs>
      <marker id="mm-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path class="mm-head" d="M0,0 L10,5 L0,10 z" /></marker>
      <marker id="mm-arrow-start" viewBox="0 0 10 10" refX="1" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path class="mm-head" d="M0,0 L10,5 L0,10 z" /></marker>
      <marker id="mm-cross" viewBox="0 0 10 10" refX="5" refY="5" markerWidth="8" markerHeight="8" orient="auto"><path class="mm-edge" d="M1,1 L9,9 M9,1 L1,9" /></marker>
      <marker id="mm-circle" viewBox="0 0 10 10" refX="5" refY="5" markerWidth="7" markerHeight="7" orient="auto"><circle class="mm-head" cx="5" cy="5" r="4" /></marker>
    </defs>
    ${layout.edges.map((edge, i) => html`<${Edge} key=${i} edge=${edge} />`)}
    ${layout.nodes.map((node) => html`<${Node} key=${node.id} node=${node} />`)}
  </svg>`;
}

type State = { layout: Layout } | { error: string } | null;

export function MermaidGraph(props: { source: string; label: string }) {
  const [state, setState] = useState<State>(null);
  useEffect(() => {
    let live = true;
    setState(null);
    import('../lib/mermaid-layout')
      .then((m) => m.layoutFlowchart(props.source))
      .then(
        (layout) => live && setState({ layout }),
        (error: unknown) => live && setState({ error: error instanceof Error ? error.message : String(error) }),
      );
    return () => {
      live = false;
    };
  }, [props.source]);
  if (state === null) return html`<p class="muted small" role="status">drawing the graph…</p>`;
  if ('error' in state) {
    return html`<div class="mermaid-fallback">
      <p class="muted small">Shown as source: ${state.error}.</p>
      <${CodeBlock} text=${props.source} label=${props.label} />
    </div>`;
  }
  return html`<div class="mermaid" tabindex="0" aria-label=${`${props.label} (scrollable)`}><${Svg} layout=${state.layout} label=${props.label} /></div>`;
}
