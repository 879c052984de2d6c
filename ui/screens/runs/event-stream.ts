// The live event stream (ui.md screen 4): a log that follows new events while you are at its end,
// with HITL questions answered inline.
import { useLayoutEffect, useMemo, useRef } from 'preact/hooks';
import { html } from '../../html';
import type { RunDetail } from '../../api/types';
import type { StreamState } from '../../api/events';
import { isTerminal } from '../../lib/run-status';
import { Section } from '../../components/section';
import { QuestionCard } from './question-card';
import { StreamLine, ToolCallBlock } from './stream-lines';
import { streamItems, type QuestionItem, type StreamItem } from './stream-items';
import type { RunStream } from './use-run-stream';

const STATE_TEXT: Record<StreamState, string> = {
  connecting: 'connecting…',
  live: 'live',
  reconnecting: 'reconnecting…',
  ended: 'complete',
  failed: 'unavailable',
};
const MIN_LOG_HEIGHT = 320;
const MAIN_PADDING = 24;
const STATE_TONE: Record<StreamState, string> = { connecting: 'neutral', live: 'green', reconnecting: 'amber', ended: 'neutral', failed: 'red' };

export type EventStreamProps = {
  run: RunDetail;
  stream: RunStream;
  onAnswered: (run: RunDetail) => void;
  onOpenFile: (path: string) => void;
  onOpenApproval: (id: string) => void;
};

export function EventStream(props: EventStreamProps) {
  const { run, stream } = props;
  const items = useMemo(() => streamItems(stream.events), [stream.events]);
  const log = useRef<HTMLDivElement>(null);
  const atEnd = useRef(true);
  const live = !isTerminal(run.status);
  const calls = useMemo(() => new Map(run.tool_calls.map((c) => [c.call_id, c])), [run.tool_calls]);
  // Pending questions the stream has not shown (yet, or because it is unavailable) still get their form.
  const asked = new Set(items.flatMap((i) => (i.kind === 'question' ? [i.question_id] : [])));
  const unseen: QuestionItem[] = run.questions
    .filter((q) => q.status === 'pending' && !asked.has(q.id))
    .map((q) => ({ kind: 'question', key: `question-${q.id}`, at: q.created_at, question_id: q.id, prompt: q.prompt }));
  // One keyed list, so a question shown early keeps its half-filled form when the stream catches up.
  const shown: StreamItem[] = [...items, ...unseen];

  // The log fills the rest of the window below it (seen from the top of the page), so its newest
  // lines — where a question appears — are on screen without scrolling the page; while you are at
  // its end it stays there as events arrive and as its height changes (a banner comes or goes).
  useLayoutEffect(() => {
    const fit = () => {
      const el = log.current;
      const main = el?.closest('main');
      if (!el || !main) return;
      const top = el.getBoundingClientRect().top - main.getBoundingClientRect().top + main.scrollTop;
      el.style.maxHeight = `${Math.max(MIN_LOG_HEIGHT, main.clientHeight - top - MAIN_PADDING)}px`;
      if (atEnd.current) el.scrollTop = el.scrollHeight;
    };
    fit();
    window.addEventListener('resize', fit);
    return () => window.removeEventListener('resize', fit);
  });

  const onScroll = () => {
    const el = log.current;
    if (el) atEnd.current = el.scrollHeight - el.scrollTop - el.clientHeight < 40;
  };

  const state = html`<span class="status" role="status" aria-label=${`event stream ${STATE_TEXT[stream.state]}`}>
    <span class=${`dot dot-${STATE_TONE[stream.state]}`} aria-hidden="true"></span>${STATE_TEXT[stream.state]} · ${stream.events.length} events
  </span>`;

  return html`<${Section} label="event stream" id="section-event-stream" actions=${state}>
    ${stream.error && html`<p class="notice notice-red" role="alert">The event stream is unavailable: ${stream.error.message}</p>`}
    <div class="stream" role="log" aria-label="Run events" tabindex="0" ref=${log} onScroll=${onScroll}>
      ${shown.length === 0 && html`<p class="muted small">No events yet.</p>`}
      ${shown.map((item) => {
        if (item.kind === 'tool') return html`<${ToolCallBlock} key=${item.key} item=${item} call=${calls.get(item.call_id)} />`;
        if (item.kind === 'question') {
          const question = run.questions.find((q) => q.id === item.question_id);
          return html`<${QuestionCard} key=${item.key} runId=${run.id} question=${question} prompt=${item.prompt} answer=${item.answer} by=${item.by} comment=${item.comment} live=${live} paused=${run.paused} onAnswered=${props.onAnswered} />`;
        }
        return html`<${StreamLine} key=${item.key} item=${item} onOpenFile=${props.onOpenFile} onOpenApproval=${props.onOpenApproval} />`;
      })}
    </div>
  <//>`;
}
