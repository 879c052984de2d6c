// Run view (ui.md screen 4): header and controls, then tabs — the current job (SOP, live event
// stream with inline questions, workspace files) and the Playbook's past jobs.
import { useState } from 'preact/hooks';
import { html } from '../../html';
import { api } from '../../api/endpoints';
import type { RunDetail, RunEvent } from '../../api/types';
import { Link, navigate } from '../../lib/router';
import { useAsync } from '../../lib/use-async';
import { ErrorNotice, Loading } from '../../components/notice';
import { TabPanel, Tabs } from '../../components/tabs';
import { EventStream } from './event-stream';
import { RunHeader } from './run-header';
import { RunSide } from './run-side';
import { RunsTable } from './runs-table';
import { useRunDetail } from './use-run-detail';
import { useRunStream } from './use-run-stream';
import { WorkspacePanel } from './workspace/panel';
import { notifyInboxChanged } from '../../lib/inbox-signal';

function Banner(props: { run: RunDetail }) {
  const { run } = props;
  if (run.status === 'waiting_for_approval') {
    return html`<div class="banner banner-amber" role="status"><strong>⚑ An approval is pending.</strong> The run continues once it is decided.
      <${Link} href="/inbox">open the Activity Inbox<//></div>`;
  }
  if (run.status === 'waiting_for_input' && !run.paused) {
    const jump = () => document.querySelector<HTMLElement>('.question-card.pending input, .question-card.pending textarea')?.focus();
    return html`<div class="banner banner-amber" role="status"><strong>? The run is waiting for your answer.</strong>
      <button type="button" class="link-button" onClick=${jump}>go to the question</button></div>`;
  }
  if (run.status === 'blocked' && !run.paused) return html`<div class="banner banner-amber" role="status"><strong>Blocked:</strong> ${run.status_reason ?? 'the run cannot continue'}; resume once fixed.</div>`;
  if (run.status === 'failed') return html`<div class="banner banner-red" role="status"><strong>Failed:</strong> ${run.status_reason ?? 'see the event stream'}</div>`;
  return null;
}

function PastJobs(props: { run: RunDetail }) {
  const runs = useAsync(() => api.runs({ playbook_id: props.run.playbook_id }), [props.run.playbook_id]);
  if (runs.error) return html`<${ErrorNotice} error=${runs.error} title="Could not load past jobs" />`;
  if (!runs.data) return html`<${Loading} what="past jobs" />`;
  return html`<${RunsTable} runs=${runs.data} current=${props.run.id} label=${`Jobs of ${props.run.playbook_name}`} />`;
}

const TABS = [
  { id: 'current', label: 'current job' },
  { id: 'past', label: 'past jobs' },
];

export function RunView(props: { id: string; query: URLSearchParams }) {
  const detail = useRunDetail(props.id);
  const [filesVersion, setFilesVersion] = useState(0);
  const [filesOpen, setFilesOpen] = useState(false);
  const [openPath, setOpenPath] = useState<string | null>(null);
  const stream = useRunStream(props.id, (events: RunEvent[]) => {
    detail.refresh();
    if (events.some((e) => e.type === 'artifact')) setFilesVersion((v) => v + 1);
    if (events.some((e) => e.type === 'question_asked' || e.type === 'question_answered')) notifyInboxChanged();
  });
  const tab = props.query.get('tab') === 'past' ? 'past' : 'current';
  const run = detail.run;

  if (detail.error && !run) return html`<${ErrorNotice} error=${detail.error} title="Could not load the run" />`;
  if (!run) return html`<${Loading} what="run" />`;

  const changed = (next: RunDetail) => {
    detail.set(next);
    notifyInboxChanged();
  };
  const openFile = (path: string) => {
    setOpenPath(path);
    setFilesOpen(true);
    if (tab !== 'current') navigate(`/runs/${run.id}`, { replace: true });
    window.setTimeout(() => document.getElementById('workspace-files')?.scrollIntoView({ block: 'start', behavior: 'smooth' }), 50);
  };
  const filesToggle = html`<button type="button" class=${filesOpen ? 'btn active' : 'btn'} aria-expanded=${filesOpen ? 'true' : 'false'} aria-controls="workspace-files"
    onClick=${() => setFilesOpen((o) => !o)}>▤ workspace files</button>`;

  return html`
    <${RunHeader} run=${run} onChanged=${changed} />
    <${Banner} run=${run} />
    <${Tabs} tabs=${TABS} selected=${tab} label="Run" extra=${tab === 'current' ? filesToggle : null}
      onSelect=${(id: string) => navigate(id === 'past' ? `/runs/${run.id}?tab=past` : `/runs/${run.id}`, { replace: true })} />
    <${TabPanel} id=${tab}>
      ${tab === 'current'
        ? html`${filesOpen && html`<${WorkspacePanel} runId=${run.id} version=${filesVersion} open=${openPath} />`}
            <div class="run-layout">
              <${RunSide} run=${run} />
              <div class="run-main"><${EventStream} run=${run} stream=${stream} onAnswered=${changed} onOpenFile=${openFile} /></div>
            </div>`
        : html`<${PastJobs} run=${run} />`}
    <//>
  `;
}
