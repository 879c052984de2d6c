// One line of the run's event stream per kind: tool-call blocks (collapsible, args and result),
// model messages, notes, steps, status changes, files written, child runs.
import { html } from '../../html';
import type { RunEvent, ToolCallView } from '../../api/types';
import { Link } from '../../lib/router';
import { bytes, cost } from '../../lib/format';
import { statusLabel } from '../../lib/run-status';
import { riskTone, words } from '../../lib/risk';
import { Pill, StatusDot } from '../../components/pill';
import { SourceList, UntrustedMark } from '../../components/untrusted';
import { progressText, type LineItem, type ToolItem } from './stream-items';
import { governanceLine } from './stream-governance';

/** Shown status → dot colour (the status family of ui.md). */
const TOOL_TONE: Record<string, string> = { 'awaiting approval': 'waiting_for_approval', running: 'running', waiting: 'waiting_for_input', done: 'done', failed: 'failed', refused: 'failed', unknown: 'blocked', abandoned: 'cancelled' };
const FROM_DETAIL: Partial<Record<ToolCallView['status'], string>> = {
  done: 'done', error: 'failed', refused: 'refused', unknown: 'unknown', abandoned: 'abandoned', awaiting_approval: 'awaiting approval', waiting: 'waiting',
};

/** The stream says how a call started; the run detail knows how it stands now (say, abandoned by a cancel). */
function shownStatus(item: ToolItem, call: ToolCallView | undefined): string {
  const fromStream = item.status === 'awaiting' ? 'awaiting approval' : item.status;
  if ((item.status !== 'running' && item.status !== 'awaiting') || !call) return fromStream;
  return FROM_DETAIL[call.status] ?? fromStream;
}

function time(iso: string): string {
  return new Date(iso).toLocaleTimeString('en-GB', { hour12: false });
}

function json(value: unknown): string {
  return value === undefined ? '' : JSON.stringify(value, null, 2);
}

export function Time(props: { at: string }) {
  return html`<time class="stream-time" datetime=${props.at}>${time(props.at)}</time>`;
}

