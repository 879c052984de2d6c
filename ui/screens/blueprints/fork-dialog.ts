// "use this blueprint": a small dialog asks what to call the new Playbook (prefilled with the
// blueprint's name), then forks it and opens the Playbook. An empty name stays on the form.
import { useState } from 'preact/hooks';
import { html } from '../../html';
import { api } from '../../api/endpoints';
import type { BlueprintDetail } from '../../api/types';
import { navigate } from '../../lib/router';
import { Modal } from '../../components/modal';
import { ErrorNotice } from '../../components/notice';

export function ForkDialog(props: { blueprint: BlueprintDetail; onClose: () => void }) {
  const [name, setName] = useState(props.blueprint.playbook_template.name);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [missing, setMissing] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    const chosen = name.trim();
    setMissing(chosen === '');
    if (chosen === '') return;
    setBusy(true);
    setError(null);
    try {
      const playbook = await api.forkBlueprint(props.blueprint.id, chosen);
      navigate(`/playbooks/${playbook.id}`);
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };
  return html`<${Modal} labelledBy="fork-title" describedBy="fork-what" class="fork-modal" onClose=${props.onClose}>
    <form class="modal-frame" onSubmit=${submit} noValidate>
      <header class="modal-head">
        <h2 class="modal-title" id="fork-title">Use this blueprint</h2>
        <p class="small" id="fork-what">A new Playbook you own, from <strong>${props.blueprint.name}</strong>. What should it be called?</p>
      </header>
      <div class="modal-body">
        ${error && html`<${ErrorNotice} error=${error} title="Could not fork" />`}
        <div class="field">
          <label class="field-label" for="fork-name">name</label>
          <input id="fork-name" name="name" class="input" maxLength=${120} value=${name} aria-invalid=${missing ? 'true' : undefined}
            aria-describedby=${missing ? 'fork-name-error' : undefined} onInput=${(e: Event) => setName((e.target as HTMLInputElement).value)} />
          ${missing && html`<span class="field-error" id="fork-name-error">Give the Playbook a name.</span>`}
        </div>
      </div>
      <footer class="modal-foot">
        <div class="row gap-s modal-actions">
          <button type="button" class="btn" onClick=${props.onClose}>cancel</button>
          <span class="spacer"></span>
          <button type="submit" class="btn btn-green" disabled=${busy}>${busy ? 'forking…' : '+ create Playbook'}</button>
        </div>
      </footer>
    </form>
  <//>`;
}
