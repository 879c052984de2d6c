import { describe, expect, it } from 'vitest';
import { CANONICAL_FIELDS, syntheticPeople, toCsv } from '../../src/er';
import * as resolve from '../../skills/entity-resolution/scripts/resolve';
import { memoryScriptContext, runToEnd } from './script-context';

/**
 * Issue 13: the run object answers requests while entity resolution computes. Its slices do no
 * I/O, so only an explicit end of the event-loop turn between them lets a queued request run; a
 * timer queued before the call stands in for that request (no clock is read, so load can't flake it).
 */
describe('entity resolution slices', () => {
  it('let queued work run between them, many times within one unit', async () => {
    const people = syntheticPeople({ rows: 3000, seed: 5 });
    const fields = CANONICAL_FIELDS.filter((f) => people.some((p) => p.fields[f]));
    const files = { 'n.csv': toCsv(['source', 'row_id', ...fields], people.map((p) => [p.source, p.id, ...fields.map((f) => p.fields[f] ?? '')])) };
    let turns = 0;
    let ticking = true;
    const tick = () => {
      turns++;
      if (ticking) setTimeout(tick, 0);
    };
    setTimeout(tick, 0);
    const { units } = await runToEnd(resolve.run, resolve.args.parse({ sources: ['n.csv'] }), memoryScriptContext(files));
    ticking = false;
    expect(units).toBe(1);
    // 3,000 records are six slices of adding alone, then blocking, comparing and finishing.
    expect(turns).toBeGreaterThanOrEqual(8);
  });
});
