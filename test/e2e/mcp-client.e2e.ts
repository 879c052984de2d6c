/// <reference types="node" />
// Issue 17: an AI client reaches Agent Studio over MCP. The official SDK's Client over its Streamable
// HTTP transport, against the running app (scripts/start.mjs, wrangler dev), with a bearer token the
// way Claude or Cursor send one: list the tools, start a run, read its status, answer its question.
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { apiCall, freshAuthor } from './browser';

const baseUrl = inject('baseUrl');
const tokens = inject('tokens');

const PLAYBOOK = {
  name: 'E2E MCP Region Pick',
  sop: {
    goal: 'Ask which region to report on',
    steps: [{
      id: 'ask', title: 'Ask the region', instruction: 'Ask the person.', completion_criteria: 'answered', allowed_tools: ['kbagent.human_in_loop'],
      actions: [{ id: 'region', tool: 'kbagent.human_in_loop', args: { prompt: 'Which region?', kind: 'radio', options: ['emea', 'amer'] } }],
    }],
  },
  budget: { max_usd_per_run: 1 },
};

let client: Client;
let playbookId = '';

async function connect(token: string): Promise<Client> {
  const transport = new StreamableHTTPClientTransport(new URL(`${baseUrl}/mcp`), { requestInit: { headers: { authorization: `Bearer ${token}` } } });
  const connected = new Client({ name: 'e2e-mcp-client', version: '1.0.0' });
  await connected.connect(transport);
  return connected;
}

async function tool(name: string, args: Record<string, unknown> = {}): Promise<{ isError: boolean; text: string; data: any }> {
  const result = (await client.callTool({ name, arguments: args })) as { isError?: boolean; content: { type: string; text: string }[] };
  const text = result.content[0]?.text ?? '';
  let data: unknown;
  try { data = JSON.parse(text); } catch { data = undefined; }
  return { isError: result.isError === true, text, data };
}

beforeAll(async () => {
  const author = await freshAuthor(baseUrl, tokens.admin, 'mcp');
  playbookId = (await apiCall<{ id: string }>(baseUrl, author, 'POST', 'playbooks', PLAYBOOK)).id;
  client = await connect(author);
});

afterAll(async () => {
  await client?.close();
});

describe('an MCP client (official SDK) against the running app', () => {
  test('refuses a client without a valid token', async () => {
    await expect(connect('not-a-real-token')).rejects.toThrow(/401|unauthorized|not valid/i);
  });

  test('lists the tools; none approves anything', async () => {
    const { tools } = await client.listTools();
    const names = tools.map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(['list_playbooks', 'start_run', 'get_run', 'list_artifacts', 'read_artifact', 'list_questions', 'answer_question']));
    expect(names.filter((n) => /approv|reject|decide/i.test(n))).toEqual([]);
    expect(client.getServerVersion()?.name).toBe('agent-studio');
  });

  test('starts a run, reads its status, answers its question, and the run finishes', async () => {
    const listed = await tool('list_playbooks');
    expect(listed.data.playbooks.map((p: any) => p.id)).toContain(playbookId);
    const started = await tool('start_run', { playbook_id: playbookId });
    expect(started.isError, started.text).toBe(false);
    const runId = started.data.run_id;

    // The run object works on its own alarm: poll until it asks.
    await expect.poll(async () => (await tool('get_run', { run_id: runId })).data.status).toBe('waiting_for_input');
    const { data: { questions } } = await tool('list_questions', { run_id: runId });
    expect(questions).toEqual([expect.objectContaining({ prompt: 'Which region?', kind: 'radio' })]);

    const answered = await tool('answer_question', { run_id: runId, question_id: questions[0].id, answer: 'amer' });
    expect(answered.isError, answered.text).toBe(false);
    await expect.poll(async () => (await tool('get_run', { run_id: runId })).data.status).toBe('done');
    expect((await tool('list_questions', { run_id: runId })).data.questions).toEqual([]);
  });

  test('an unknown Playbook is a tool error, not a protocol failure', async () => {
    const missing = await tool('start_run', { playbook_id: 'no-such-playbook' });
    expect(missing).toMatchObject({ isError: true, text: 'Playbook "no-such-playbook" was not found' });
  });
});
