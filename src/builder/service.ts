import type { BuilderRequest, BuilderResponse } from '../domain/builder';
import type { ToolManifest } from '../domain/tooling';
import { ValidationError } from '../errors';
import { registryManifests } from '../broker/tools';
import { resolveModelProvider, type ModelEnv } from '../executors/model';
import { assertRole } from '../api/auth';
import type { User } from '../domain/user';
import { AUTHORING_ROLES } from '../playbooks/service';
import { unifiedDiff } from '../playbooks/diff';
import { toYaml } from '../yaml';
import { checkProposal } from './checks';
import { askModel } from './model';
import { BUILDER_QUESTIONS, assembleFromLibrary } from './library';

export type BuilderDeps = { env: ModelEnv; user: User; manifests?: () => readonly ToolManifest[] };

/**
 * "Describe the automation" (issue 18). With answers, or with no model configured, the question
 * path: the draft is assembled from the blueprints' steps. Otherwise a model proposes it. Either
 * way the document is checked as POST /playbooks checks it (plus registry and approvals) and only
 * returned: nothing is saved here, accepting is POST /playbooks with the proposal's YAML.
 */
export async function proposePlaybook(deps: BuilderDeps, request: BuilderRequest): Promise<BuilderResponse> {
  assertRole(deps.user, AUTHORING_ROLES, 'build Playbooks');
  const manifests = (deps.manifests ?? registryManifests)();
  if (request.answers) {
    const { spec, notes } = assembleFromLibrary(request.description, request.answers, manifests);
    return checked(toYaml(spec), manifests, request, 'library', notes);
  }
  const resolved = request.mode === 'questions' ? undefined : resolveModelProvider(deps.env, request.model);
  if (!resolved?.ok) {
    const reason = resolved ? `The builder needs a model to design a Playbook from your description. ${resolved.missing} Until then, answer these questions and the Playbook is assembled from the blueprints' steps.` : 'Answer these questions to assemble the Playbook from the blueprints\' steps.';
    return { kind: 'questions', reason, questions: BUILDER_QUESTIONS };
  }
  // The default output limit (8,192 tokens) holds a Playbook of a dozen steps; request.model may raise it.
  const yaml = await askModel(resolved.provider, resolved.max_output_tokens, request, manifests);
  return checked(yaml, manifests, request, 'model', [`Designed by ${resolved.provider.provider} ${resolved.provider.model}.`]);
}

function checked(yaml: string, manifests: readonly ToolManifest[], request: BuilderRequest, source: 'model' | 'library', notes: string[]): BuilderResponse {
  const check = checkProposal(yaml, manifests);
  if (!check.ok) {
    const first = check.issues[0]!;
    // The reasons go back to the author (and a model retry); the document is not kept anywhere.
    throw new ValidationError(`The proposed Playbook was refused and not saved: ${first.path}: ${first.message}${check.issues.length > 1 ? ` (and ${check.issues.length - 1} more)` : ''}`, check.issues);
  }
  const diff = unifiedDiff(request.previous_yaml ?? '', yaml, { from: request.previous_yaml ? 'a/previous.yaml' : '/dev/null', to: 'b/proposal.yaml' });
  return { kind: 'proposal', source, yaml, spec: check.spec, diff, notes };
}
