// Local Project: the built-in project Playbooks use when no Keboola token is configured. Lists its
// tables with each column's description (an upload's original header) and, for authors and
// admins, an upload box for the user's own CSV.
import { html } from '../../html';
import { localProject, type LocalTable } from '../../api/local-project';
import type { User } from '../../api/types';
import { canAuthor } from '../../lib/roles';
import { useAsync } from '../../lib/use-async';
import { ErrorNotice, Loading } from '../../components/notice';
import { PageHeader } from '../../components/page-header';
import { Section } from '../../components/section';
import { UploadBox } from './upload-box';

function TableRow(props: { table: LocalTable }) {
  const t = props.table;
  const described = t.column_descriptions ?? {};
  return html`<tr>
    <th scope="row"><code>${t.id}</code></th>
    <td class="num">${t.rows_count ?? '—'}</td>
    <td class="small">
      ${t.columns.map((c, i) => html`${i > 0 ? ', ' : ''}<code>${c}</code>${described[c] !== undefined && html` <span class="muted">(“${described[c]}”)</span>`}`)}
    </td>
  </tr>`;
}

export function LocalProjectScreen(props: { user: User }) {
  const project = useAsync(() => localProject.list(), []);
  const data = project.data;
  return html`
    <${PageHeader} title="Local Project" eyebrow="resources"
      meta="The built-in project: what Playbooks read and write when no Keboola token is configured. Load your own CSV tables into it." />
    ${data && !data.in_use && html`<div class="notice" role="status">A Keboola project is configured: Playbooks read its tables, not these.</div>`}
    ${canAuthor(props.user)
      ? html`<${Section} label="upload a csv"><${UploadBox} onUploaded=${() => project.reload()} /><//>`
      : html`<p class="muted small">Signed in as ${props.user.role}: authors and admins upload tables.</p>`}
    ${project.error && html`<${ErrorNotice} error=${project.error} title="Could not load the tables" />`}
    ${!data && !project.error && html`<${Loading} what="tables" />`}
    ${data?.broken.map((b) => html`<${ErrorNotice} key=${b.id} error=${b.problem} title=${`${b.id} could not be loaded`} />`)}
    ${data && html`<${Section} label=${`tables · ${data.tables.length}`}>
      <div class="table-wrap" tabindex="0" role="region" aria-label="Local tables (scrollable)"><table class="table" aria-label="Local tables">
        <thead><tr><th scope="col">table</th><th scope="col">rows</th><th scope="col">columns (original header)</th></tr></thead>
        <tbody>${data.tables.map((t) => html`<${TableRow} key=${t.id} table=${t} />`)}</tbody>
      </table></div>
    <//>`}
  `;
}