export function ToolCallBlock(props: { item: ToolItem; call?: ToolCallView | undefined }) {
  const t = props.item;
  const status = shownStatus(t, props.call);
  const ms = t.ended_at ? new Date(t.ended_at).getTime() - new Date(t.at).getTime() : undefined;
  const untrusted = props.call?.untrusted_sources ?? [];
  return html`<details class=${`tool-call tool-${status}`}>
    <summary>
      <${Time} at=${t.at} />
      <span class="stream-icon" aria-hidden="true">⚙</span>
      <code class="tool-id">${t.tool_id}</code>
      ${t.risk && html`<${Pill} tone=${riskTone(t.risk)}>${words(t.risk)}<//>`}
      ${untrusted.length > 0 && html`<${UntrustedMark} sources=${untrusted} what="its output" />`}
      <${StatusDot} status=${TOOL_TONE[status] ?? 'neutral'} label=${status} />
      ${ms !== undefined && html`<span class="muted small">${ms} ms</span>`}
    </summary>
    <div class="tool-call-body">
      <div><h4 class="label">args</h4><pre class="code code-s" tabindex="0">${json(t.args) || '—'}</pre></div>
      ${t.status === 'done' && html`<div><h4 class="label">result</h4><pre class="code code-s" tabindex="0">${json(t.output)}</pre></div>`}
      ${untrusted.length > 0 &&
      html`<div><h4 class="label">the result derives from untrusted data</h4><${SourceList} sources=${untrusted} label=${`Untrusted sources of ${t.call_id}`} /></div>`}
      ${t.error && html`<div><h4 class="label label-red">${t.status === 'refused' ? 'refused' : 'error'}</h4><pre class="code code-s code-error" tabindex="0">${t.error}</pre></div>`}
      ${t.progress && html`<p class="muted small tool-progress">${t.status === 'done' ? 'took' : 'in progress:'} ${t.units} units${Object.keys(t.progress).length ? ` · last: ${progressText(t.progress)}` : ''}</p>`}
      ${(status === 'running' || status === 'waiting') && html`<p class="muted small">waiting for the result…</p>`}
      ${status === 'awaiting approval' && html`<p class="muted small">waiting for a person to approve this call; it has not run.</p>`}
      ${status === 'abandoned' && html`<p class="muted small">The run ended before this call finished.</p>`}
      ${status === 'unknown' && html`<p class="muted small">The outcome is unknown (interrupted mid-call); the run asks a person whether it happened.</p>`}
    </div>
  </details>`;
}

const num = (v: unknown) => (typeof v === 'number' ? v : 0);
const text = (v: unknown) => (typeof v === 'string' ? v : v === undefined || v === null ? '' : JSON.stringify(v));

function lineContent(e: RunEvent, onOpenFile: (path: string) => void, onOpenApproval: (id: string) => void) {
  const d = e.data;
  const governance = governanceLine(e, onOpenApproval, onOpenFile);
  if (governance) return governance;
  switch (e.type) {
    case 'model_turn': {
      const calls = Array.isArray(d.tool_calls) ? (d.tool_calls as { name?: string }[]).map((c) => c.name).filter(Boolean) : [];
      return html`<span class="stream-icon" aria-hidden="true">◆</span>
        <div class="stream-text">
          <div class="stream-caption">model · ${text(d.model)} · ${num(d.input_tokens).toLocaleString('en')} in / ${num(d.output_tokens).toLocaleString('en')} out · ${cost(num(d.usd))}${calls.length > 0 ? ` · calls ${calls.join(', ')}` : ''}</div>
          ${text(d.text) && html`<div class="model-text">${text(d.text)}</div>`}
        </div>`;
    }
    case 'model_error':
      return html`<span class="stream-icon" aria-hidden="true">◆</span><span class="stream-text text-red">model error · ${text(d.provider)}: ${text(d.message)}${d.retryable ? ' (will retry)' : ''}</span>`;
    case 'note':
      return html`<span class="stream-icon" aria-hidden="true">✎</span><span class="stream-text note">${text(d.message)}</span>`;
    case 'step_started':
      return html`<span class="stream-step">▸ step ${num(d.index) + 1} · ${text(d.title) || text(d.step_id)}</span>`;
    case 'step_completed':
      return html`<span class="stream-step done">✓ step ${num(d.index) + 1} done</span>`;
    case 'step_skipped':
      return html`<span class="stream-step">↷ step ${num(d.index) + 1} skipped${d.error ? ` · ${text(d.error)}` : ''}</span>`;
    case 'step_failed':
      return html`<span class="stream-step text-red">✕ step ${num(d.index) + 1} failed · ${text(d.error)}</span>`;
    case 'step_retried':
      return html`<span class="stream-step">↻ step ${num(d.index) + 1} retried</span>`;
    case 'status':
      return html`<span class="stream-icon" aria-hidden="true">●</span><span class="stream-text"><${StatusDot} status=${text(d.status)} label=${`status → ${statusLabel(text(d.status))}`} />${d.reason ? html` <span class="muted small">· ${text(d.reason)}</span>` : ''}</span>`;
    case 'paused':
    case 'resumed':
    case 'cancel_requested':
      return html`<span class="stream-icon" aria-hidden="true">●</span><span class="stream-text">${e.type.replace('_', ' ')} by ${text(d.by)}</span>`;
    case 'artifact':
      return html`<span class="stream-icon" aria-hidden="true">▤</span><span class="stream-text">wrote <button type="button" class="link-button" onClick=${() => onOpenFile(text(d.path))}>${text(d.path)}</button> <span class="muted small">${bytes(num(d.size))}</span></span>`;
    case 'child_run_started':
      return html`<span class="stream-icon" aria-hidden="true">↳</span><span class="stream-text">child run of <code>${text(d.playbook_id)}</code> started · <${Link} href=${`/runs/${text(d.child_run_id)}`}>open child run<//></span>`;
    case 'child_run_finished':
      return html`<span class="stream-icon" aria-hidden="true">↳</span><span class="stream-text">child run <${Link} href=${`/runs/${text(d.child_run_id)}`}>${text(d.child_run_id)}<//> ended <${StatusDot} status=${text(d.status)} /></span>`;
    case 'run_created':
      return html`<span class="stream-icon" aria-hidden="true">○</span><span class="stream-text">run created</span>`;
    case 'run_completed':
      return html`<span class="stream-icon" aria-hidden="true">✓</span><span class="stream-text">run completed</span>`;
    default:
      return html`<span class="stream-icon" aria-hidden="true">·</span><span class="stream-text"><code>${e.type}</code> <span class="muted small">${JSON.stringify(d).slice(0, 300)}</span></span>`;
  }
}

export function StreamLine(props: { item: LineItem; onOpenFile: (path: string) => void; onOpenApproval: (id: string) => void }) {
  const { item } = props;
  return html`<div class=${`stream-line stream-${item.kind}`}><${Time} at=${item.at} />${lineContent(item.event, props.onOpenFile, props.onOpenApproval)}</div>`;
}
