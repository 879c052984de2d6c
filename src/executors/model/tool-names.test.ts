import { describe, expect, it } from 'vitest';
import { ToolNames, idFromWireName, wireToolName } from './tool-names';

const WIRE = /^[a-zA-Z0-9_-]{1,64}$/;

describe('tool names on the wire', () => {
  it('encodes dots readably and decodes them back', () => {
    expect(wireToolName('keboola.storage.tables')).toBe('keboola__storage__tables');
    expect(wireToolName('skill.load_reference')).toBe('skill__load_reference');
    expect(wireToolName('sql-local')).toBe('sql-local');
    expect(idFromWireName('keboola__storage__tables')).toBe('keboola.storage.tables');
  });

  it('stays valid and exactly reversible for ids the readable form cannot carry', () => {
    const ids = [
      'keboola.storage.tables',
      'a__b', // already holds "__"
      'a.__b',
      'a_.b',
      'a._b',
      `very.long.${'x'.repeat(80)}.tool`,
      `very.long.${'x'.repeat(80)}.other`,
      'kbagent.call_playbook',
    ];
    const names = new ToolNames(ids);
    const wires = ids.map((id) => names.wire(id));
    for (const wire of wires) expect(wire).toMatch(WIRE);
    expect(new Set(wires).size).toBe(ids.length);
    for (const id of ids) expect(names.id(names.wire(id))).toBe(id);
  });

  it('decodes a name that was not offered with the readable rule', () => {
    expect(new ToolNames(['a.b']).id('made__up')).toBe('made.up');
  });
});
