// A Mermaid flowchart drawn as SVG (lineage and process maps). Parsing and dagre layout load on
// demand; what the parser does not understand is shown as its source with the reason.
//
// Big graphs (a column-level lineage has a hundred nodes or more) open at a readable zoom and
// scroll; the toolbar zooms (−, +, fit, 1:1, also the keys - + 0 1 and ctrl+wheel), goes full
// screen, and finds nodes by name. Drag pans; clicking a node (or Enter on a found one) highlights
// its lineage: everything upstream and downstream of it.
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { html } from '../html';
import type { Layout, PlacedEdge, PlacedNode } from '../lib/mermaid-layout';
import { anchoredScroll, clampZoom, fitZoom, findNodes, initialZoom, lineageOf, stepZoom } from '../lib/graph-view';
import { CodeBlock } from './code-block';
import { keepTabInside } from '../lib/focus';

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

function Node(props: { node: PlacedNode; state: string }) {
  const n = props.node;
  const top = n.y - ((n.lines.length - 1) * 16) / 2 + (n.shape === 'cylinder' ? 5 : 0);
  return html`<g class=${`mm-n${props.state}`} data-id=${n.id}>
    <title>${n.label.replace(/\n/g, ' ')} (${n.id})</title>
    ${nodeShape(n)}
    <text class="mm-label" x=${n.x} y=${top} text-anchor="middle" dominant-baseline="central">
      ${n.lines.map((line, i) => html`<tspan x=${n.x} y=${top + i * 16}>${line}</tspan>`)}
    </text>
  </g>`;
}

function Edge(props: { edge: PlacedEdge; state: string }) {
  const e = props.edge;
  if (e.points.length === 0) return null;
  const d = e.points.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(' ');
  const marker = e.head === 'arrow' ? 'url(#mm-arrow)' : e.head === 'cross' ? 'url(#mm-cross)' : e.head === 'circle' ? 'url(#mm-circle)' : undefined;
  return html`<g class=${props.state ? `mm-e${props.state}` : 'mm-e'}>
    <path class=${`mm-edge mm-edge-line mm-${e.line}`} d=${d} marker-end=${marker} marker-start=${e.both ? 'url(#mm-arrow-start)' : undefined} />
    ${e.labelAt &&
    html`<g class="mm-edge-label">
      <rect x=${e.labelAt.x - (e.label.length * 7.4 + 8) / 2} y=${e.labelAt.y - 9} width=${e.label.length * 7.4 + 8} height="18" rx="3" />
      <text x=${e.labelAt.x} y=${e.labelAt.y} text-anchor="middle" dominant-baseline="central">${e.label}</text>
    </g>`}
  </g>`;
}

type Marks = { lineage: Set<string> | null; selected: string | null; matches: Set<string>; current: string | null };

function nodeState(id: string, marks: Marks): string {
  let state = '';
  if (marks.lineage) state += id === marks.selected ? ' mm-selected' : marks.lineage.has(id) ? ' mm-path' : ' mm-dim';
  if (marks.matches.has(id)) state += id === marks.current ? ' mm-match mm-current' : ' mm-match';
  return state;
}

function edgeState(edge: PlacedEdge, marks: Marks): string {
  if (!marks.lineage) return '';
  return marks.lineage.has(edge.from) && marks.lineage.has(edge.to) ? ' mm-path' : ' mm-dim';
}

function Svg(props: { layout: Layout; label: string; zoom: number; marks: Marks }) {
  const { layout, zoom, marks } = props;
  return html`<svg class="mermaid-svg" role="img" aria-label=${props.label} viewBox=${`0 0 ${layout.width} ${layout.height}`}
    width=${Math.round(layout.width * zoom)} height=${Math.round(layout.height * zoom)} xmlns="http://www.w3.org/2000/svg">
    <defs>
      <marker id="mm-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path class="mm-head" d="M0,0 L10,5 L0,10 z" /></marker>
      <marker id="mm-arrow-start" viewBox="0 0 10 10" refX="1" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path class="mm-head" d="M0,0 L10,5 L0,10 z" /></marker>
      <marker id="mm-cross" viewBox="0 0 10 10" refX="5" refY="5" markerWidth="8" markerHeight="8" orient="auto"><path class="mm-edge" d="M1,1 L9,9 M9,1 L1,9" /></marker>
      <marker id="mm-circle" viewBox="0 0 10 10" refX="5" refY="5" markerWidth="7" markerHeight="7" orient="auto"><circle class="mm-head" cx="5" cy="5" r="4" /></marker>
    </defs>
    ${layout.edges.map((edge, i) => html`<${Edge} key=${i} edge=${edge} state=${edgeState(edge, marks)} />`)}
    ${layout.nodes.map((node) => html`<${Node} key=${node.id} node=${node} state=${nodeState(node.id, marks)} />`)}
  </svg>`;
}

type Drag = { x: number; y: number; left: number; top: number; moved: boolean; node: string | null; pointer: number };

