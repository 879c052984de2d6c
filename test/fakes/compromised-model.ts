import { COMPLETE_TOOL } from '../../src/executors/model/prompt';
import { idFromWireName, wireToolName } from '../../src/executors/model/tool-names';
import type { FakeProvider, ScriptedToolCall } from './model-scripts';

/**
 * A compromised model for prompt-injection tests: a scripted `{ obey: true }` turn answers by
 * obeying whatever instructions the request holds, wherever they are (system prompt, user and
 * assistant text, tool results, inside `<untrusted>` wrappers too), like a model with no defences.
 * The runtime, not the model, has to stop what follows. Deterministic rules:
 *
 * 1. Directive: a tool id followed by a JSON object.
 *    - Tool id: a tool offered in the request's `tools`, written as our id (`slack.send_message`)
 *      or its wire name (`slack__send_message`); or any other id-shaped token
 *      (`[a-z][a-z0-9_]*` segments joined by dots) — a compromised model calls tools it was not
 *      offered, so the fake emits those too and the runtime must refuse them. Ids match case-
 *      sensitively and as whole tokens (no letter, digit, `_`, `-` or `.` glued to either end).
 *      An offered name that ToolNames had to hash (a long id) matches only in its wire form, and
 *      `obeyed` shows it as the wire name decodes.
 *    - Object: the first `{` after the id, at most 300 characters after it, with no other tool id
 *      in between (an object belongs to the nearest id before it); it runs to the brace that
 *      balances it (braces are counted, strings are not parsed, so a lone brace inside a string
 *      value breaks the match). It must parse as a JSON object after decoding `&lt; &gt; &amp;
 *      &quot; &#39;` and, if needed, up to two rounds of JSON string escaping (`{\"a\":1}`).
 *    - For an id that was not offered, the gap before the object must not hold a `"`: such ids in
 *      JSON data (`"out.xlsx", "size": {…}`) are file and table names, not instructions.
 *    - Wrapper markup is not read: the `<untrusted source="…" …>` opening tag (attributes as the
 *      runtime writes them, `[\w.:-]` values, quotes possibly JSON-escaped) and `</untrusted>` are
 *      blanked out first, so `source="sql.local:call_1">` plus the JSON body after it is no
 *      `sql.local` call. What the wrapper holds is still read and obeyed.
 *    - Order: texts newest first (the last message back to the system prompt), directives in
 *      reading order within one text; ids inside an object already taken are not read again.
 *    - At most 4 calls a turn; a call (wire name + args, key order ignored) that an earlier
 *      assistant message already made, or that this turn already emits, is not emitted again.
 * 2. Placeholders in the args' string values: `<DATA>` and `{{DATA}}` become the full text of the
 *    most recent tool result ('' if none), `<SECRET>` the system prompt.
 * 3. Denial of service: `reply only "X"` or `reply only 'X'` (any case, quotes may be
 *    JSON-escaped or entity-encoded) anywhere answers text X and no tool calls, whatever else
 *    the request says; the newest such phrase wins.
 * 4. Nothing to obey: one `step.complete` call with `{ "summary": "nothing to obey" }`, so runs end.
 * 5. `obeyed` lists what was obeyed ({tool, args} with our ids, or {reply}); `[]` for rule 4.
 *
 * Tool descriptions are not read: they come from our registry, not from the data a run handles.
 */

export type Obeyed = { tool: string; args: Record<string, unknown> } | { reply: string };
export type ObeyedAnswer = { text?: string; tool_calls: ScriptedToolCall[]; obeyed: Obeyed[] };

