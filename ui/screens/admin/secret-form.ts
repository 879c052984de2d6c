// The vault's store form (name and value): shared by the generic "add or replace" card and the
// Slack and Keboola setup cards, which fix the name.
import { useState } from 'preact/hooks';
import { useSubmit } from '../../lib/use-submit';
import { html } from '../../html';
import { adminApi } from '../../api/admin';
import type { VaultEntry } from '../../api/types';
import { ErrorNotice } from '../../components/notice';
import { issueFor } from './issue-for';

/** Name and value; the value field is a password input and is emptied once the API has it. */
export function SecretForm(props: { name?: string; label: string; onStored: (entry: VaultEntry) => void; placeholder?: string }) {
  const [name, setName] = useState(props.name ?? '');
  const [value, setValue] = useState('');
  const { busy, error, run } = useSubmit();
  const [stored, setStored] = useState<string | null>(null);

  const submit = (e: Event) => {
    e.preventDefault();
    setStored(null);
    return run(async () => {
      const entry = await adminApi.putSecret(name.trim(), value);
      setValue('');
      if (!props.name) setName('');
      setStored(entry.name);
      props.onStored(entry);
    });
  };

  const nameError = issueFor(error, 'name');
  const valueError = issueFor(error, 'value');
  return html`<form class="admin-inline-form" aria-label=${props.label} onSubmit=${submit}>
    ${props.name
      ? html`<input type="hidden" name="name" value=${props.name} />`
      : html`<label class="field"><span class="field-label">name</span>
          <input class="input" name="name" required maxlength="64" placeholder="crm_api_key" autocomplete="off" value=${name}
            onInput=${(e: Event) => setName((e.target as HTMLInputElement).value)} />
          ${nameError && html`<span class="field-error">${nameError}</span>`}
        </label>`}
    <label class="field admin-grow"><span class="field-label">value</span>
      <input class="input" type="password" name="value" required autocomplete="new-password" spellcheck="false"
        placeholder=${props.placeholder ?? 'the secret'} value=${value} onInput=${(e: Event) => setValue((e.target as HTMLInputElement).value)} />
      ${valueError && html`<span class="field-error">${valueError}</span>`}
    </label>
    <div class="form-actions"><button type="submit" class="btn btn-green" disabled=${busy}>${busy ? 'storing…' : '⇪ store'}</button></div>
    ${stored && html`<span class="muted small admin-wide" role="status">✓ stored ${stored}; the value is not shown again.</span>`}
    ${error && !nameError && !valueError && html`<div class="admin-wide"><${ErrorNotice} error=${error} title="Not stored" /></div>`}
  </form>`;
}
