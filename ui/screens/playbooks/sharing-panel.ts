// Who besides the owner may see and run the Playbook: users from GET /users and their groups
// as checkboxes, saved with PUT /playbooks/{id}/sharing (spec §8 view scoping). Only editors see
// it; an author's directory has no roles (least privilege), so a role is shown only when listed.
import { useEffect, useState } from 'preact/hooks';
import { html } from '../../html';
import { api } from '../../api/endpoints';
import type { PlaybookSummary } from '../../api/types';
import { useAsync } from '../../lib/use-async';
import { ErrorNotice, Loading } from '../../components/notice';
import { Section } from '../../components/section';
import { sharedWith } from './playbook-card';

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

function Checkbox(props: { value: string; label: string; hint?: string; checked: boolean; onToggle: (value: string) => void }) {
  const id = `share-${props.value.replace(/[^a-z0-9]+/gi, '-')}`;
  return html`<li class="check">
    <input type="checkbox" id=${id} checked=${props.checked} onChange=${() => props.onToggle(props.value)} />
    <label for=${id}>${props.label}${props.hint && html` <span class="muted small">${props.hint}</span>`}</label>
  </li>`;
}

export function SharingPanel(props: { playbook: PlaybookSummary; onSaved: (updated: PlaybookSummary) => void }) {
  const { playbook } = props;
  const users = useAsync(() => api.users(), []);
  const [selected, setSelected] = useState<string[]>(playbook.allowed_users);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => setSelected(playbook.allowed_users), [playbook.allowed_users.join('\n')]);

  const toggle = (value: string) => {
    setSaved(false);
    setSelected((s) => (s.includes(value) ? s.filter((v) => v !== value) : [...s, value]));
  };
  const save = async (event: Event) => {
    event.preventDefault();
    setSaving(true);
    setError(null);
    try {
      props.onSaved(await api.sharePlaybook(playbook.id, selected));
      setSaved(true);
    } catch (e) {
      setError(e);
    } finally {
      setSaving(false);
    }
  };

  const others = (users.data ?? []).filter((u) => u.id !== playbook.created_by);
  const groups = [...new Set([...(users.data ?? []).flatMap((u) => u.groups.map((g) => `group:${g}`)), ...selected.filter((s) => s.startsWith('group:'))])].sort();
  const dirty = !sameSet(selected, playbook.allowed_users);

  return html`<${Section} label="sharing">
    <form class="sharing" onSubmit=${save} aria-label="Sharing">
      <p class="muted small">
        ${playbook.allowed_users.length === 0
          ? `Visible only to the owner (${playbook.created_by}) and admins.`
          : `Visible to the owner (${playbook.created_by}), admins and: ${sharedWith(playbook.allowed_users)}`}
      </p>
      ${users.error && html`<${ErrorNotice} error=${users.error} title="Could not load users" />`}
      ${users.loading && !users.data && html`<${Loading} what="users" />`}
      ${users.data &&
      html`<fieldset>
          <legend class="label">users</legend>
          <ul class="checks">
            ${others.map((u) => html`<${Checkbox} value=${u.id} label=${u.name} hint=${'role' in u ? `${u.id} · ${u.role}` : u.id} checked=${selected.includes(u.id)} onToggle=${toggle} />`)}
          </ul>
        </fieldset>
        ${groups.length > 0 &&
        html`<fieldset>
          <legend class="label">groups</legend>
          <ul class="checks">${groups.map((g) => html`<${Checkbox} value=${g} label=${g} checked=${selected.includes(g)} onToggle=${toggle} />`)}</ul>
        </fieldset>`}`}
      ${error && html`<${ErrorNotice} error=${error} title="Sharing not saved" />`}
      <div class="row gap-s">
        <button type="submit" class="btn" disabled=${saving || !dirty}>${saving ? 'saving…' : '⇢ save sharing'}</button>
        ${saved && !dirty && html`<span class="muted small" role="status">saved</span>`}
      </div>
    </form>
  <//>`;
}
