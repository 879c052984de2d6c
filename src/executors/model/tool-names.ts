/**
 * Our tool ids contain dots (`keboola.storage.tables`); Anthropic and OpenAI tool names must match
 * ^[a-zA-Z0-9_-]{1,64}$. `wireToolName` is the readable encoding ("." becomes "__"), and
 * `ToolNames` makes it exactly reversible for one request: it remembers which id each wire name
 * stands for, so ids that contain "__", are longer than 64 characters or would collide still
 * decode to the id the model was offered.
 */

const MAX_WIRE = 64;
const WIRE_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

export function wireToolName(id: string): string {
  const readable = id.replace(/\./g, '__').replace(/[^a-zA-Z0-9_-]/g, '_');
  if (readable.length > 0 && readable.length <= MAX_WIRE && idFromWireName(readable) === id) return readable;
  // Too long, or not undone by idFromWireName (an id holding "__", "_" next to ".", or characters
  // the wire forbids): keep a readable head and add a short hash of the full id.
  return `${readable.slice(0, MAX_WIRE - 8)}_${hash(id)}`.slice(0, MAX_WIRE);
}

/** The inverse of the readable encoding, for names that were not offered in this request. */
export function idFromWireName(wire: string): string {
  return wire.replace(/__/g, '.');
}

export class ToolNames {
  private readonly toWire = new Map<string, string>();
  private readonly toId = new Map<string, string>();

  constructor(ids: Iterable<string>) {
    for (const id of ids) this.add(id);
  }

  wire(id: string): string {
    return this.toWire.get(id) ?? this.add(id);
  }

  id(wire: string): string {
    return this.toId.get(wire) ?? idFromWireName(wire);
  }

  private add(id: string): string {
    const existing = this.toWire.get(id);
    if (existing) return existing;
    let wire = wireToolName(id);
    if (this.toId.has(wire) || !WIRE_NAME.test(wire)) wire = `${wire.slice(0, MAX_WIRE - 8)}_${hash(`${id}#${this.toId.size}`)}`;
    this.toWire.set(id, wire);
    this.toId.set(wire, id);
    return wire;
  }
}

/** FNV-1a, 32 bit, base 36: short, stable across runs, no crypto needed for a name suffix. */
function hash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(36).padStart(7, '0');
}
