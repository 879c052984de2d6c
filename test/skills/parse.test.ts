import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/errors';
import { parseSkillMarkdown } from '../../src/skills/parse';
import { builtinSkills } from '../../src/skills/builtin';

const FRONT = '---\nname: churn-signals\ndescription: Find accounts that are about to churn.\n---\n';

function refusal(text: string): ValidationError {
  try {
    parseSkillMarkdown(text);
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('expected the SKILL.md to be refused');
}

describe('SKILL.md frontmatter', () => {
  it('reads name, description and the body after the frontmatter', () => {
    const skill = parseSkillMarkdown(`${FRONT}\n# Churn signals\n\nLook at usage.\n`);
    expect(skill.frontmatter).toEqual({ name: 'churn-signals', description: 'Find accounts that are about to churn.' });
    expect(skill.body).toBe('# Churn signals\n\nLook at usage.\n');
    expect(skill.tables).toEqual({ tool_selection_guide: [], integrations_required: [], context_persistence: [] });
  });

  it('accepts CRLF line endings and a byte order mark', () => {
    const skill = parseSkillMarkdown(`\uFEFF${FRONT.replace(/\n/g, '\r\n')}Body\r\n`);
    expect(skill.frontmatter.name).toBe('churn-signals');
  });

  it.each([
    ['no frontmatter at all', '# Just a heading\n', 'frontmatter', /must start with YAML frontmatter/],
    ['a missing description', '---\nname: churn-signals\n---\nBody', 'frontmatter.description', /description/],
    ['a name that is not a slug', '---\nname: Churn Signals\ndescription: d\n---\n', 'frontmatter.name', /lowercase/],
    ['an unknown field', '---\nname: x\ndescription: d\nauthor: me\n---\n', 'frontmatter', /unknown field\(s\): author/],
    ['broken YAML', '---\nname: [x\ndescription: d\n---\n', 'frontmatter', /not valid YAML/],
    ['a list instead of a mapping', '---\n- a\n- b\n---\n', 'frontmatter', /mapping/],
    ['a description over 1024 characters', `---\nname: x\ndescription: ${'d'.repeat(1025)}\n---\n`, 'frontmatter.description', /1024/],
  ])('refuses %s, naming the field', (_what, text, path, message) => {
    const error = refusal(text);
    expect(error.status).toBe(422);
    expect(error.issues[0]!.path).toBe(path);
    expect(error.message).toMatch(message);
    expect(error.message).toContain(path);
  });

  it('refuses YAML alias bombs through the shared YAML limits', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]', ...Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}]`)];
    const error = refusal(`---\nname: x\ndescription: d\n${bomb.join('\n')}\n---\n`);
    expect(error.issues[0]!.path).toBe('frontmatter');
  });
});

describe('SKILL.md tables', () => {
  const full = `${FRONT}
# Churn signals

## Tool Selection Guide

| Task | Tool | Notes |
|------|------|-------|
| Score accounts | \`skill.churn-signals.score\` | one call per segment |
| Read usage | \`sql.local\`, \`keboola.workspace.query\` | |
| Pipes in text | sql.local | a \\| b |

## Integrations Required

| Integration | Purpose | Required |
|:--|:--|:-:|
| keboola.connection | usage tables | yes |
| Slack | alerts | optional |

### Context Persistence

| Key | Description | Example |
| --- | --- | --- |
| \`last_scored_at\` | When accounts were last scored | 2024-01-01 |
| thresholds | Score thresholds agreed with the team | {"high": 0.8} |

## Notes

| Key | Description |
|---|---|
| not_a_context_key | a table under another heading is not read |

\`\`\`markdown
## Context Persistence
| Key | Description |
|---|---|
| fenced | inside a code block |
\`\`\`
`;

  it('reads the three tables into typed rows and ignores tables elsewhere', () => {
    const { tables } = parseSkillMarkdown(full);
    expect(tables.tool_selection_guide).toEqual([
      { task: 'Score accounts', tools: ['skill.churn-signals.score'], notes: 'one call per segment' },
      { task: 'Read usage', tools: ['sql.local', 'keboola.workspace.query'] },
      { task: 'Pipes in text', tools: ['sql.local'], notes: 'a | b' },
    ]);
    expect(tables.integrations_required).toEqual([
      { integration: 'keboola.connection', purpose: 'usage tables', required: true },
      { integration: 'Slack', purpose: 'alerts', required: false },
    ]);
    expect(tables.context_persistence).toEqual([
      { key: 'last_scored_at', description: 'When accounts were last scored' },
      { key: 'thresholds', description: 'Score thresholds agreed with the team' },
    ]);
  });

  it('a section without a table has no rows', () => {
    expect(parseSkillMarkdown(`${FRONT}## Context Persistence\n\nNothing is kept between runs.\n`).tables.context_persistence).toEqual([]);
  });

  it.each([
    ['a table without a required column', '## Context Persistence\n\n| Field | Value |\n|---|---|\n| a | b |\n', 'tables.context_persistence', /needs a "key" and a "description" column \(found: Field, Value\)/],
    ['a row with an empty required cell', '## Tool Selection Guide\n\n| Task | Tool |\n|---|---|\n| Score | |\n', 'tables.tool_selection_guide[1].tool', /row 1 .* has no tool/],
    ['a context key that is not snake_case', '## Context Persistence\n\n| Key | Description |\n|---|---|\n| Last Run | when |\n', 'tables.context_persistence[1].key', /snake_case/],
    ['a duplicate context key', '## Context Persistence\n\n| Key | Description |\n|---|---|\n| a | x |\n| a | y |\n', 'tables.context_persistence[2].key', /duplicate key "a"/],
    ['a Required cell that is not yes or no', '## Integrations Required\n\n| Integration | Required |\n|---|---|\n| Slack | perhaps |\n', 'tables.integrations_required[1].required', /perhaps/],
  ])('refuses %s, naming the table row and column', (_what, section, path, message) => {
    const error = refusal(`${FRONT}\n${section}`);
    expect(error.issues[0]!.path).toBe(path);
    expect(error.message).toMatch(message);
  });
});

describe('built-in skills', () => {
  it('every bundled SKILL.md parses and its name is its folder', () => {
    const skills = builtinSkills();
    expect(skills.size).toBeGreaterThan(0);
    const profiling = skills.get('data-quality-profiling')!;
    expect(profiling.references.has('references/interpreting-profiles.md')).toBe(true);
    expect(profiling.scripts.map((s) => s.tool.manifest.id)).toEqual(['skill.data-quality-profiling.profile']);
    expect(profiling.tables.context_persistence.map((r) => r.key)).toEqual(['baseline_profile', 'known_issues']);
    expect(profiling.tables.tool_selection_guide.length).toBeGreaterThan(0);
    expect(profiling.tables.integrations_required.length).toBeGreaterThan(0);
  });

  it('a bundled skill whose name is not its folder is a build defect, named', () => {
    expect(() => builtinSkills({ 'skills/other/SKILL.md': FRONT })).toThrow(/skills\/other\/SKILL.md: frontmatter name "churn-signals" must be the folder name "other"/);
  });
});
