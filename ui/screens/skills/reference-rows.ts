// The optional references of an upload: a file name and its Markdown, one row each.
import { html } from '../../html';

export type ReferenceRow = { key: number; name: string; text: string };

export function ReferenceRows(props: { rows: ReferenceRow[]; onChange: (rows: ReferenceRow[]) => void }) {
  const set = (key: number, patch: Partial<ReferenceRow>) => props.onChange(props.rows.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  const add = () => props.onChange([...props.rows, { key: Date.now(), name: '', text: '' }]);
  return html`<fieldset class="reference-rows">
    <legend class="label">references · ${props.rows.length}</legend>
    <p class="muted small">Markdown files a run loads only when a step asks for them (<code>skill.load_reference</code>). No code: scripts ship only with built-in skills.</p>
    ${props.rows.map(
      (row, i) => html`<div class="reference-row" key=${row.key}>
        <div class="field">
          <label class="label" for=${`ref-name-${row.key}`}>reference ${i + 1} name</label>
          <input id=${`ref-name-${row.key}`} class="input" value=${row.name} placeholder="checks.md" autocomplete="off"
            onInput=${(e: Event) => set(row.key, { name: (e.currentTarget as HTMLInputElement).value })} />
        </div>
        <div class="field">
          <label class="label" for=${`ref-text-${row.key}`}>reference ${i + 1} text</label>
          <textarea id=${`ref-text-${row.key}`} class="input textarea" rows="5" spellcheck=${false} value=${row.text}
            onInput=${(e: Event) => set(row.key, { text: (e.currentTarget as HTMLTextAreaElement).value })}></textarea>
        </div>
        <button type="button" class="btn btn-quiet" aria-label=${`remove reference ${i + 1}`}
          onClick=${() => props.onChange(props.rows.filter((r) => r.key !== row.key))}>✕ remove</button>
      </div>`,
    )}
    <div><button type="button" class="btn" onClick=${add}>+ add reference</button></div>
  </fieldset>`;
}
