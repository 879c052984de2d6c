// A run form's input fields, in the order the Playbook declares them, each with its issue from a
// refused start (input-failure.ts), its picker and its note.
import { html } from '../../html';
import { InputField, type Draft } from './input-field';
import type { InputFailure } from './input-failure';
import type { InputDrafts } from './use-input-drafts';

export function InputFields(props: { form: InputDrafts; failure: InputFailure | null }) {
  const { form, failure } = props;
  if (form.specs.length === 0) return html`<p class="muted small">This Playbook declares no inputs.</p>`;
  return html`<div class="fields">
    ${form.specs.map((spec) => html`<${InputField} key=${spec.name} spec=${spec} value=${form.shown(spec)} fixed=${form.fixed(spec)}
      error=${failure?.fields[spec.name]} note=${form.notes[spec.name]} options=${form.options[spec.name]}
      onChange=${(v: Draft) => form.edit(spec.name, v)} />`)}
  </div>`;
}
