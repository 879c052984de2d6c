import { api } from '../../api/endpoints';
import { useAsync } from '../../lib/use-async';

/** The Playbook as GET /playbooks/{id} gives it to this user: the latest revision to its owner and admins, the published one to runners. */
export function usePlaybook(id: string) {
  return useAsync(() => api.playbook(id), [id]);
}
