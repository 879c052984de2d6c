import { beforeAll, describe, expect, inject, test } from 'vitest';
import { contextAt } from './cursor';
import { completeAt, referencesAt, type SchemaSet } from './completion';

// The schema comes from the running app's /openapi.json, as in the browser: no copy to drift.
let schema: SchemaSet;
beforeAll(async () => {
  const doc = (await (await fetch(`${inject('baseUrl')}/openapi.json`)).json()) as { components: { schemas: SchemaSet['schemas'] } };
  schema = { schemas: doc.components.schemas, root: 'PlaybookSpec' };
});

const TOOLS = [{ id: 'sql.local', description: 'SQL over the run workspace' }, { id: 'kbagent.human_in_loop' }];

/** Text with `‸` marking the cursor. */
function at(marked: string): [string, number] {
  const pos = marked.indexOf('‸');
  return [marked.slice(0, pos) + marked.slice(pos + 1), pos];
}
const labels = (marked: string) => completeAt(...at(marked), { schema, tools: TOOLS })?.options.map((o) => o.label) ?? [];

const STEP = `name: x
sop:
  goal: g
  steps:
    - id: load
      title: Load
      instruction: |
        SELECT a: b
      actions:
        - id: ask
          tool: kbagent.human_in_loop
`;

describe('cursor context from indentation', () => {
  test('a key being typed inside a list item, after a block scalar whose lines hold colons', () => {
    expect(contextAt(...at(`${STEP}      on_f‸`))).toEqual({ path: ['sop', 'steps', 0], kind: 'key', prefix: 'on_f' });
  });
  test('values: after a key, in a block list item, in a flow list', () => {
    expect(contextAt(...at(`${STEP}      on_failure: ab‸`))).toEqual({ path: ['sop', 'steps', 0, 'on_failure'], kind: 'value', prefix: 'ab' });
    expect(contextAt(...at(`${STEP}    - id: two\n      allowed_tools:\n        - sql.local\n        - sq‸`))).toEqual({
      path: ['sop', 'steps', 1, 'allowed_tools', 1],
      kind: 'item',
      prefix: 'sq',
    });
    expect(contextAt(...at(`${STEP}      allowed_tools: [sql.local, kb‸`))).toEqual({ path: ['sop', 'steps', 0, 'allowed_tools', 1], kind: 'value', prefix: 'kb' });
  });
  test('inside a block scalar the text is a value, whatever its lines look like', () => {
    const block = `${STEP}        - id: q\n          args:\n            sql: |\n              - a: b\n              SELECT x: ‸`;
    expect(contextAt(...at(block))).toEqual({ path: ['sop', 'steps', 0, 'actions', 1, 'args', 'sql'], kind: 'value', prefix: '' });
  });
  test('the second action of a step', () => {
    expect(contextAt(...at(`${STEP}        - id: use\n          args: {q: x}\n          to‸`)).path).toEqual(['sop', 'steps', 0, 'actions', 1]);
  });
});

describe('completion from the API schema and the live registry', () => {
  test('top-level keys are the PlaybookSpec properties', () => {
    expect(labels('‸')).toEqual(expect.arrayContaining(['name', 'sop', 'budget', 'inputs', 'triggers', 'tool_policies']));
  });
  test('keys of a step, through $refs', () => {
    const keys = labels(`${STEP}      ‸`);
    expect(keys).toEqual(expect.arrayContaining(['allowed_tools', 'on_failure', 'completion_criteria', 'mode', 'skills']));
    expect(keys).not.toContain('goal');
  });
  test('keys the map already has, above or below the cursor, are not offered again', () => {
    const keys = labels(`${STEP}      ‸\n      on_failure: abort\n    - id: next\n      skills: []\n`);
    expect(keys).not.toEqual(expect.arrayContaining(['id']));
    expect(keys).not.toContain('title');
    expect(keys).not.toContain('instruction');
    expect(keys).not.toContain('actions');
    expect(keys).not.toContain('on_failure');
    expect(keys).toContain('skills'); // the next step's, not this one's
    expect(keys).toContain('completion_criteria');
    const top = labels(`name: x\nsop:\n  goal: g\n‸\nbudget:\n  max_usd_per_run: 1\n`);
    expect(top).not.toContain('name');
    expect(top).not.toContain('sop');
    expect(top).not.toContain('budget');
    expect(top).toContain('inputs');
  });
  test('a key in a new list item is a key of the item schema', () => {
    expect(labels(`${STEP}        - ‸`)).toEqual(expect.arrayContaining(['tool', 'args', 'for_each']));
  });
  test('enum values', () => {
    expect(labels(`${STEP}      on_failure: ‸`)).toEqual(['abort', 'skip', 'ask_user', 'call_subagent']);
  });
  test('tool ids from the registry where tools are named', () => {
    expect(labels(`${STEP}      allowed_tools:\n        - ‸`)).toEqual(['sql.local', 'kbagent.human_in_loop']);
    expect(labels(`${STEP}      allowed_tools: [‸`)).toEqual(['sql.local', 'kbagent.human_in_loop']);
    expect(labels(`${STEP}        - id: two\n          tool: s‸`)).toEqual(['sql.local', 'kbagent.human_in_loop']);
    const policies = completeAt(...at(`${STEP}tool_policies:\n  sq‸`), { schema, tools: TOOLS });
    expect(policies?.options.map((o) => o.apply)).toEqual(['sql.local: ', 'kbagent.human_in_loop: ']);
    const [text, pos] = at(`${STEP}        - id: two\n          tool: s‸`);
    expect(completeAt(text, pos, { schema, tools: TOOLS })?.from).toBe(pos - 1);
  });
});

describe('${{ }} references the save accepts here', () => {
  const DOC = {
    inputs: [{ name: 'table' }],
    sop: {
      steps: [
        { id: 'one', actions: [{ id: 'ask', tool: 'kbagent.human_in_loop' }] },
        { id: 'two', actions: [{ id: 'first', tool: 'sql.local' }, { id: 'loop', tool: 'sql.local', for_each: '${{ inputs.table }}' }, { id: 'later', tool: 'x' }] },
        { id: 'three' },
      ],
    },
  };
  test('inputs, earlier steps, this step’s earlier actions, earlier answers, run, item', () => {
    const refs = referencesAt(DOC, ['sop', 'steps', 1, 'actions', 1, 'args']);
    expect(refs).toEqual(expect.arrayContaining(['inputs.table', 'steps.one.outputs', 'steps.two.outputs.first', 'answers.ask', 'run.id', 'item']));
    expect(refs).not.toContain('steps.three.outputs');
    expect(refs).not.toContain('steps.two.outputs.later');
    expect(refs).not.toContain('steps.two.outputs');
  });
  test('no item outside for_each actions, and none in the for_each itself', () => {
    expect(referencesAt(DOC, ['sop', 'steps', 1, 'actions', 0, 'args'])).not.toContain('item');
    expect(referencesAt(DOC, ['sop', 'steps', 1, 'actions', 1, 'for_each'])).not.toContain('item');
  });
  test('typed after ${{ in the text: replaces what is typed and closes the braces', () => {
    const yaml = `inputs:\n  - name: table\n    type: string\nsop:\n  steps:\n    - id: one\n      actions:\n        - tool: sql.local\n          args:\n            q: "\${{ inp‸`;
    const [text, pos] = at(yaml);
    const result = completeAt(text, pos, { schema, tools: TOOLS })!;
    expect(result.from).toBe(pos - 3);
    expect(result.options.find((o) => o.label === 'inputs.table')?.apply).toBe('inputs.table }}');
  });
});
