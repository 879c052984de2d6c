// "insert reference": a select of what the field may point at from here (inputs, earlier steps'
// outputs…, never a later step). Picking writes `${{ expression }}` into the field.
import { html } from '../../../html';
import type { ReferenceChoice } from './references';

export function ReferencePicker(props: { id: string; fieldLabel: string; choices: readonly ReferenceChoice[]; onPick: (expression: string) => void }) {
  if (props.choices.length === 0) return null;
  return html`<select id=${props.id} class="input input-xs se-ref-picker" aria-label=${`insert reference into ${props.fieldLabel}`}
    onChange=${(e: Event) => {
      const select = e.currentTarget as HTMLSelectElement;
      if (select.value) props.onPick(select.value);
      select.value = '';
    }}>
    <option value="">\${{ }} insert reference…</option>
    ${props.choices.map((c) => html`<option value=${c.expression}>${c.label} — ${c.expression}</option>`)}
  </select>`;
}