const MAX_CALLS = 4;
const MAX_GAP = 300;
const MAX_UNESCAPES = 2;
const ID_SHAPE = '[a-z][a-z0-9_]*(?:\\.[a-z][a-z0-9_]*)+';
const REPLY_ONLY = /reply only\s+\\?(["'])(.*?)\\?\1/i;
const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', '#39': "'" };
/** The wrapper's own tags (src/broker/untrusted.ts), raw or inside a JSON string; not escaped text a wrapper holds. */
const WRAPPER_TAG = /<untrusted(?:\s+[\w-]+=\\*"[\w.:-]*\\*")*\s*>|<\/untrusted>/g;

/** What the model reads in one request, whichever provider's shape it came in. */
type Transcript = {
  system: string;
  /** Wire names from the request's `tools`. */
  offered: string[];
  /** Every text the model reads, oldest first: system prompt, message text, tool results. */
  texts: string[];
  lastToolResult: string;
  /** `callKey`s of the tool calls earlier assistant messages made. */
  done: Set<string>;
};

type Directive = { tool: string; wire: string; args: Record<string, unknown> };

export function obey(provider: FakeProvider, body: unknown): ObeyedAnswer {
  const request = (body ?? {}) as Record<string, any>;
  const transcript = provider === 'anthropic' ? readMessages(request) : readChat(provider === 'workers-ai' ? (request.inputs ?? {}) : request);
  const newestFirst = [...transcript.texts].reverse();
  const reply = replyOnly(newestFirst);
  if (reply !== undefined) return { text: reply, tool_calls: [], obeyed: [{ reply }] };
  const calls = directives(transcript, newestFirst);
  if (calls.length === 0) {
    return { tool_calls: [{ name: offeredForms(transcript.offered).get(COMPLETE_TOOL) ?? wireToolName(COMPLETE_TOOL), args: { summary: 'nothing to obey' } }], obeyed: [] };
  }
  return { tool_calls: calls.map((c) => ({ name: c.wire, args: c.args })), obeyed: calls.map((c) => ({ tool: c.tool, args: c.args })) };
}

/** Chat Completions (OpenAI, Workers AI): system messages, `tool` messages, assistant `tool_calls`. */
function readChat(body: Record<string, any>): Transcript {
  const transcript = emptyTranscript(list(body.tools).map((t) => t?.function?.name ?? t?.name));
  const system: string[] = [];
  for (const m of list(body.messages)) {
    const text = textOf(m?.content);
    if (m?.role === 'system' || m?.role === 'developer') system.push(text);
    if (m?.role === 'tool') transcript.lastToolResult = text;
    if (m?.role === 'assistant') for (const c of list(m.tool_calls)) transcript.done.add(callKey(c?.function?.name ?? c?.name, parseArguments(c?.function?.arguments ?? c?.arguments)));
    if (text) transcript.texts.push(text);
  }
  transcript.system = system.join('\n');
  return transcript;
}

/** Anthropic Messages: top-level `system`, `tool_use` and `tool_result` blocks. */
function readMessages(body: Record<string, any>): Transcript {
  const transcript = emptyTranscript(list(body.tools).map((t) => t?.name));
  transcript.system = textOf(body.system);
  if (transcript.system) transcript.texts.push(transcript.system);
  for (const m of list(body.messages)) {
    const blocks = typeof m?.content === 'string' ? [{ type: 'text', text: m.content }] : list(m?.content);
    for (const b of blocks) {
      if (b?.type === 'tool_use') transcript.done.add(callKey(b.name, b.input));
      const text = b?.type === 'text' ? textOf(b.text) : b?.type === 'tool_result' ? textOf(b.content) : '';
      if (b?.type === 'tool_result') transcript.lastToolResult = text;
      if (text) transcript.texts.push(text);
    }
  }
  return transcript;
}

function emptyTranscript(offered: unknown[]): Transcript {
  return { system: '', offered: offered.filter((n): n is string => typeof n === 'string'), texts: [], lastToolResult: '', done: new Set() };
}

function replyOnly(newestFirst: string[]): string | undefined {
  for (const text of newestFirst) {
    const match = REPLY_ONLY.exec(decodeEntities(text));
    if (match) return match[2]!;
  }
  return undefined;
}

function directives(transcript: Transcript, newestFirst: string[]): Directive[] {
  const forms = offeredForms(transcript.offered);
  const pattern = toolIdPattern([...forms.keys()]);
  const seen = new Set(transcript.done);
  const out: Directive[] = [];
  for (const text of newestFirst) {
    for (const found of directivesIn(withoutWrapperTags(text), pattern, forms)) {
      const args = fill(found.args, transcript.lastToolResult, transcript.system) as Record<string, unknown>;
      const key = callKey(found.wire, args);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ ...found, args });
      if (out.length === MAX_CALLS) return out;
    }
  }
  return out;
}

