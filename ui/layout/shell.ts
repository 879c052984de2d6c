// The frame around every signed-in screen: top bar 48 px, sidebar 224 px, main padded 24 px,
// status bar 24 px (ui.md "Layout"). Below 760 px (ui/styles/phone.css) the sidebar is a drawer
// the top bar's menu button opens; it closes on navigation, on Escape and on a tap outside it.
import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from '../html';
import type { User } from '../api/types';
import { Sidebar } from './sidebar';
import { StatusBar } from './status-bar';
import { TopBar } from './top-bar';

export function Shell(props: { user: User; path: string; children?: unknown }) {
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);
  const [navOpen, setNavOpen] = useState(false);
  useEffect(() => setNavOpen(false), [props.path]);
  useEffect(() => {
    if (!navOpen) return;
    const onKey = (event: KeyboardEvent) => event.key === 'Escape' && setNavOpen(false);
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [navOpen]);
  // After an in-app navigation, move focus to the new screen so keyboard and screen-reader
  // users start there rather than on the link they left.
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    main.current?.focus({ preventScroll: true });
    main.current?.scrollTo({ top: 0 });
  }, [props.path]);
  return html`<div class=${navOpen ? 'shell nav-open' : 'shell'}>
    <a class="skip-link" href="#main">skip to content</a>
    <${TopBar} user=${props.user} navOpen=${navOpen} onToggleNav=${() => setNavOpen(!navOpen)} />
    <${Sidebar} role=${props.user.role} />
    ${navOpen && html`<div class="nav-scrim" aria-hidden="true" onClick=${() => setNavOpen(false)}></div>`}
    <main id="main" class="main" tabindex="0" ref=${main}>${props.children}</main>
    <${StatusBar} user=${props.user} />
  </div>`;
}
