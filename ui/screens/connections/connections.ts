// Connections (ui.md screen 6): Keboola built-ins, connections discovered from the Keboola project
// and direct API connections; search (the API's ?q=), counts by auth state and by risk, and a
// rediscover button that re-reads the project's components.
import { useEffect, useState } from 'preact/hooks';
import { html } from '../../html';
import { api } from '../../api/endpoints';
import type { Connection, ConnectionList } from '../../api/types';
import { useAsync } from '../../lib/use-async';
import { RISKS, words } from '../../lib/risk';
import { ErrorNotice, Loading } from '../../components/notice';
import { PageHeader } from '../../components/page-header';
import { Section } from '../../components/section';
import { AUTH_STATES, ConnectionCard, type AuthState } from './connection-card';
import { DiscoveryLine, RediscoverButton } from './discovery';

const GROUPS = [
  { key: 'builtins', label: 'keboola built-ins', help: 'Always available: Storage, SQL in a workspace and jobs.' },
  { key: 'discovered', label: 'from your keboola project', help: 'Auto-discovered from the configured extractors and writers.' },
  { key: 'direct', label: 'direct api connections', help: 'Called directly, with credentials from the vault.' },
] as const;

/** Waits until typing pauses before the value changes (one search request per pause). */
function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = window.setTimeout(() => setSettled(value), ms);
    return () => window.clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

function allOf(list: ConnectionList): Connection[] {
  return [...list.builtins, ...list.discovered, ...list.direct];
}

function Counts(props: { all: Connection[]; risks: ReadonlyMap<string, string>; state: AuthState | null; onState: (s: AuthState | null) => void }) {
  const byState = new Map(AUTH_STATES.map((s) => [s, props.all.filter((c) => c.auth_state === s).length]));
  const tools = new Set(props.all.flatMap((c) => c.tools));
  const byRisk = RISKS.map((r) => [r, [...tools].filter((t) => props.risks.get(t) === r).length] as const).filter(([, n]) => n > 0);
  return html`<div class="conn-counts">
    <div class="chip-row" role="group" aria-label="Auth state">
      <button type="button" class="chip" aria-pressed=${props.state === null} onClick=${() => props.onState(null)}>all · ${props.all.length}</button>
      ${AUTH_STATES.map((s) => html`<button type="button" class="chip" aria-pressed=${props.state === s} disabled=${byState.get(s) === 0 && props.state !== s}
        onClick=${() => props.onState(props.state === s ? null : s)}>${words(s)} · ${byState.get(s)}</button>`)}
    </div>
    <p class="muted small" aria-label="Tools by risk">
      ${tools.size} ${tools.size === 1 ? 'tool' : 'tools'}${byRisk.length > 0 ? ': ' : ''}${byRisk.map(([r, n]) => `${words(r)} ${n}`).join(' · ')}
    </p>
  </div>`;
}

export function Connections() {
  const [q, setQ] = useState('');
  const [state, setState] = useState<AuthState | null>(null);
  const query = useDebounced(q.trim(), 250);
  const list = useAsync(() => api.connections(query || undefined), [query]);
  const tools = useAsync(() => api.tools(), []);
  const risks = new Map((tools.data ?? []).map((t) => [t.id, t.risk as string]));
  const data = list.data;

  return html`
    <${PageHeader} title="Connections" eyebrow="resources"
      meta=${data ? html`<${DiscoveryLine} discovery=${data.discovery} />` : 'The systems Playbooks can reach, and whether they are set up.'}
      actions=${html`<${RediscoverButton} onDone=${() => list.reload()} />`} />
    <div class="toolbar">
      ${data ? html`<${Counts} all=${allOf(data)} risks=${risks} state=${state} onState=${setState} />` : html`<span></span>`}
      <div class="search">
        <label class="label" for="connection-search">search connections</label>
        <input id="connection-search" class="input" type="search" placeholder="name, system, component id" value=${q} autocomplete="off"
          onInput=${(e: Event) => setQ((e.currentTarget as HTMLInputElement).value)} />
      </div>
    </div>
    ${data?.discovery.error && html`<${ErrorNotice} error=${data.discovery.error} title="Discovery found nothing" />`}
    ${list.error && html`<${ErrorNotice} error=${list.error} title="Could not load connections" />`}
    ${!data && !list.error && html`<${Loading} what="connections" />`}
    ${data &&
    GROUPS.map(({ key, label, help }) => {
      const shown = data[key].filter((c) => state === null || c.auth_state === state);
      return html`<${Section} key=${key} label=${`${label} · ${shown.length}`} id=${`conn-${key}`}>
        <p class="muted small">${help}</p>
        ${shown.length > 0
          ? html`<ul class="grid" aria-label=${label} aria-busy=${list.loading ? 'true' : 'false'}>
              ${shown.map((c) => html`<${ConnectionCard} key=${c.id} connection=${c} risks=${risks} />`)}
            </ul>`
          : html`<p class="muted small">${q || state ? 'No connection here matches.' : key === 'discovered' ? 'Nothing discovered: the project has no configured extractors or writers.' : 'None.'}</p>`}
      <//>`;
    })}
  `;
}
