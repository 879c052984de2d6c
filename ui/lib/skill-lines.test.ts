import { describe, expect, test } from 'vitest';
import { lineOfSkillPath } from './skill-lines';

const SKILL = `---
name: demo
description: A demo
---

# Demo

## Context Persistence

| Key | Description |
|---|---|
| good_key | fine |
| Bad Key | not snake case |
`;

describe('lineOfSkillPath', () => {
  test('frontmatter paths land on the key, or on the first line', () => {
    expect(lineOfSkillPath(SKILL, 'frontmatter.description')).toBe(3);
    expect(lineOfSkillPath(SKILL, 'frontmatter')).toBe(1);
    expect(lineOfSkillPath(SKILL, 'frontmatter.version')).toBe(1);
  });
  test('table paths land on the heading, rows on the row', () => {
    expect(lineOfSkillPath(SKILL, 'tables.context_persistence')).toBe(8);
    expect(lineOfSkillPath(SKILL, 'tables.context_persistence[2].key')).toBe(13);
  });
  test('paths outside SKILL.md have no line', () => {
    expect(lineOfSkillPath(SKILL, 'references["x.md"]')).toBeUndefined();
    expect(lineOfSkillPath(SKILL, 'tables.tool_selection_guide')).toBeUndefined();
  });
});
