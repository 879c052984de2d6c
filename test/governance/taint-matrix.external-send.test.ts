import { describe, it } from 'vitest';
import { SINKS, SOURCES, STATES, runCell } from './taint-matrix';

// Issue 11: sources × sinks × approval states (test/governance/taint-matrix.ts); one sink per file so the cells run in parallel.
const sink = SINKS[0]!;
const cells = SOURCES.flatMap((source) => STATES.map((state) => ({ source, sink, state })));

describe(`taint matrix, sink "${sink.name}": ${cells.length} of ${SOURCES.length * SINKS.length * STATES.length} cells (${SOURCES.length} sources × ${SINKS.length} sinks × ${STATES.length} approval states)`, () => {
  it.each(cells.map((cell) => [cell.source.name, cell.state.name, cell] as const))(`%s → ${sink.name}, %s: a fresh approval for the exact arguments, nothing dispatched until then`, async (_source, _state, cell) => {
    await runCell(cell);
  });
});
