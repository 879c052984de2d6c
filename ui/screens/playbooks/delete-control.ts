// Deleting a Playbook: the two-step confirm, then DELETE and back to the library.
import { html } from '../../html';
import { api } from '../../api/endpoints';
import { navigate } from '../../lib/router';
import { ConfirmButton } from '../../components/confirm-button';

export function DeleteControl(props: { id: string; name: string }) {
  return html`<${ConfirmButton} verb="delete" what=${props.name} busy="deleting…" failed="Not deleted" action=${async () => {
    await api.deletePlaybook(props.id);
    navigate('/playbooks');
  }} />`;
}