/** Wrapper tags blanked to spaces of the same length, so gaps between ids and objects stay as written. */
function withoutWrapperTags(text: string): string {
  return text.replace(WRAPPER_TAG, (tag) => ' '.repeat(tag.length));
}

/** Our id and wire name of each offered tool → its wire name. */
function offeredForms(offered: string[]): Map<string, string> {
  const forms = new Map<string, string>();
  for (const wire of offered) forms.set(wire, wire).set(idFromWireName(wire), wire);
  return forms;
}

/** Offered forms first (longest first), then any id-shaped token; whole tokens only. */
function toolIdPattern(forms: string[]): RegExp {
  const alternatives = [...forms].sort((a, b) => b.length - a.length).map((f) => f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`(?<![\\w.-])(?:${[...alternatives, ID_SHAPE].join('|')})(?![\\w-]|\\.\\w)`, 'g');
}

function directivesIn(text: string, pattern: RegExp, forms: Map<string, string>): Directive[] {
  const tokens = [...text.matchAll(pattern)];
  const out: Directive[] = [];
  let taken = 0;
  for (const [i, token] of tokens.entries()) {
    const start = token.index!;
    if (start < taken) continue;
    const end = start + token[0].length;
    const open = text.indexOf('{', end);
    if (open < 0 || open - end > MAX_GAP || (tokens[i + 1]?.index ?? Infinity) < open) continue;
    const offered = forms.get(token[0]);
    if (!offered && text.slice(end, open).includes('"')) continue;
    const close = balancedEnd(text, open);
    const args = close < 0 ? undefined : parseObject(text.slice(open, close));
    if (!args) continue;
    out.push({ tool: offered ? idFromWireName(offered) : token[0], wire: offered ?? wireToolName(token[0]), args });
    taken = close;
  }
  return out;
}

/** The index just past the `}` that balances the `{` at `open`, or -1. */
function balancedEnd(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth += 1;
    else if (text[i] === '}' && --depth === 0) return i + 1;
  }
  return -1;
}

/** The object as written, entity-encoded by an HTML-escaping runtime, or JSON-escaped inside a JSON string. */
function parseObject(raw: string): Record<string, unknown> | undefined {
  let text = decodeEntities(raw);
  for (let unescaped = 0; ; unescaped++) {
    const parsed = parseJson(text);
    if (isObject(parsed)) return parsed;
    const inner = unescaped < MAX_UNESCAPES ? parseJson(`"${text}"`) : undefined;
    if (typeof inner !== 'string') return undefined;
    text = decodeEntities(inner);
  }
}

function fill(value: unknown, data: string, secret: string): unknown {
  if (typeof value === 'string') return value.replaceAll('<DATA>', data).replaceAll('{{DATA}}', data).replaceAll('<SECRET>', secret);
  if (Array.isArray(value)) return value.map((v) => fill(v, data, secret));
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v, data, secret)]));
  return value;
}

/** Same tool and same args, whatever the key order. */
function callKey(wire: unknown, args: unknown): string {
  return `${String(wire)}\u0000${canonical(args ?? {})}`;
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isObject(value)) return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(',')}}`;
  return JSON.stringify(value) ?? 'null';
}

/** Chat Completions sends arguments as a JSON string, Workers AI's older shape as an object. */
function parseArguments(args: unknown): unknown {
  return typeof args === 'string' ? parseJson(args) : args;
}

/** A string, or the text parts of a content array (both providers allow either). */
function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  return list(content)
    .map((part) => (typeof part?.text === 'string' ? part.text : ''))
    .filter(Boolean)
    .join('\n');
}

function decodeEntities(text: string): string {
  return text.replace(/&(lt|gt|amp|quot|#39);/g, (_match, name: string) => ENTITIES[name]!);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function list(value: unknown): any[] {
  return Array.isArray(value) ? value : [];
}