function GraphView(props: { layout: Layout; label: string }) {
  const { layout } = props;
  const box = useRef<HTMLDivElement>(null);
  const [zoom, setZoom] = useState<number | null>(null);
  const [full, setFull] = useState(false);
  const [selected, setSelected] = useState<string | null>(null);
  const [query, setQuery] = useState('');
  const [current, setCurrent] = useState(0);
  const anchor = useRef<{ gx: number; gy: number; ax: number; ay: number } | null>(null);
  const drag = useRef<Drag | null>(null);
  const z = zoom ?? 1;
  const zoomRef = useRef(z);
  zoomRef.current = z;

  const lineage = useMemo(() => (selected ? lineageOf(layout.edges, selected) : null), [layout, selected]);
  const found = useMemo(() => findNodes(layout.nodes, query, layout.direction), [layout, query]);
  const matches = useMemo(() => new Set(found.map((n) => n.id)), [found]);
  const currentMatch = found.length > 0 ? found[current % found.length]! : null;
  const selectedNode = selected ? layout.nodes.find((n) => n.id === selected) : undefined;

  // Open at a readable zoom for the box's width (before the first paint).
  useLayoutEffect(() => {
    if (zoom === null && box.current) setZoom(initialZoom(layout, box.current.clientWidth));
  }, [layout, zoom]);

  // Keep the anchored graph point still after a zoom change.
  useLayoutEffect(() => {
    const el = box.current;
    const a = anchor.current;
    if (!el || !a) return;
    anchor.current = null;
    el.scrollLeft = Math.max(0, a.gx * z - a.ax);
    el.scrollTop = Math.max(0, a.gy * z - a.ay);
  }, [z]);

  const zoomTo = (next: number, at?: { x: number; y: number }) => {
    const el = box.current;
    const before = zoomRef.current;
    const after = clampZoom(next);
    if (!el || after === before) return;
    const ax = at?.x ?? el.clientWidth / 2;
    const ay = at?.y ?? el.clientHeight / 2;
    anchor.current = { gx: (el.scrollLeft + ax) / before, gy: (el.scrollTop + ay) / before, ax, ay };
    setZoom(after);
  };

  const fit = () => {
    const el = box.current;
    if (!el) return;
    const height = full ? el.clientHeight : Math.round(window.innerHeight * 0.6);
    setZoom(fitZoom(layout, { width: el.clientWidth - 2, height: height - 2 }));
    el.scrollLeft = 0;
    el.scrollTop = 0;
  };

  const reveal = (node: PlacedNode) => {
    const el = box.current;
    if (!el) return;
    el.scrollLeft = Math.max(0, node.x * zoomRef.current - el.clientWidth / 2);
    el.scrollTop = Math.max(0, node.y * zoomRef.current - el.clientHeight / 2);
  };

  // ctrl/⌘ + wheel zooms at the pointer (a plain wheel scrolls); needs a non-passive listener.
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const onWheel = (e: WheelEvent) => {
      if (!e.ctrlKey && !e.metaKey) return;
      e.preventDefault();
      const rect = el.getBoundingClientRect();
      const at = { x: e.clientX - rect.left, y: e.clientY - rect.top };
      const before = zoomRef.current;
      const after = clampZoom(before * Math.exp(-e.deltaY / 400));
      anchor.current = { gx: (el.scrollLeft + at.x) / before, gy: (el.scrollTop + at.y) / before, ax: at.x, ay: at.y };
      setZoom(after);
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, []);

  // Full screen opens with the whole graph in view (issue 16); the reader zooms in from there.
  useEffect(() => {
    if (full) fit();
  }, [full]);

  const onPointerDown = (e: PointerEvent) => {
    const el = box.current!;
    // Not a left button, or on a scrollbar (outside the client area): leave it to the browser.
    const rect = el.getBoundingClientRect();
    if (e.button !== 0 || e.clientX - rect.left - el.clientLeft >= el.clientWidth || e.clientY - rect.top - el.clientTop >= el.clientHeight) return;
    const node = (e.target as Element).closest?.('.mm-n')?.getAttribute('data-id') ?? null;
    drag.current = { x: e.clientX, y: e.clientY, left: el.scrollLeft, top: el.scrollTop, moved: false, node, pointer: e.pointerId };
  };
  const onPointerMove = (e: PointerEvent) => {
    const d = drag.current;
    const el = box.current;
    if (!d || !el || d.pointer !== e.pointerId) return;
    const dx = e.clientX - d.x;
    const dy = e.clientY - d.y;
    if (!d.moved && Math.hypot(dx, dy) < 4) return;
    if (!d.moved) {
      d.moved = true;
      el.setPointerCapture(e.pointerId);
      el.classList.add('panning');
    }
    el.scrollLeft = d.left - dx;
    el.scrollTop = d.top - dy;
  };
  const onPointerUp = (e: PointerEvent) => {
    const d = drag.current;
    drag.current = null;
    const el = box.current;
    if (!d || !el) return;
    el.classList.remove('panning');
    if (d.moved) {
      if (el.hasPointerCapture(e.pointerId)) el.releasePointerCapture(e.pointerId);
      return;
    }
    setSelected(d.node && d.node !== selected ? d.node : null);
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.target !== box.current) return;
    if (e.key === '+' || e.key === '=') zoomTo(stepZoom(z, 1));
    else if (e.key === '-') zoomTo(stepZoom(z, -1));
    else if (e.key === '0') fit();
    else if (e.key === '1') zoomTo(1);
    else return;
    e.preventDefault();
  };

  const onSearch = (e: Event) => {
    const value = (e.currentTarget as HTMLInputElement).value;
    setQuery(value);
    setCurrent(0);
    const first = findNodes(layout.nodes, value, layout.direction)[0];
    if (first) reveal(first);
  };
  const onSearchKey = (e: KeyboardEvent) => {
    if (e.key === 'Enter' && currentMatch) {
      e.preventDefault();
      // Enter shows the lineage of the current match; the next Enter moves on to the next match.
      if (selected === currentMatch.id && found.length > 1) {
        const next = found[(current + 1) % found.length]!;
        setCurrent((current + 1) % found.length);
        setSelected(next.id);
        reveal(next);
      } else {
        setSelected(currentMatch.id);
        reveal(currentMatch);
      }
    } else if (e.key === 'Escape' && (query || selected)) {
      e.preventDefault();
      e.stopPropagation();
      setQuery('');
      setSelected(null);
    }
  };

  // Full screen is a modal view: Tab stays inside it; focus goes in on open and back to its button on close.
  const view = useRef<HTMLDivElement>(null);
  const fullButton = useRef<HTMLButtonElement>(null);
  const wasFull = useRef(false);
  useEffect(() => {
    if (full) box.current?.focus();
    else if (wasFull.current) fullButton.current?.focus();
    wasFull.current = full;
  }, [full]);

  // Escape anywhere in the viewer: first the highlighted lineage goes, then full screen.
  const onEscape = (e: KeyboardEvent) => {
    if (full) keepTabInside(e, view.current);
    if (e.key !== 'Escape' || (!selected && !full)) return;
    e.preventDefault();
    if (selected) setSelected(null);
    else setFull(false);
  };

  const marks: Marks = { lineage, selected, matches, current: currentMatch?.id ?? null };
  const percent = `${Math.round(z * 100)} %`;
  return html`<div ref=${view} class=${full ? 'mermaid-view mermaid-full' : 'mermaid-view'} role=${full ? 'dialog' : undefined}
    aria-modal=${full ? 'true' : undefined} aria-label=${full ? `${props.label} (full screen)` : undefined} onKeyDown=${onEscape}>
    <div class="mermaid-toolbar" role="toolbar" aria-label="Graph view">
      ${layout.nodes.length > 12 &&
      html`<input type="search" class="input mermaid-find" placeholder="find a node" aria-label="find a node" value=${query} onInput=${onSearch} onKeyDown=${onSearchKey} />`}
      ${query.trim() && html`<span class="muted small" role="status">${found.length === 0 ? 'no match' : `${(current % found.length) + 1} of ${found.length}`}</span>`}
      <span class="spacer"></span>
      <button type="button" class="btn btn-quiet" aria-label="zoom out" title="zoom out (-)" onClick=${() => zoomTo(stepZoom(z, -1))}>−</button>
      <span class="mermaid-zoom small" aria-live="polite" aria-label="zoom">${percent}</span>
      <button type="button" class="btn btn-quiet" aria-label="zoom in" title="zoom in (+)" onClick=${() => zoomTo(stepZoom(z, 1))}>+</button>
      <button type="button" class="btn btn-quiet" title="the whole graph (0)" onClick=${fit}>fit</button>
      <button type="button" class="btn btn-quiet" title="actual size (1)" onClick=${() => zoomTo(1)}>1:1</button>
      <button type="button" ref=${fullButton} class="btn btn-quiet" aria-pressed=${full} onClick=${() => setFull(!full)}>${full ? '✕ exit full screen' : '⤢ full screen'}</button>
    </div>
    <div class="mermaid" tabindex="0" aria-label=${`${props.label} (scrollable; drag to pan, + and - zoom, 0 fits)`} ref=${box}
      onPointerDown=${onPointerDown} onPointerMove=${onPointerMove} onPointerUp=${onPointerUp} onPointerCancel=${onPointerUp} onKeyDown=${onKeyDown}>
      <${Svg} layout=${layout} label=${props.label} zoom=${z} marks=${marks} />
    </div>
    ${selectedNode
      ? html`<p class="mermaid-foot small" role="status">
          <span class="muted">lineage of</span> <strong>${selectedNode.label.replace(/\n/g, ' ')}</strong>${' '}
          <span class="muted">· ${(lineage?.size ?? 1) - 1} connected nodes upstream and downstream</span>${' '}
          <button type="button" class="link-button" onClick=${() => setSelected(null)}>clear</button>
        </p>`
      : html`<p class="mermaid-foot muted small">${layout.nodes.length} nodes · ${layout.edges.length} edges · drag to pan · + − or ctrl+wheel to zoom · click a node for its lineage</p>`}
  </div>`;
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
  return html`<${GraphView} key=${props.source} layout=${state.layout} label=${props.label} />`;
}
