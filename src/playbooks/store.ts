import { PlaybookSpec } from '../domain/playbook';
import { parseYaml, toYaml } from '../yaml';

/** Revisions are immutable YAML objects in R2 (architecture.md): `playbooks/<id>/rev-<n>.yaml`. */
export function revisionKey(playbookId: string, revision: number): string {
  return `playbooks/${playbookId}/rev-${revision}.yaml`;
}

export async function putRevision(bucket: R2Bucket, playbookId: string, revision: number, spec: PlaybookSpec, by: string): Promise<string> {
  const yaml = toYaml(spec);
  await bucket.put(revisionKey(playbookId, revision), yaml, {
    httpMetadata: { contentType: 'application/yaml' },
    customMetadata: { created_by: by },
  });
  return yaml;
}

export async function readRevision(bucket: R2Bucket, playbookId: string, revision: number): Promise<{ spec: PlaybookSpec; yaml: string } | null> {
  const object = await bucket.get(revisionKey(playbookId, revision));
  if (!object) return null;
  const yaml = await object.text();
  return { spec: PlaybookSpec.parse(parseYaml(yaml)), yaml };
}
