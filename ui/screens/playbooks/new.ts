// "+ new playbook": a YAML editor prefilled with a minimal valid template; POST as application/yaml.
import { html } from '../../html';
import { api } from '../../api/endpoints';
import { navigate, Link } from '../../lib/router';
import { PageHeader } from '../../components/page-header';
import { YamlForm } from '../../components/yaml-form';
import { NEW_PLAYBOOK_YAML } from './template';

export function PlaybookNew() {
  const create = async (yaml: string) => {
    const created = await api.createPlaybook(yaml);
    navigate(`/playbooks/${created.id}`);
  };
  return html`
    <${PageHeader}
      title="New Playbook"
      eyebrow=${html`<${Link} href="/playbooks">playbooks<//> / new`}
      meta="Write the Playbook as YAML. It is checked as you type (Ctrl+Space completes) and again when you save."
      actions=${html`<${Link} href="/playbooks/new/build" class="btn">build from a description<//>`}
    />
    <${YamlForm}
      id="playbook-yaml"
      label="playbook yaml"
      initial=${NEW_PLAYBOOK_YAML}
      submitLabel="✓ create playbook"
      onSubmit=${create}
      onCancel=${() => navigate('/playbooks')}
      hint=${html`or <${Link} href="/blueprints">start from a blueprint<//>`}
    />
  `;
}
