// When and from where the connections were last discovered, and the button that does it again.
import { useState } from 'preact/hooks';
import { html } from '../../html';
import { api } from '../../api/endpoints';
import type { ConnectionList } from '../../api/types';
import { ago, dateTime } from '../../lib/format';
import { ErrorNotice } from '../../components/notice';
import { Pill } from '../../components/pill';

const BACKENDS = { keboola: 'your Keboola project', sample: 'the built-in sample project (no Keboola token configured)' } as const;

export function DiscoveryLine(props: { discovery: ConnectionList['discovery'] }) {
  const d = props.discovery;
  return html`<span role="status" aria-label="Discovery">
    discovered <time datetime=${d.discovered_at} title=${dateTime(d.discovered_at)}>${ago(d.discovered_at)}</time> from ${BACKENDS[d.backend]}
    ${d.error && html` <${Pill} tone="red">failed<//>`}
  </span>`;
}

/** POST /tools/discover, then the caller reloads the list (which carries the new time and any error). */
export function RediscoverButton(props: { onDone: () => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.discover();
      props.onDone();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return html`<div class="rediscover">
    <button type="button" class="btn" onClick=${run} disabled=${busy} aria-busy=${busy ? 'true' : 'false'}>
      ${busy ? '… discovering' : '↻ rediscover'}
    </button>
    ${error && html`<${ErrorNotice} error=${error} title="Discovery failed" />`}
  </div>`;
}
