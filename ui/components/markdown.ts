// Rendered, sanitised Markdown (sans-serif, per ui.md). The renderer is a lazily loaded chunk;
// until it arrives the text shows as plain pre-wrapped text.
import { useEffect, useState } from 'preact/hooks';
import { html } from '../html';

let renderer: Promise<(source: string) => string> | undefined;

function loadRenderer(): Promise<(source: string) => string> {
  renderer ??= import('../lib/markdown').then((m) => m.renderMarkdown);
  return renderer;
}

export function Markdown(props: { source: string; class?: string; label?: string }) {
  const [rendered, setRendered] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    setRendered(null);
    loadRenderer().then((render) => live && setRendered(render(props.source)));
    return () => {
      live = false;
    };
  }, [props.source]);
  const cls = `markdown ${props.class ?? ''}`;
  if (rendered === null) return html`<div class=${`${cls} plain`} aria-label=${props.label}>${props.source}</div>`;
  return html`<div class=${cls} aria-label=${props.label} dangerouslySetInnerHTML=${{ __html: rendered }}></div>`;
}
