// "edit yaml": the whole document as YAML; saving PATCHes it as application/yaml, which creates
// revision N+1. A 422 leaves the Playbook unchanged and lists its issues beside the editor.
import { html } from '../../html';
import { api } from '../../api/endpoints';
import { navigate } from '../../lib/router';
import { ErrorNotice, Loading } from '../../components/notice';
import { YamlForm } from '../../components/yaml-form';
import { PlaybookHeader } from './header';
import { usePlaybook } from './use-playbook';

export function PlaybookEdit(props: { id: string }) {
  const playbook = usePlaybook(props.id);
  const p = playbook.data;
  if (playbook.error) return html`<${ErrorNotice} error=${playbook.error} title="Could not load the Playbook" />`;
  if (!p) return html`<${Loading} what="playbook" />`;
  if (!p.can_edit) {
    return html`<${PlaybookHeader} playbook=${p} crumb="edit" />
      <${ErrorNotice} title="Read-only" error=${new Error(`Only the owner (${p.created_by}) or an admin may edit this Playbook.`)} />`;
  }
  const save = async (yaml: string) => {
    await api.replacePlaybook(p.id, yaml);
    navigate(`/playbooks/${p.id}`);
  };
  return html`
    <${PlaybookHeader} playbook=${p} title=${`Edit ${p.name}`} crumb="edit yaml" />
    <${YamlForm}
      key=${`${p.id}@${p.revision}`}
      id="playbook-yaml"
      label=${`playbook yaml · editing revision ${p.revision}`}
      initial=${p.yaml}
      submitLabel=${`✓ save as revision ${p.revision + 1}`}
      onSubmit=${save}
      onCancel=${() => navigate(`/playbooks/${p.id}`)}
      hint="Saving replaces the whole document; earlier revisions stay readable."
    />
  `;
}
