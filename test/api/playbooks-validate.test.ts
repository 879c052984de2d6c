/**
 * Issue 18: POST /playbooks/validate answers what a save would, saving nothing — the YAML editor
 * underlines its issues as the author types, so they must be exactly the save's issues.
 */
import { describe, expect, it } from 'vitest';
import { createTestUser, json } from '../helpers';
import { api } from './contract';

const VALID = [
  'name: Weekly check',
  'sop:',
  '  goal: Check the data',
  '  steps:',
  '    - id: look',
  '      title: Look',
  '      instruction: Look at the table',
  '      completion_criteria: Looked',
  '      allowed_tools: [sql.local]',
  'budget:',
  '  max_usd_per_run: 1',
  '',
].join('\n');

const BAD_TOOL = VALID.replace('allowed_tools: [sql.local]', 'allowed_tools: [sql.local, "Not A Tool"]');

describe('POST /playbooks/validate', () => {
  it('accepts a valid YAML document and creates nothing', async () => {
    const author = await createTestUser('author');
    const response = await api('POST', '/playbooks/validate', author, { yaml: VALID });
    expect(response.status).toBe(200);
    expect(await json(response)).toEqual({ valid: true });
    expect((await json(await api('GET', '/playbooks', author))).playbooks).toEqual([]);
  });

  it('refuses an invalid document with the very 422 body a save gives', async () => {
    const author = await createTestUser('author');
    const checked = await api('POST', '/playbooks/validate', author, { yaml: BAD_TOOL });
    expect(checked.status).toBe(422);
    const body = await json(checked);
    expect(body.error.details.issues).toEqual([
      { path: 'sop.steps[0].allowed_tools[1]', message: expect.stringContaining('must be a tool id') },
    ]);
    const saved = await api('POST', '/playbooks', author, { yaml: BAD_TOOL });
    expect(saved.status).toBe(422);
    expect(await json(saved)).toEqual(body);
    expect((await json(await api('GET', '/playbooks', author))).playbooks).toEqual([]);
  });

  it('names a YAML syntax error as a save does (400 with its line)', async () => {
    const author = await createTestUser('author');
    const broken = 'name: [unclosed\nsop: {}\n';
    const checked = await api('POST', '/playbooks/validate', author, { yaml: broken });
    const saved = await api('POST', '/playbooks', author, { yaml: broken });
    expect(checked.status).toBe(400);
    expect(await json(checked)).toEqual(await json(saved));
  });

  it('is for authors: a runner is refused', async () => {
    const runner = await createTestUser('runner');
    expect((await api('POST', '/playbooks/validate', runner, { yaml: VALID })).status).toBe(403);
  });
});
