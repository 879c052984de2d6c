// Version, auth mode and connection state (ui.md status bar). The connection state is GET /healthz,
// polled while the tab is visible.
import { useEffect, useState } from 'preact/hooks';
import { html } from '../html';
import { api } from '../api/endpoints';
import type { User } from '../api/types';
import { useAsync } from '../lib/use-async';

const POLL_MS = 15_000;

type Connection = 'checking' | 'connected' | 'offline';

function useConnection(): { state: Connection; authMode: string | undefined } {
  const [state, setState] = useState<Connection>('checking');
  const [authMode, setAuthMode] = useState<string | undefined>(undefined);
  useEffect(() => {
    let stopped = false;
    const check = () => {
      if (document.visibilityState === 'hidden') return;
      api.health().then(
        (h) => {
          if (stopped) return;
          setState(h.ok ? 'connected' : 'offline');
          if (h.auth_mode) setAuthMode(h.auth_mode);
        },
        () => !stopped && setState('offline'),
      );
    };
    check();
    const timer = window.setInterval(check, POLL_MS);
    window.addEventListener('online', check);
    window.addEventListener('offline', check);
    document.addEventListener('visibilitychange', check);
    return () => {
      stopped = true;
      window.clearInterval(timer);
      window.removeEventListener('online', check);
      window.removeEventListener('offline', check);
      document.removeEventListener('visibilitychange', check);
    };
  }, []);
  return { state, authMode };
}

const TONE: Record<Connection, string> = { checking: 'neutral', connected: 'green', offline: 'red' };

export function StatusBar(props: { user: User }) {
  const { state: connection, authMode } = useConnection();
  const apiInfo = useAsync(() => api.apiInfo(), []);
  return html`<footer class="statusbar">
    <span>agent studio v${__APP_VERSION__}</span>
    <span>api ${apiInfo.data?.version ?? '…'}</span>
    <span>auth ${authMode ?? 'bearer token'} · ${props.user.id} (${props.user.role})</span>
    <span class="spacer"></span>
    <span class="status" role="status" aria-label=${`connection ${connection}`}>
      <span class=${`dot dot-${TONE[connection]}`} aria-hidden="true"></span>${connection}
    </span>
  </footer>`;
}
