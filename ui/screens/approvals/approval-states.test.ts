// The approval modal's pure helpers: whether it offers the session scope, and where an approved call
// stands before its commit (counting down, held by a pause, undoable).
import { describe, expect, it } from 'vitest';
import type { Approval } from '../../api/types';
import { sessionScope } from './session-scope';
import { heldNotice, undoState } from './undo-state';

const NOW = Date.parse('2030-01-01T12:00:00.000Z');
const at = (seconds: number) => new Date(NOW + seconds * 1000).toISOString();

function approval(fields: Partial<Approval> = {}): Approval {
  return {
    id: 'apr_1', run_id: 'run_1', playbook_id: 'pb', call_id: 'call_1', kind: 'tool', tool_id: 'slack.send_message', risk: 'external_send',
    scope: 'single', title: 'Send', payload: {}, body_hash: 'h', status: 'pending', requested_by: 'run:run_1', requested_for: 'dana',
    expires_at: at(3600), admin_only: false, commit_held: false, undo_window_seconds: 60, created_at: at(-10), ...fields,
  };
}

describe('sessionScope', () => {
  it('offers the session for a plain tool call', () => {
    expect(sessionScope(approval({ risk: 'write' }), true)).toEqual({ offered: true });
    expect(sessionScope(approval(), false)).toEqual({ offered: true });
  });

  it('never for a call carrying untrusted data, nor a send of a tainted run, and says why', () => {
    const carrying = sessionScope(approval({ risk: 'destructive', untrusted_sources: ['tool:sql.local:call_a'] }), false);
    expect(carrying).toMatchObject({ offered: false, why: expect.stringContaining('carries untrusted data') });
    expect(sessionScope(approval(), true)).toMatchObject({ offered: false, why: expect.stringContaining('every send needs its own approval') });
  });

  it('has nothing to offer or explain for batches and budget raises', () => {
    expect(sessionScope(approval({ kind: 'batch' }), false)).toEqual({ offered: false, why: null });
    expect(sessionScope(approval({ kind: 'budget' }), true)).toEqual({ offered: false, why: null });
  });
});

describe('undoState', () => {
  const approved = (fields: Partial<Approval>) => approval({ status: 'approved', decided_at: at(-20), undo_until: at(40), ...fields });

  it('counts the window down, then says it is sending', () => {
    expect(undoState(approved({}), NOW)).toEqual({ undoable: true, held: false, text: 'sending in 40 s', left: 40 / 60 });
    expect(undoState(approved({}), NOW + 41_000)).toMatchObject({ undoable: false, text: 'sending…', left: 0 });
  });

  it('while held keeps the undo, even past the window, and never claims it is sending', () => {
    const held = approved({ commit_held: true });
    expect(undoState(held, NOW + 600_000)).toEqual({ undoable: true, held: true, text: 'held: nothing is sent until the run resumes', left: null });
    expect(heldNotice(held)).toBe('Held: the run is paused. Nothing is sent until it resumes; you can still undo.');
  });

  it('a held call without a window (a write) has no undo', () => {
    const write = approval({ status: 'approved', risk: 'write', commit_held: true });
    expect(undoState(write, NOW)).toMatchObject({ undoable: false, held: true });
    expect(heldNotice(write)).toBe('Held: the run is paused. Nothing is sent until it resumes.');
  });

  it('nothing to undo once committed or pending', () => {
    expect(undoState(approval({ status: 'committed', undo_until: at(40) }), NOW).undoable).toBe(false);
    expect(undoState(approval({ undo_until: at(40) }), NOW).undoable).toBe(false);
  });
});
