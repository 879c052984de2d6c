// "edit": the whole document as YAML, or (tab "form", ?view=form) the step editor's forms over the
// same document; the unsaved text is shared, so switching views loses nothing. Saving PATCHes it as
// application/yaml, which creates revision N+1. A 422 leaves the Playbook unchanged and lists its
// issues beside the editor (the form: next to each field).
import { useState } from 'preact/hooks';
import { html } from '../../html';
import { api } from '../../api/endpoints';
import { navigate, useLocation } from '../../lib/router';
import { ErrorNotice, Loading } from '../../components/notice';
import { TabPanel, Tabs } from '../../components/tabs';
import { YamlForm } from '../../components/yaml-form';
import { PlaybookHeader } from './header';
import { usePlaybook } from './use-playbook';
import { PlaybookLoadError } from './load-error';
import { LazyFormEditor } from './step-editor/lazy';

const VIEWS = [{ id: 'yaml', label: 'yaml' }, { id: 'form', label: 'form' }] as const;

export function PlaybookEdit(props: { id: string }) {
  const playbook = usePlaybook(props.id);
  const view = useLocation().query.get('view') === 'form' ? 'form' : 'yaml';
  /** The unsaved document both views edit; null until either changes it. */
  const [draft, setDraft] = useState<string | null>(null);
  const p = playbook.data;
  if (playbook.error) return html`<${PlaybookLoadError} error=${playbook.error} />`;
  if (!p) return html`<${Loading} what="playbook" />`;
  if (!p.can_edit) {
    return html`<${PlaybookHeader} playbook=${p} crumb="edit" />
      <${ErrorNotice} title="Read-only" error=${new Error(`Only the owner (${p.created_by}) or an admin may edit this Playbook.`)} />`;
  }
  const save = async (yaml: string) => {
    await api.replacePlaybook(p.id, yaml);
    navigate(`/playbooks/${p.id}`);
  };
  const select = (id: string) => navigate(`/playbooks/${p.id}/edit${id === 'form' ? '?view=form' : ''}`, { replace: true });
  return html`
    <${PlaybookHeader} playbook=${p} title=${`Edit ${p.name}`} crumb=${view === 'form' ? 'edit form' : 'edit yaml'} />
    <${Tabs} tabs=${VIEWS} selected=${view} onSelect=${select} label="editor view" />
    <${TabPanel} id=${view}>
      ${view === 'form'
        ? html`<${LazyFormEditor} key=${`${p.id}@form`} playbook=${p} yaml=${draft ?? p.yaml} onDraft=${setDraft}
            onSaved=${() => navigate(`/playbooks/${p.id}`)} onCancel=${() => navigate(`/playbooks/${p.id}`)} onPlaybookChanged=${playbook.reload} />`
        : html`<${YamlForm}
            key=${`${p.id}@${p.revision}`}
            id="playbook-yaml"
            label=${`playbook yaml · editing revision ${p.revision}`}
            initial=${draft ?? p.yaml}
            onChange=${setDraft}
            submitLabel=${`✓ save as revision ${p.revision + 1}`}
            onSubmit=${save}
            onCancel=${() => navigate(`/playbooks/${p.id}`)}
            hint="Saving replaces the whole document; earlier revisions stay readable."
          />`}
    <//>
  `;
}
