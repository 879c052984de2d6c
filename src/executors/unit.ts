/** What an executor unit reports back to the run loop (src/run/loop.ts). */
export type UnitResult =
  /** `fresh`: run the next unit in a new invocation, with its own CPU allowance (heavy tool units). */
  | { kind: 'continue'; delay_ms?: number; fresh?: boolean }
  | { kind: 'step_done'; outputs: Record<string, unknown> }
  | { kind: 'step_failed'; error: string }
  | { kind: 'suspended' }
  | { kind: 'blocked'; reason: string }
  | { kind: 'budget_breach'; reason: string; needed: { usd: number; tokens: number } };
