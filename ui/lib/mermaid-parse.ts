// A parser for the Mermaid flowchart subset our artifacts use (lineage maps, process maps):
// `graph|flowchart <dir>`, nodes with the common shapes, edges (--> --- -.-> ==> --x --o <-->)
// with `|labels|` or `-- label -->`, chains (A --> B --> C) and `&` groups. subgraph/end, classDef,
// class, style, linkStyle and click lines are accepted and ignored. Anything else is an error, so
// the caller can fall back to showing the source.

export type Direction = 'TB' | 'BT' | 'LR' | 'RL';
export type Shape = 'rect' | 'round' | 'stadium' | 'subroutine' | 'cylinder' | 'circle' | 'diamond' | 'hexagon' | 'flag' | 'parallelogram';
export type FlowNode = { id: string; label: string; shape: Shape };
export type FlowEdge = { from: string; to: string; label: string; line: 'solid' | 'dotted' | 'thick'; head: 'arrow' | 'none' | 'cross' | 'circle'; both: boolean };
export type Flowchart = { direction: Direction; nodes: Map<string, FlowNode>; edges: FlowEdge[] };

export class MermaidSyntaxError extends Error {
  override name = 'MermaidSyntaxError';
}

// Openers, longest first, with their closer and shape.
const SHAPES: [string, string, Shape][] = [
  ['(((', ')))', 'circle'],
  ['([', '])', 'stadium'],
  ['[[', ']]', 'subroutine'],
  ['[(', ')]', 'cylinder'],
  ['((', '))', 'circle'],
  ['{{', '}}', 'hexagon'],
  ['[/', '/]', 'parallelogram'],
  ['[\\', '\\]', 'parallelogram'],
  ['[', ']', 'rect'],
  ['(', ')', 'round'],
  ['{', '}', 'diamond'],
  ['>', ']', 'flag'],
];

const ID = /^[A-Za-z0-9_$][\w$]*(?:\.[\w$]+)*/;
// Plain arrows, optionally followed by |label|.
const ARROW = /^(<)?(-{2,}>|-{3,}|={2,}>|={3,}|-\.+->|-\.+-|--[xo]|==[xo])(?:\s*\|([^|]*)\|)?/;
// Arrows carrying their label inside: A -- text --> B, A -. text .-> B, A == text ==> B.
const TEXT_ARROW = /^(<)?(--|==|-\.)\s+(.+?)\s+(-{2,}>|-{3,}|={2,}>|={3,}|\.+->|\.+-|--[xo]|==[xo])/;
const IGNORED = /^(subgraph\b|end\b|classDef\b|class\b|style\b|linkStyle\b|click\b|direction\b)/;

function cleanLabel(raw: string): string {
  let label = raw.trim();
  if (label.length >= 2 && label.startsWith('"') && label.endsWith('"')) label = label.slice(1, -1);
  return label
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/#quot;/g, '"')
    .replace(/#(\d+);/g, (_m, code: string) => String.fromCharCode(Number(code)))
    .replace(/<\/?[a-z][^>]*>/gi, '');
}

function edgeStyle(arrow: string): Pick<FlowEdge, 'line' | 'head'> {
  const line = arrow.includes('.') ? 'dotted' : arrow.includes('=') ? 'thick' : 'solid';
  const end = arrow.at(-1);
  const head = end === '>' ? 'arrow' : end === 'x' ? 'cross' : end === 'o' ? 'circle' : 'none';
  return { line, head };
}

class Statement {
  private pos = 0;
  constructor(private readonly text: string, private readonly chart: Flowchart, private readonly lineNo: number) {}

  private fail(what: string): never {
    throw new MermaidSyntaxError(`line ${this.lineNo}: ${what} at "${this.text.slice(this.pos, this.pos + 24)}"`);
  }

  private skip(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos]!)) this.pos++;
  }

  private rest(): string {
    return this.text.slice(this.pos);
  }

  /** `id`, `id[label]`, `id(label)` …, optionally `:::class`. Returns the id. */
  private node(): string {
    this.skip();
    const id = ID.exec(this.rest())?.[0];
    if (!id) this.fail('expected a node id');
    this.pos += id.length;
    const shape = SHAPES.find(([open]) => this.rest().startsWith(open));
    let node = this.chart.nodes.get(id);
    if (shape) {
      const [open, close, kind] = shape;
      this.pos += open.length;
      let label: string;
      if (this.text[this.pos] === '"') {
        const end = this.text.indexOf('"', this.pos + 1);
        if (end === -1) this.fail('unclosed quote');
        label = this.text.slice(this.pos + 1, end);
        this.pos = end + 1;
        if (!this.rest().startsWith(close)) this.fail(`expected ${close}`);
      } else {
        const end = this.text.indexOf(close, this.pos);
        if (end === -1) this.fail(`expected ${close}`);
        label = this.text.slice(this.pos, end);
        this.pos = end;
      }
      this.pos += close.length;
      node = { id, label: cleanLabel(label), shape: kind };
      this.chart.nodes.set(id, node);
    } else if (!node) {
      this.chart.nodes.set(id, { id, label: id, shape: 'rect' });
    }
    const cls = /^:::[\w-]+/.exec(this.rest());
    if (cls) this.pos += cls[0].length;
    return id;
  }

  private group(): string[] {
    const ids = [this.node()];
    for (;;) {
      this.skip();
      if (this.text[this.pos] !== '&') return ids;
      this.pos++;
      ids.push(this.node());
    }
  }

  private arrow(): Omit<FlowEdge, 'from' | 'to'> | undefined {
    this.skip();
    const plain = ARROW.exec(this.rest());
    if (plain) {
      this.pos += plain[0].length;
      return { ...edgeStyle(plain[2]!), label: cleanLabel(plain[3] ?? ''), both: plain[1] === '<' };
    }
    const texted = TEXT_ARROW.exec(this.rest());
    if (texted) {
      this.pos += texted[0].length;
      return { ...edgeStyle(`${texted[2]}${texted[4]}`), label: cleanLabel(texted[3]!), both: texted[1] === '<' };
    }
    return undefined;
  }

  parse(): void {
    let from = this.group();
    for (;;) {
      const arrow = this.arrow();
      if (!arrow) break;
      const to = this.group();
      for (const a of from) for (const b of to) this.chart.edges.push({ from: a, to: b, ...arrow });
      from = to;
    }
    this.skip();
    if (this.pos < this.text.length) this.fail('unexpected text');
  }
}

export function parseFlowchart(source: string): Flowchart {
  const lines = source.split(/\r?\n/);
  let index = lines.findIndex((l) => l.trim() !== '' && !l.trim().startsWith('%%'));
  const header = /^\s*(?:graph|flowchart)(?:\s+(TB|TD|BT|LR|RL))?\s*;?\s*$/i.exec(lines[index] ?? '');
  if (!header) throw new MermaidSyntaxError('only flowcharts ("graph" or "flowchart") are drawn');
  const dir = (header[1] ?? 'TB').toUpperCase();
  const chart: Flowchart = { direction: (dir === 'TD' ? 'TB' : dir) as Direction, nodes: new Map(), edges: [] };
  for (index++; index < lines.length; index++) {
    for (const part of lines[index]!.split(';')) {
      const statement = part.trim();
      if (statement === '' || statement.startsWith('%%') || IGNORED.test(statement)) continue;
      new Statement(statement, chart, index + 1).parse();
    }
  }
  if (chart.nodes.size === 0) throw new MermaidSyntaxError('the flowchart has no nodes');
  return chart;
}
