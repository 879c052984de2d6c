// A run's audit log (ui.md screen 9): the server's chain verification — green "chain verified (N
// entries)" or red "broken at entry K: reason" — re-checked in the browser, every entry, and the
// JSONL export.
import { useEffect, useState } from 'preact/hooks';
import { html } from '../../html';
import { api } from '../../api/endpoints';
import type { AuditEntry, AuditVerification } from '../../api/types';
import { verifyChain, type ChainCheck } from '../../lib/audit-chain';
import { shortHash } from '../../lib/body-hash';
import { Link } from '../../lib/router';
import { useAsync } from '../../lib/use-async';
import { ErrorNotice, Loading } from '../../components/notice';
import { PageHeader } from '../../components/page-header';
import { saveBlob } from '../runs/workspace/download';

function Verification(props: { v: AuditVerification }) {
  const { v } = props;
  if (v.ok) {
    return html`<div class="verdict verdict-ok" role="status" aria-label="chain verification">
      <strong>✓ chain verified (${v.entries} ${v.entries === 1 ? 'entry' : 'entries'})</strong>
      <span class="muted small">head ${shortHash(v.head)}</span>
    </div>`;
  }
  return html`<div class="verdict verdict-bad" role="alert" aria-label="chain verification">
    <strong>✕ broken at entry ${v.first_bad_seq}: ${v.reason}</strong>
    <span class="small">${v.entries} entries read</span>
  </div>`;
}

function BrowserCheck(props: { entries: readonly AuditEntry[] }) {
  const [check, setCheck] = useState<ChainCheck | null>(null);
  useEffect(() => {
    let live = true;
    verifyChain(props.entries).then((c) => live && setCheck(c));
    return () => {
      live = false;
    };
  }, [props.entries]);
  if (!check) return html`<span class="muted small">re-checking in this browser…</span>`;
  if (check.ok === null) return html`<span class="muted small">not re-checked here: ${check.reason}</span>`;
  return check.ok
    ? html`<span class="small hash-ok">✓ re-computed in this browser: every hash links</span>`
    : html`<span class="small hash-bad">✕ this browser finds entry ${check.first_bad_seq} broken: ${check.reason}</span>`;
}

function Data(props: { data: Record<string, unknown> }) {
  const compact = JSON.stringify(props.data);
  if (compact.length <= 120) return html`<code class="audit-data">${compact}</code>`;
  return html`<details class="audit-details"><summary><code class="audit-data">${compact.slice(0, 117)}…</code></summary>
    <pre class="code code-s" tabindex="0">${JSON.stringify(props.data, null, 2)}</pre></details>`;
}

export function AuditLog(props: { id: string }) {
  const data = useAsync(() => Promise.all([api.audit(props.id), api.run(props.id)]), [props.id]);
  const [report, run] = data.data ?? [];
  const [downloadError, setDownloadError] = useState<unknown>(null);
  const download = async () => {
    setDownloadError(null);
    try {
      saveBlob(await api.auditJsonl(props.id), `audit-${props.id}.jsonl`);
    } catch (e) {
      setDownloadError(e);
    }
  };
  const eyebrow = html`<${Link} href="/tools?tab=audit">tools & policies<//> / ${run ? html`<${Link} href=${`/runs/${run.id}`}>${run.playbook_name} · Job #${run.number}<//>` : props.id}`;

  return html`
    <${PageHeader} title="Audit Log" eyebrow=${eyebrow}
      meta="Every tool call's intent, policy decision, approval and result, hash-chained: editing, deleting or reordering an entry breaks the chain there."
      actions=${html`<button type="button" class="btn" onClick=${download} disabled=${!report}>⇣ download jsonl</button>
        ${run && html`<${Link} class="btn" href=${`/runs/${run.id}`}>← back to the run<//>`}`} />
    ${downloadError !== null && html`<${ErrorNotice} error=${downloadError} title="Download failed" />`}
    ${data.error && html`<${ErrorNotice} error=${data.error} title="Could not load the audit log" />`}
    ${!report && !data.error && html`<${Loading} what="audit log" />`}
    ${report &&
    html`<div class="verdict-row"><${Verification} v=${report.verification} /><${BrowserCheck} entries=${report.entries} /></div>
      <div class="table-wrap audit-wrap" tabindex="0" role="region" aria-label="Audit entries (scrollable)">
        <table class="table audit-table" aria-label="Audit entries">
          <thead><tr><th scope="col" class="num">#</th><th scope="col">at</th><th scope="col">kind</th><th scope="col">call</th><th scope="col">data</th><th scope="col">hash</th></tr></thead>
          <tbody>
            ${report.entries.map(
              (e) => html`<tr key=${e.seq} class=${!report.verification.ok && e.seq === report.verification.first_bad_seq ? 'row-invalid' : undefined}>
                <td class="num">${e.seq}</td>
                <td><time datetime=${e.at} title=${e.at}>${new Date(e.at).toLocaleTimeString('en-GB', { hour12: false })}</time></td>
                <td><code>${e.kind}</code></td>
                <td class="muted small">${e.call_id ?? '—'}</td>
                <td class="audit-data-cell"><${Data} data=${e.data} /></td>
                <td><code class="small" title=${`hash ${e.hash}\nprevious ${e.prev_hash}`}>${shortHash(e.hash)}</code></td>
              </tr>`,
            )}
          </tbody>
        </table>
      </div>
      ${report.entries.length === 0 && html`<p class="muted small">No tool calls yet.</p>`}`}
  `;
}
