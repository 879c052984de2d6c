// Slack's message formatting ("mrkdwn") read the way Slack shows it, as plain data for the approval
// preview: *bold*, _italic_, ~strike~, `code`, ```blocks```, > quotes, <url|links>, <@user> and
// <#channel> mentions, <!here>-style broadcasts, and Slack's three escapes. Nothing here is HTML:
// the preview renders these nodes as elements, so a message can never inject markup.

export type Inline =
  | { kind: 'text'; text: string }
  | { kind: 'bold' | 'italic' | 'strike'; children: Inline[] }
  | { kind: 'code'; text: string }
  | { kind: 'link'; href: string; text: string }
  | { kind: 'mention'; text: string };

export type Block = { kind: 'paragraph' | 'quote'; lines: Inline[][] } | { kind: 'pre'; text: string };

const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
const SAFE_LINK = /^(https?:\/\/|mailto:)/i;

// One token at a time; a style marker only counts where Slack's does (not inside words).
const TOKEN = /<([^<>\s][^<>]*)>|`([^`\n]+)`|(?<![\w*])\*(?=\S)([^*\n]*?\S)\*(?![\w*])|(?<![\w_])_(?=\S)([^_\n]*?\S)_(?![\w_])|(?<![\w~])~(?=\S)([^~\n]*?\S)~(?![\w~])/g;

export function parseInline(text: string): Inline[] {
  const out: Inline[] = [];
  const push = (t: string) => {
    if (!t) return;
    const last = out[out.length - 1];
    if (last?.kind === 'text') last.text += t;
    else out.push({ kind: 'text', text: t });
  };
  let at = 0;
  for (const m of text.matchAll(TOKEN)) {
    push(unescape(text.slice(at, m.index)));
    at = m.index! + m[0].length;
    const [, angle, code, bold, italic, strike] = m;
    if (angle !== undefined) {
      const node = angled(angle);
      if (node.kind === 'text') push(node.text);
      else out.push(node);
    }
    else if (code !== undefined) out.push({ kind: 'code', text: unescape(code) });
    else if (bold !== undefined) out.push({ kind: 'bold', children: parseInline(bold) });
    else if (italic !== undefined) out.push({ kind: 'italic', children: parseInline(italic) });
    else out.push({ kind: 'strike', children: parseInline(strike!) });
  }
  push(unescape(text.slice(at)));
  return out;
}

/** `<…>`: a link, a user or channel mention, or a broadcast; anything else is shown as written. */
function angled(body: string): Inline {
  const [target = '', label] = body.split('|', 2) as [string, string | undefined];
  if (target.startsWith('@')) return { kind: 'mention', text: `@${label ?? target.slice(1)}` };
  if (target.startsWith('#')) return { kind: 'mention', text: `#${label ?? target.slice(1)}` };
  if (target.startsWith('!')) return { kind: 'mention', text: `@${(label ?? target.slice(1)).replace(/^subteam\^\w+$/, 'group')}` };
  const href = unescape(target);
  if (SAFE_LINK.test(href)) return { kind: 'link', href, text: unescape(label ?? href.replace(/^mailto:/i, '')) };
  return { kind: 'text', text: unescape(`<${body}>`) };
}

export function parseMrkdwn(text: string): Block[] {
  const blocks: Block[] = [];
  const parts = text.split(/```/);
  // An unclosed fence is text, as in Slack.
  if (parts.length % 2 === 0) parts.splice(-2, 2, `${parts[parts.length - 2]}\`\`\`${parts[parts.length - 1]}`);
  parts.forEach((part, i) => {
    if (i % 2 === 1) {
      blocks.push({ kind: 'pre', text: unescape(part.replace(/^\n|\n$/g, '')) });
      return;
    }
    // A fence usually sits on its own line: the line breaks next to it are not lines of text.
    const source = part.replace(i > 0 ? /^\n/ : /^$/, '').replace(i < parts.length - 1 ? /\n$/ : /^$/, '');
    for (const line of source.split('\n')) {
      const quote = /^(?:>|&gt;) ?(.*)$/.exec(line);
      const kind = quote ? 'quote' : 'paragraph';
      const inline = parseInline(quote ? quote[1]! : line);
      const last = blocks[blocks.length - 1];
      if (last && last.kind === kind) last.lines.push(inline);
      else blocks.push({ kind, lines: [inline] });
    }
  });
  return blocks.filter((b) => b.kind === 'pre' || b.lines.some((l) => l.length > 0));
}
