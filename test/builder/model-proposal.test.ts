/**
 * Issue 18, the builder with a model: the real Anthropic client talks to the scripted fake, the
 * answer is checked as POST /playbooks checks it (plus registry and approvals), and it is only a
 * proposal: the library changes when the author accepts it with POST /playbooks, not before.
 * Malformed answers are refused with the reason and nothing is saved.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { call, createTestUser, json, type TestUser } from '../helpers';
import { scriptModel } from '../fakes/control';
import { DESCRIPTION, libraryIds, marginYaml, propose } from './proposals';

let author: TestUser;
beforeAll(async () => {
  author = await createTestUser('author');
});

async function modelSays(text: string) {
  const scenario = await scriptModel([{ text }]);
  return { scenario, model: { provider: 'anthropic', model: scenario.model('claude-sonnet-5-5') } };
}

describe('builder proposals from a model', () => {
  it('"every Monday send the margin by region to #finance" becomes a valid proposal, created only on accept', async () => {
    const { scenario, model } = await modelSays(`Here is the Playbook:\n\n\`\`\`yaml\n${marginYaml()}\`\`\`\n`);
    const before = await libraryIds(author);
    const response = await propose(author, { description: DESCRIPTION, model });
    expect(response.status).toBe(200);
    const proposal = await json(response);
    expect(proposal.kind).toBe('proposal');
    expect(proposal.source).toBe('model');

    const cron = proposal.spec.triggers.find((t: { type: string }) => t.type === 'cron');
    expect(cron.expression.split(' ')[4]).toBe('1'); // Monday
    const post = proposal.spec.sop.steps.find((s: { allowed_tools: string[] }) => s.allowed_tools.includes('slack.send_message'));
    expect(post).toBeDefined();
    expect(proposal.spec.tool_policies['slack.send_message']).toBe('approve');
    expect(proposal.diff.text.startsWith('--- /dev/null\n+++ b/proposal.yaml\n')).toBe(true);
    expect(proposal.diff.added).toBe(proposal.yaml.trimEnd().split('\n').length);

    // The model saw the request and the live registry with risk classes.
    const [request] = await scenario.requests();
    const sent = JSON.stringify(request!.body);
    expect(sent).toContain('send the margin by region to #finance');
    expect(sent).toContain('slack.send_message [external_send]');

    // Proposed, not saved.
    expect(await libraryIds(author)).toEqual(before);

    // Accept: the one create path.
    const created = await call('POST', '/playbooks', author, { yaml: proposal.yaml });
    expect(created.status).toBe(201);
    const record = await json(created);
    expect(record.status).toBe('draft');
    expect(record.spec).toEqual(proposal.spec);
    expect(await libraryIds(author)).toEqual([...before, record.id].sort());
  });

  it.each([
    ['invalid YAML', 'name: Weekly margin\nsop: [unclosed\n', /\(document\)/, /YAML|flow|collection|expected/i],
    ['an unknown tool', marginYaml({ sendTool: 'slack.send_telegram' }), /allowed_tools/, /no tool "slack\.send_telegram" in the registry/],
    ['an approval for a tool that does not exist', marginYaml({ extraPolicy: 'keboola.storage.delete' }), /^tool_policies\.keboola\.storage\.delete$/, /no tool "keboola\.storage\.delete"/],
    ['a send without approval', marginYaml({ sendPolicy: 'allow' }), /sop\.steps\[2\]\.allowed_tools/, /slack\.send_message \(external_send\).*"allow".*needs an approval/],
  ])('refuses %s with the reason and saves nothing', async (_case, text, path, message) => {
    const { model } = await modelSays(`\`\`\`yaml\n${text}\`\`\``);
    const before = await libraryIds(author);
    const response = await propose(author, { description: DESCRIPTION, model });
    expect(response.status).toBe(422);
    const body = await json(response);
    expect(body.error.code).toBe('validation_failed');
    expect(body.error.message).toMatch(/refused and not saved/);
    const issue = body.error.details.issues.find((i: { path: string; message: string }) => path.test(i.path) && message.test(i.message));
    expect(issue, JSON.stringify(body.error.details.issues)).toBeDefined();
    expect(await libraryIds(author)).toEqual(before);
  });

  it('diffs a revised proposal against the previous draft, and sends that draft to the model', async () => {
    const previous = marginYaml();
    const revised = previous.replace("default: '#finance'", "default: '#finance-leads'");
    const { scenario, model } = await modelSays(`\`\`\`yaml\n${revised}\`\`\``);
    const response = await propose(author, { description: `${DESCRIPTION}, but to #finance-leads`, model, previous_yaml: previous });
    expect(response.status).toBe(200);
    const { diff } = await json(response);
    expect(diff.text).toMatch(/^--- a\/previous\.yaml\n\+\+\+ b\/proposal\.yaml\n/);
    expect(diff).toMatchObject({ added: 1, removed: 1 });
    expect(diff.text).toContain("-    default: '#finance'\n+    default: '#finance-leads'");
    const [request] = await scenario.requests();
    expect(JSON.stringify(request!.body)).toContain('Revise this earlier draft');
  });

  it('refuses a bad request naming the field, and a runner (who may not author)', async () => {
    const empty = await propose(author, { description: '' });
    expect(empty.status).toBe(422);
    expect(JSON.stringify(await json(empty))).toContain('description');
    const runner = await createTestUser('runner');
    const refused = await propose(runner, { description: DESCRIPTION, mode: 'questions' });
    expect(refused.status).toBe(403);
  });
});
