import { describe, expect, it } from 'vitest';
import type { InputSpec } from '../../api/types';
import { preselect } from './preselect';

const spec = (over: Partial<InputSpec>): InputSpec => ({ name: 'x', type: 'period', required: true, locked: false, ...over }) as InputSpec;
const ready = (values: string[], preset?: string | string[]) => ({ status: 'ready' as const, options: values.map((value) => ({ value })), default: preset });

describe('preselect', () => {
  it('picks the newest period for a required input without a default, and keeps a value the project has', () => {
    expect(preselect(spec({}), '', ready(['2026-10', '2026-09'], '2026-10'))).toEqual({ draft: '2026-10' });
    expect(preselect(spec({}), '2026-09', ready(['2026-10', '2026-09'], '2026-10'))).toBeUndefined();
    expect(preselect(spec({ required: false }), '', ready(['2026-10'], '2026-10'))).toBeUndefined();
  });

  it('replaces a default the project does not have, and says so', () => {
    expect(preselect(spec({ default: '2025-09' }), '2025-09', ready(['2026-10', '2026-09'], '2026-10'))).toEqual({
      draft: '2026-10',
      note: '2025-09 is not among the values present (2026-10, 2026-09); 2026-10 is selected instead',
    });
  });

  it("keeps a tables default's tables that exist and names the others", () => {
    const tables = spec({ type: 'tables' });
    expect(preselect(tables, 'in.c-a.x\nin.c-a.y', ready(['in.c-a.x', 'in.c-a.z'], ['in.c-a.x']))).toEqual({ draft: 'in.c-a.x', note: 'in.c-a.y is not in the connected project' });
    expect(preselect(tables, '', ready(['in.c-a.x'], ['in.c-a.x']))).toEqual({ draft: 'in.c-a.x' });
    expect(preselect(tables, 'in.c-a.x', ready(['in.c-a.x']))).toBeUndefined();
  });
});
