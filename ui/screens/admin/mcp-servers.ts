// MCP servers (issue 17, admin only): register a server whose tools a Playbook may call as
// mcp.<server>.<tool>, see each tool's risk class and raise it, remove a server. The API refuses a
// class below the floor, so the class picker offers only what GET /mcp-servers says is allowed.
import { useState } from 'preact/hooks';
import { html } from '../../html';
import { adminApi } from '../../api/admin';
import type { McpServer, McpServerRegistration, RiskClass } from '../../api/types';
import { useAsync } from '../../lib/use-async';
import { useSubmit } from '../../lib/use-submit';
import { ago, dateTime } from '../../lib/format';
import { ErrorNotice, Loading } from '../../components/notice';
import { PageHeader } from '../../components/page-header';
import { Section } from '../../components/section';
import { ConfirmButton } from '../../components/confirm-button';
import { FieldError, issueFor } from './issue-for';

/** The registration as it stands, so changing one tool's class re-registers with everything else kept. */
function registrationOf(server: McpServer): McpServerRegistration {
  return { name: server.name, url: server.url, tool_risk: server.tool_risk, ...(server.auth_header ? { auth_header: server.auth_header } : {}) };
}

function RegisterForm(props: { onRegistered: () => void }) {
  const empty = { name: '', url: '', auth: '' };
  const [form, setForm] = useState(empty);
  const { busy, error, run } = useSubmit();
  const set = (key: keyof typeof form) => (e: Event) => setForm({ ...form, [key]: (e.target as HTMLInputElement).value });

  const submit = (e: Event) => {
    e.preventDefault();
    const auth = form.auth.trim();
    return run(async () => {
      await adminApi.registerMcpServer({ name: form.name.trim(), url: form.url.trim(), tool_risk: {}, ...(auth ? { auth_header: { name: 'authorization', value: auth } } : {}) });
      setForm(empty);
      props.onRegistered();
    });
  };

  const nameError = issueFor(error, 'name');
  const urlError = issueFor(error, 'url');
  const authError = issueFor(error, 'auth_header');
  return html`<form class="card admin-form" aria-label="Register an MCP server" onSubmit=${submit}>
    <label class="field"><span class="field-label">name <span class="muted small">${'tools become mcp.<name>.<tool>'}</span></span>
      <input class="input" name="mcp-name" required maxlength="40" placeholder="notion" value=${form.name} onInput=${set('name')} aria-invalid=${nameError ? 'true' : undefined} />
      <${FieldError} message=${nameError} id="mcp-name-error" />
    </label>
    <label class="field"><span class="field-label">endpoint <span class="muted small">Streamable HTTP</span></span>
      <input class="input" name="mcp-url" required placeholder="https://mcp.example.com/mcp" value=${form.url} onInput=${set('url')} aria-invalid=${urlError ? 'true' : undefined} />
      <${FieldError} message=${urlError} id="mcp-url-error" />
    </label>
    <label class="field"><span class="field-label">authorization <span class="muted small">optional, a vault reference</span></span>
      <input class="input" name="mcp-auth" placeholder=${'Bearer {{vault:notion_token}}'} value=${form.auth} onInput=${set('auth')} aria-invalid=${authError ? 'true' : undefined} />
      <${FieldError} message=${authError} id="mcp-auth-error" />
    </label>
    <div class="form-actions"><button type="submit" class="btn btn-green" disabled=${busy}>${busy ? 'registering…' : '+ register server'}</button></div>
    ${error && !nameError && !urlError && !authError && html`<${ErrorNotice} error=${error} title="Server not registered" />`}
  </form>`;
}

function ToolRisk(props: { server: McpServer; tool: McpServer['tools'][number]; risks: RiskClass[]; onChanged: () => void }) {
  const { server, tool } = props;
  const { busy, error, run } = useSubmit();
  const change = (e: Event) => {
    const risk = (e.target as HTMLSelectElement).value as RiskClass;
    const registration = registrationOf(server);
    return run(async () => {
      await adminApi.registerMcpServer({ ...registration, tool_risk: { ...registration.tool_risk, [tool.name]: risk } });
      props.onChanged();
    });
  };
  return html`<select class="input input-sm" aria-label=${`risk class of ${tool.id}`} value=${tool.risk} disabled=${busy} onChange=${change}>
      ${props.risks.map((r) => html`<option value=${r}>${r}</option>`)}
    </select>
    ${error && html`<${ErrorNotice} error=${error} title="Class not changed" />`}`;
}

function ServerCard(props: { server: McpServer; risks: RiskClass[]; onChanged: () => void }) {
  const s = props.server;
  return html`<article class="card" aria-label=${`MCP server ${s.name}`}>
    <div class="card-top">
      <h3 class="card-title"><code>${s.name}</code></h3>
      <${ConfirmButton} inRow verb="remove" busy="removing…" failed="Could not remove" what=${`MCP server ${s.name} and its tools`}
        action=${async () => {
          await adminApi.removeMcpServer(s.name);
          props.onChanged();
        }} />
    </div>
    <p class="card-desc small"><code>${s.url}</code> · registered by ${s.registered_by} <time datetime=${s.registered_at} title=${dateTime(s.registered_at)}>${ago(s.registered_at)}</time>
      ${s.auth_header ? html` · sends <code>${s.auth_header.name}</code>` : ''}</p>
    ${s.tools.length === 0
      ? html`<p class="muted small">The server listed no tools.</p>`
      : html`<div class="table-wrap"><table class="table" aria-label=${`Tools of ${s.name}`}>
          <thead><tr><th scope="col">tool</th><th scope="col">description</th><th scope="col">risk class</th></tr></thead>
          <tbody>${s.tools.map((t) => html`<tr key=${t.id}>
            <td><code>${t.id}</code></td>
            <td class="small">${t.description || html`<span class="muted">—</span>`}</td>
            <td><${ToolRisk} server=${s} tool=${t} risks=${props.risks} onChanged=${props.onChanged} /></td>
          </tr>`)}</tbody>
        </table></div>`}
  </article>`;
}

export function AdminMcpServers() {
  const servers = useAsync(() => adminApi.mcpServers(), []);
  return html`
    <${PageHeader} title="MCP servers" eyebrow="admin"
      meta=${html`Tools served by other MCP servers, governed like any tool: allowed per step, classed at least <code>external_send</code> (a person approves each call), audited, their output untrusted.`} />
    <${Section} label="register a server">
      <${RegisterForm} onRegistered=${servers.reload} />
    <//>
    <${Section} label="servers">
      ${servers.error && html`<${ErrorNotice} error=${servers.error} title="Could not load MCP servers" />`}
      ${!servers.data && !servers.error && html`<${Loading} what="MCP servers" />`}
      ${servers.data &&
      (servers.data.servers.length === 0
        ? html`<p class="muted">No MCP servers registered.</p>`
        : servers.data.servers.map((s) => html`<${ServerCard} key=${s.name} server=${s} risks=${servers.data!.tool_risks} onChanged=${servers.reload} />`))}
    <//>
  `;
}
