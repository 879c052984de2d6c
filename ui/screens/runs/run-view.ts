// Run view (ui.md screen 4): header and controls, the untrusted data the run has taken in, approval
// banners (and the approval modal when ?approval= names one), a retry's or fork's origin, then tabs —
// the current job (SOP, live event stream with inline questions, workspace files) and the Playbook's
// past jobs.
import { useEffect, useState } from 'preact/hooks';
import { html } from '../../html';
import { api } from '../../api/endpoints';
import type { Approval, RunDetail, RunEvent, User } from '../../api/types';
import { Link, navigate } from '../../lib/router';
import { liveBudget } from '../../lib/live-budget';
import { liveStatus } from '../../lib/live-status';
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
import { ResultsPanel } from './workspace/results';
import { showsResults } from './workspace/results-model';
import { notifyInboxChanged } from '../../lib/inbox-signal';
import { ApprovalModal } from '../approvals/approval-modal';
import { PendingApprovalBanner, UndoBanners } from '../approvals/banners';
import { OriginBanner } from './origin-banner';
import { RunBanner } from './run-banner';
import { UntrustedNotice } from './untrusted-notice';

/** The run's URL with query parameters changed (the tab, the open approval and the open file live there). */
function runUrl(id: string, query: URLSearchParams, key: string, value: string | null, more: Record<string, string | null> = {}): string {
  const next = new URLSearchParams(query);
  for (const [k, v] of Object.entries({ [key]: value, ...more })) {
    if (v === null) next.delete(k);
    else next.set(k, v);
  }
  const qs = next.toString();
  return `/runs/${id}${qs ? `?${qs}` : ''}`;
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

export function RunView(props: { id: string; query: URLSearchParams; user: User }) {
  const detail = useRunDetail(props.id);
  const [filesVersion, setFilesVersion] = useState(0);
  // ?file=<path> (the link a run sends out, e.g. to its workbook) opens that file: in the results
  // when it is one of them, else in the workspace files. Choosing a file puts it in the URL.
  const file = props.query.get('file');
  const [filesOpen, setFilesOpen] = useState(false);
  const resultsShown = detail.run ? showsResults(detail.run.status) : undefined;
  useEffect(() => {
    if (file !== null && resultsShown === false) setFilesOpen(true);
  }, [file, resultsShown]);
  const stream = useRunStream(props.id, (events: RunEvent[]) => {
    detail.refresh();
    if (events.some((e) => e.type === 'artifact' || e.type === 'sandbox_send')) setFilesVersion((v) => v + 1);
    // Questions and approvals open and close inbox items; a commit closes one with only a status change to show for it.
    if (events.some((e) => e.type.startsWith('question_') || e.type.startsWith('approval_') || e.type === 'status')) notifyInboxChanged();
  });
  const tab = props.query.get('tab') === 'past' ? 'past' : 'current';
  const run = detail.run;

  if (detail.error && !run) return html`<${ErrorNotice} error=${detail.error} title="Could not load the run" />`;
  if (!run) return html`<${Loading} what="run" />`;

  const changed = (next: RunDetail) => {
    detail.set(next);
    notifyInboxChanged();
  };
  const openApproval = (id: string) => navigate(runUrl(run.id, props.query, 'approval', id), { replace: true });
  const closeApproval = () => navigate(runUrl(run.id, props.query, 'approval', null), { replace: true });
  /** A decision's answer replaces that approval at once (the undo banner needs no round trip); the run is re-read. */
  const approvalChanged = (next: Approval) => {
    detail.set({ ...run, approvals: run.approvals.map((a) => (a.id === next.id ? next : a)) });
    detail.refresh();
    notifyInboxChanged();
  };
  const openId = props.query.get('approval');
  const open = openId ? run.approvals.find((a) => a.id === openId) : undefined;
  // Status and budget follow the stream between reads, so the header never lags what the stream says.
  // The step list keeps the read: its steps and the run's status must come from the same moment.
  const shown = { ...run, ...liveStatus(run, stream.events), budget: liveBudget(run.budget, stream.events) };
  const selectFile = (path: string) => navigate(runUrl(run.id, props.query, 'file', path), { replace: true });
  const toWorkspace = () => window.setTimeout(() => document.getElementById('workspace-files')?.scrollIntoView({ block: 'start', behavior: 'smooth' }), 50);
  const openFile = (path: string) => {
    setFilesOpen(true);
    navigate(runUrl(run.id, props.query, 'file', path, { tab: null }), { replace: true });
    toWorkspace();
  };
  /** A result chosen while the workspace files are open shows there. */
  const selectResult = (path: string) => {
    selectFile(path);
    if (filesOpen && tab === 'current') toWorkspace();
  };
  const filesToggle = html`<button type="button" class=${filesOpen ? 'btn active' : 'btn'} aria-expanded=${filesOpen ? 'true' : 'false'} aria-controls="workspace-files"
    onClick=${() => setFilesOpen((o) => !o)}>▤ workspace files</button>`;
  const extra = html`<div class="row gap-s">
    <${Link} class="btn" href=${`/runs/${run.id}/audit`}>≡ audit log<//>
    ${tab === 'current' && filesToggle}
  </div>`;

  return html`
    <${RunHeader} run=${shown} onChanged=${changed} />
    <${UntrustedNotice} sources=${run.untrusted_sources} />
    <${PendingApprovalBanner} approvals=${run.approvals} onOpen=${openApproval} />
    <${UndoBanners} approvals=${run.approvals} onChanged=${approvalChanged} />
    <${OriginBanner} run=${run} onOpenApproval=${openApproval} />
    <${RunBanner} run=${shown} />
    ${showsResults(shown.status) &&
    html`<${ResultsPanel} run=${run} version=${filesVersion} file=${file} preview=${!(filesOpen && tab === 'current')} onSelect=${selectResult}
      onOther=${() => setFilesOpen(true)} />`}
    <${Tabs} tabs=${TABS} selected=${tab} label="Run" extra=${extra}
      onSelect=${(id: string) => navigate(runUrl(run.id, props.query, 'tab', id === 'past' ? 'past' : null), { replace: true })} />
    <${TabPanel} id=${tab}>
      ${tab === 'current'
        ? html`${filesOpen && html`<${WorkspacePanel} runId=${run.id} version=${filesVersion} open=${file} onSelect=${selectFile} />`}
            <div class="run-layout">
              <${RunSide} run=${run} />
              <div class="run-main"><${EventStream} run=${run} stream=${stream} onAnswered=${changed} onOpenFile=${openFile} onOpenApproval=${openApproval} /></div>
            </div>`
        : html`<${PastJobs} run=${run} />`}
    <//>
    ${open &&
    html`<${ApprovalModal} key=${open.id} approval=${open} run=${run} user=${props.user} onClose=${closeApproval} onRefused=${detail.refresh} onUndone=${approvalChanged}
      onDecided=${(next: Approval) => {
        approvalChanged(next);
        closeApproval();
      }} />`}
    ${openId && !open && html`<p class="notice notice-amber" role="status">Approval ${openId} is not part of this run.</p>`}
  `;
}
