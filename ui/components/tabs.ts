// ARIA tabs: one tab stop for the list, arrow keys move between tabs (and select them).
import { html } from '../html';

export type Tab = { id: string; label: string };

export function Tabs(props: { tabs: readonly Tab[]; selected: string; onSelect: (id: string) => void; label: string; extra?: unknown }) {
  const onKeyDown = (event: KeyboardEvent) => {
    const i = props.tabs.findIndex((t) => t.id === props.selected);
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (step === 0) return;
    event.preventDefault();
    const next = props.tabs[(i + step + props.tabs.length) % props.tabs.length]!;
    props.onSelect(next.id);
    (event.currentTarget as HTMLElement).querySelector<HTMLElement>(`#tab-${next.id}`)?.focus();
  };
  return html`<div class="tabs-row">
    <div class="tabs" role="tablist" aria-label=${props.label} onKeyDown=${onKeyDown}>
      ${props.tabs.map((t) => {
        const selected = t.id === props.selected;
        return html`<button type="button" role="tab" id=${`tab-${t.id}`} class="tab" aria-selected=${selected ? 'true' : 'false'}
          aria-controls=${`panel-${t.id}`} tabindex=${selected ? 0 : -1} onClick=${() => props.onSelect(t.id)}>${t.label}</button>`;
      })}
    </div>
    ${props.extra}
  </div>`;
}

export function TabPanel(props: { id: string; children?: unknown }) {
  return html`<div role="tabpanel" id=${`panel-${props.id}`} aria-labelledby=${`tab-${props.id}`} class="tab-panel">${props.children}</div>`;
}
