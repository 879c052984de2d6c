import { describe, expect, test } from 'vitest';
import type { RunEvent } from '../../api/types';
import { progressText, streamItems } from './stream-items';

let seq = 0;
const ev = (type: string, data: Record<string, unknown> = {}): RunEvent => ({ seq: ++seq, run_id: 'run_1', type, at: `2030-01-01T00:00:${String(seq).padStart(2, '0')}Z`, data });

describe('streamItems', () => {
  test('merges a tool call start with its result, and a question with its answer', () => {
    const items = streamItems([
      ev('run_created'),
      ev('step_started', { index: 0, step_id: 'a', title: 'A' }),
      ev('tool_call_started', { call_id: 'c1', tool_id: 'kbagent.log', risk: 'read', args: { message: 'hi' } }),
      ev('note', { message: 'hi' }),
      ev('tool_call_finished', { call_id: 'c1', tool_id: 'kbagent.log', output: { logged: true } }),
      ev('question_asked', { question_id: 'q1', prompt: 'Which?' }),
      ev('question_answered', { question_id: 'q1', answer: 'left', by: 'dana', comment: 'the left one is newer' }),
      ev('tool_call_refused', { call_id: 'c2', tool_id: 'slack.send', code: 'denied', reason: 'secret' }),
    ]);
    expect(items.map((i) => i.kind)).toEqual(['run', 'step', 'tool', 'note', 'question', 'tool']);
    expect(items[2]).toMatchObject({ status: 'done', args: { message: 'hi' }, output: { logged: true }, risk: 'read' });
    expect(items[4]).toMatchObject({ question_id: 'q1', prompt: 'Which?', answer: 'left', by: 'dana', comment: 'the left one is newer' });
    expect(items[5]).toMatchObject({ status: 'refused', error: 'denied: secret', tool_id: 'slack.send' });
  });

  test('a failed call keeps its error; unknown events become plain lines', () => {
    const items = streamItems([ev('tool_call_started', { call_id: 'c3', tool_id: 'sql.local', args: {} }), ev('tool_call_failed', { call_id: 'c3', error: 'syntax' }), ev('budget_warning', { share: 0.8 })]);
    expect(items).toHaveLength(2);
    expect(items[0]).toMatchObject({ status: 'failed', error: 'syntax' });
    expect(items[1]).toMatchObject({ kind: 'other' });
  });
});

describe('streamItems with calls that span units', () => {
  test('progress reports fold into the call: the latest report and the number of units', () => {
    const items = streamItems([
      ev('tool_call_started', { call_id: 'r1', tool_id: 'skill.entity-resolution.resolve', args: {} }),
      ev('tool_call_progress', { call_id: 'r1', progress: { phase: 'blocking', records: 50000 } }),
      ev('tool_call_progress', { call_id: 'r1', progress: { phase: 'comparing', records: 100000, compared_pairs: 450000 } }),
      ev('tool_call_progress', { call_id: 'unknown-call', progress: { phase: 'x' } }),
    ]);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ status: 'running', units: 3, progress: { phase: 'comparing', compared_pairs: 450000 } });
    expect(progressText({ phase: 'comparing', compared_pairs: 450000 })).toBe('phase comparing · compared pairs 450,000');
  });
});

describe('streamItems with approvals', () => {
  test('a call awaiting approval is one block that runs once approved', () => {
    const items = streamItems([
      ev('tool_call_awaiting_approval', { call_id: 'c9', tool_id: 'slack.send_message', risk: 'external_send', decision: 'approve' }),
      ev('approval_requested', { approval_id: 'a1', title: 'Send', payload: { call_id: 'c9', args: { channel: '#x', text: 'hi' } } }),
      ev('approval_approved', { approval_id: 'a1', by: 'dana' }),
      ev('tool_call_started', { call_id: 'c9', tool_id: 'slack.send_message', risk: 'external_send', args: { channel: '#x', text: 'hi!' } }),
      ev('tool_call_finished', { call_id: 'c9', output: { ok: true } }),
      ev('budget', { spent_usd: 0 }),
    ]);
    expect(items.map((i) => i.kind)).toEqual(['tool', 'approval', 'approval', 'budget']);
    expect(items[0]).toMatchObject({ status: 'done', args: { channel: '#x', text: 'hi!' }, output: { ok: true } });
  });

  test('a commit held by a pause is an approval line; untrusted data entering the run is a guard line', () => {
    const items = streamItems([
      ev('tool_call_finished', { call_id: 'c7', tool_id: 'sql.local', output: { rows: [] } }),
      ev('untrusted_content', { call_id: 'c7', sources: ['tool:sql.local:c7'], note: 'every external send now needs its own approval' }),
      ev('approval_commit_held', { approval_id: 'a3', reason: 'the run is paused' }),
    ]);
    expect(items.map((i) => i.kind)).toEqual(['tool', 'guard', 'approval']);
  });

  test('a rejected approval leaves its call refused with the reason', () => {
    const items = streamItems([
      ev('tool_call_awaiting_approval', { call_id: 'c8', tool_id: 'slack.send_message', risk: 'external_send' }),
      ev('approval_requested', { approval_id: 'a2', payload: { call_id: 'c8', args: { text: 'x' } } }),
      ev('approval_rejected', { approval_id: 'a2', reason: 'rejected by dana: not now' }),
    ]);
    expect(items[0]).toMatchObject({ status: 'refused', error: 'approval rejected: rejected by dana: not now', args: { text: 'x' } });
  });
});
