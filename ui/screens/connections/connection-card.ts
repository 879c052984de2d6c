// One connection (ui.md screen 6): system, auth state, the backing Keboola component and writer,
// and the tools it exposes with their risk classes.
import { html } from '../../html';
import type { Connection } from '../../api/types';
import type { Tone } from '../../lib/format';
import { riskTone, words } from '../../lib/risk';
import { Pill } from '../../components/pill';

export const AUTH_STATES = ['available', 'needs_setup', 'unavailable'] as const;
export type AuthState = (typeof AUTH_STATES)[number];

const AUTH_TONE: Record<AuthState, Tone> = { available: 'green', needs_setup: 'amber', unavailable: 'red' };

export function AuthPill(props: { state: AuthState }) {
  return html`<span class="status"><span class=${`dot dot-${AUTH_TONE[props.state]}`} aria-hidden="true"></span>${words(props.state)}</span>`;
}

/** What a direct connection does while it has no credentials (Slack writes to outbox/). */
function SetupNote(props: { connection: Connection }) {
  const c = props.connection;
  if (c.kind !== 'direct' || c.auth_state === 'available') return null;
  return html`<p class="notice notice-amber small" role="note">
    <strong>sandbox mode</strong>
    <span>Until it is set up, nothing reaches ${c.system}: sends are written to the run's <code>outbox/</code>.</span>
  </p>`;
}

export function ConnectionCard(props: { connection: Connection; risks: ReadonlyMap<string, string> }) {
  const c = props.connection;
  return html`<li class="card card-stack connection" aria-label=${`${c.name} connection`}>
    <div class="card-top"><span class="id-chip">${c.id}</span><${AuthPill} state=${c.auth_state} /></div>
    <h3 class="card-title">${c.name}</h3>
    ${c.description && html`<p class="card-desc">${c.description}</p>`}
    <${SetupNote} connection=${c} />
    <dl class="card-facts">
      <div><dt>system</dt><dd>${c.system}</dd></div>
      ${c.component_id && html`<div><dt>component</dt><dd><code>${c.component_id}</code></dd></div>`}
      ${c.kind === 'keboola_component' &&
      html`<div><dt>writer</dt><dd>${c.writer_component_id ? html`<code>${c.writer_component_id}</code>` : html`<span class="muted">none configured</span>`}</dd></div>`}
    </dl>
    <ul class="tool-list" aria-label=${`${c.name} tools`}>
      ${c.tools.map((tool) => {
        const risk = props.risks.get(tool);
        return html`<li><code>${tool}</code>${risk && html` <${Pill} tone=${riskTone(risk)}>${words(risk)}<//>`}</li>`;
      })}
    </ul>
  </li>`;
}
