/** A Markdown prompt as one plain line for lists (inbox titles): markers dropped, first line, bounded. */
export function plainText(markdown: string, max = 160): string {
  const line = markdown.split('\n').find((l) => l.trim() !== '') ?? '';
  const text = line
    .replace(/^\s{0,3}(#{1,6}\s+|>\s*|[-*+]\s+|\d+[.)]\s+)/, '')
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/(\*\*|__)(.+?)\1/g, '$2')
    .replace(/(^|[\s(])[*_](\S(?:.*?\S)?)[*_](?=[\s).,;:!?]|$)/g, '$1$2')
    .replace(/`([^`]*)`/g, '$1')
    .trim();
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
