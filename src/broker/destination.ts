/** Argument names that say where a call's effect lands; a `session` approval is bound to one. */
const DESTINATION_ARGS = ['channel', 'table_id', 'bucket_id', 'destination', 'recipient', 'to', 'path', 'url'] as const;

export function destinationOf(args: unknown): string | null {
  if (!args || typeof args !== 'object') return null;
  for (const key of DESTINATION_ARGS) {
    const value = (args as Record<string, unknown>)[key];
    if (typeof value === 'string' && value.length > 0) return `${key}:${value}`;
  }
  return null;
}
