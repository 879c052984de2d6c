import { api } from '../../api/endpoints';
import { useAsync } from '../../lib/use-async';

/** The Playbook at its current revision (GET /playbooks/{id}). */
export function usePlaybook(id: string) {
  return useAsync(() => api.playbook(id), [id]);
}
