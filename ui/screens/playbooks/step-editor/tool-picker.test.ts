import { describe, expect, test } from 'vitest';
import type { ToolEntry } from '../../../api/types';
import { toolPatterns } from './tool-picker';

const tool = (id: string) => ({ id }) as ToolEntry;

describe('tool patterns offered by the picker', () => {
  test('one per namespace holding more than one tool; a lone tool in its namespace or an id without a dot gets none', () => {
    const tools = ['skill.vd.detect', 'skill.vd.record', 'skill.load_reference', 'sql.local', 'xlsx-renderer'].map(tool);
    expect(toolPatterns(tools)).toEqual([{ pattern: 'skill.vd.*', count: 2 }]);
  });
});
