import { describe, expect, test } from 'vitest';
import { plainText } from './plain-text';

describe('plainText', () => {
  test('drops Markdown markers and keeps snake_case', () => {
    expect(plainText('Which **rule set** should be applied?')).toBe('Which rule set should be applied?');
    expect(plainText('## Pick `entity_xref` rules for [the table](http://x) _now_\n\n| a | b |')).toBe('Pick entity_xref rules for the table now');
    expect(plainText('keep max_cluster_size as is')).toBe('keep max_cluster_size as is');
  });

  test('bounds the length', () => {
    expect(plainText('x'.repeat(300), 10)).toBe(`${'x'.repeat(9)}…`);
  });
});
