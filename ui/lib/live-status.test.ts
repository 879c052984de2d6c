import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../api/types';
import { liveStatus } from './live-status';

const read = { status: 'waiting_for_input', status_reason: 'waiting for an answer', paused: false, updated_at: '2026-01-01T00:00:05.000Z' } as const;
const event = (seq: number, at: string, type: string, data: Record<string, unknown> = {}): RunEvent => ({ seq, run_id: 'r', type, at: `2026-01-01T00:00:${at}Z`, data });

describe('liveStatus', () => {
  it('takes a status change the read has not seen yet, with its reason or none', () => {
    expect(liveStatus(read, [event(7, '06.000', 'status', { from: 'waiting_for_input', status: 'running' })])).toEqual({ status: 'running', status_reason: undefined, paused: false });
    expect(liveStatus(read, [event(7, '06.000', 'status', { from: 'running', status: 'failed', reason: 'Step "q" failed' })]).status_reason).toBe('Step "q" failed');
  });
  it('keeps the read where the events are older than it (a replayed backlog)', () => {
    const backlog = [event(2, '01.000', 'status', { from: 'queued', status: 'running' }), event(5, '04.999', 'status', { from: 'running', status: 'waiting_for_input' })];
    expect(liveStatus(read, backlog)).toEqual({ status: 'waiting_for_input', status_reason: 'waiting for an answer', paused: false });
  });
  it('counts an event stamped in the same millisecond as the read as news (the read may predate it)', () => {
    expect(liveStatus(read, [event(7, '05.000', 'status', { from: 'waiting_for_input', status: 'running' })]).status).toBe('running');
  });
  it('follows the last of several changes, and the pause flag', () => {
    const events = [
      event(7, '06.000', 'status', { from: 'waiting_for_input', status: 'blocked', reason: 'paused by dana' }),
      event(8, '06.000', 'paused', { by: 'dana' }),
    ];
    expect(liveStatus(read, events)).toEqual({ status: 'blocked', status_reason: 'paused by dana', paused: true });
    expect(liveStatus(read, [...events, event(9, '07.000', 'resumed', { by: 'dana' }), event(10, '07.000', 'status', { from: 'blocked', status: 'running' })]))
      .toEqual({ status: 'running', status_reason: undefined, paused: false });
  });
  it('ignores other events', () => {
    expect(liveStatus(read, [event(7, '06.000', 'step_started', { status: 'running' })])).toEqual({ status: 'waiting_for_input', status_reason: 'waiting for an answer', paused: false });
  });
});
