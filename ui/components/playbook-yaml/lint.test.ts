import { describe, expect, test } from 'vitest';
import { ApiError } from '../../api/client';
import { problemsOf, syntaxProblems, unknownToolProblems } from './lint';

const YAML = `name: x
sop:
  goal: g
  steps:
    - id: a
      allowed_tools: [sql.local, sql.locl, keboola.*, nothing.*]
      actions:
        - tool: Bad_Tool
        - tool: kbagent.human_in_loop
`;
const REGISTRY = ['sql.local', 'keboola.storage.tables', 'kbagent.human_in_loop'];
const at = (p: { from: number; to: number }) => YAML.slice(p.from, p.to);

describe('what the editor underlines', () => {
  test('tool ids missing from the registry are warnings at the id; a wildcard must match one', () => {
    const found = unknownToolProblems(YAML, REGISTRY);
    expect(found.map((p) => [at(p), p.source, p.severity])).toEqual([
      ['sql.locl', 'sop.steps[0].allowed_tools[1]', 'warning'],
      ['nothing.*', 'sop.steps[0].allowed_tools[3]', 'warning'],
      ['Bad_Tool', 'sop.steps[0].actions[0].tool', 'warning'],
    ]);
    expect(unknownToolProblems(YAML, [])).toEqual([]);
  });

  test("the save's 422 issues land on their nodes; a warning where an error already is goes", async () => {
    const refuse = () =>
      Promise.reject(new ApiError(422, 'validation_failed', 'invalid', { issues: [{ path: 'sop.steps[0].actions[0].tool', message: 'must be a tool id' }] }));
    const problems = await problemsOf(YAML, refuse, REGISTRY);
    expect(problems.map((p) => [at(p), p.message, p.severity ?? 'error'])).toEqual([
      ['Bad_Tool', 'must be a tool id', 'error'],
      ['sql.locl', expect.stringContaining('registry'), 'warning'],
      ['nothing.*', expect.stringContaining('registry'), 'warning'],
    ]);
  });

  test('a syntax error is marked and nothing is sent', async () => {
    let sent = false;
    const problems = await problemsOf('a: [b\nc: d\n', async () => {
      sent = true;
    });
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]!.source).toBe('yaml syntax');
    expect(sent).toBe(false);
    expect(syntaxProblems('a: b\n')).toEqual([]);
  });

  test('anything but a validation answer (offline) underlines nothing', async () => {
    expect(await problemsOf('a: b\n', () => Promise.reject(new ApiError(0, 'network', 'offline')))).toEqual([]);
  });
});
