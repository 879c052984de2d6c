// Step instructions are often hard-wrapped YAML block scalars. Rejoin wrapped lines so text
// flows with the column, but keep blank-line paragraphs and list items ("1.", "-") as blocks.
const LIST_ITEM = /^\s*(\d+[.)]|[-*•])\s+/;

export function reflow(text: string): string[] {
  const blocks: string[] = [];
  let current: string | null = null;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '') {
      if (current !== null) blocks.push(current);
      current = null;
    } else if (current === null || LIST_ITEM.test(raw)) {
      if (current !== null) blocks.push(current);
      current = line;
    } else {
      current += ` ${line}`;
    }
  }
  if (current !== null) blocks.push(current);
  return blocks;
}
