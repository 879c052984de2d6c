import type { KeboolaBackend, SemanticObject, SemanticWrite } from '../backend';
import { SampleConflictError, SampleNotFoundError } from './errors';

/**
 * The sample project's semantic layer: what Keboola's Metastore holds, kept in R2 as one JSON
 * object per definition under sample/metastore/<branch>/<type>/<id>.json, so a Playbook that
 * registers an entity works with `npm start` and no Keboola. Same upsert rule as the HTTP
 * backend: by id, else by name.
 */
export function sampleMetastore(bucket: R2Bucket, branch = 'main'): Pick<KeboolaBackend, 'listSemantic' | 'getSemantic' | 'putSemantic'> {
  const prefix = (type: string) => `sample/metastore/${branch}/${type}/`;

  async function list(type: string): Promise<SemanticObject[]> {
    const listed = await bucket.list({ prefix: prefix(type) });
    const objects = await Promise.all(listed.objects.map(async (o) => (await bucket.get(o.key))?.json<SemanticObject>()));
    return objects.filter((o): o is SemanticObject => o !== undefined).sort((a, b) => a.name.localeCompare(b.name));
  }

  async function get(type: string, id: string): Promise<SemanticObject> {
    const object = await bucket.get(`${prefix(type)}${id}.json`);
    if (!object) throw new SampleNotFoundError('Semantic object', `${type}/${id}`, (await list(type)).map((o) => `${o.id} (${o.name})`));
    return object.json<SemanticObject>();
  }

  return {
    listSemantic: list,
    getSemantic: get,
    async putSemantic(type: string, write: SemanticWrite) {
      const existing = write.id ? await get(type, write.id) : (await list(type)).find((o) => o.name === write.name);
      const key = `${prefix(type)}${existing?.id ?? crypto.randomUUID()}.json`;
      const current = existing ? await bucket.head(key) : null;
      const stored: SemanticObject = {
        type, id: existing?.id ?? key.slice(prefix(type).length, -'.json'.length), name: write.name, branch,
        revision: (existing?.revision ?? 0) + 1, updated: new Date().toISOString(), data: write.data,
      };
      // Only over the revision we read: two runs registering at once must not lose one silently.
      const written = await bucket.put(key, JSON.stringify(stored), {
        httpMetadata: { contentType: 'application/json' },
        onlyIf: current ? { etagMatches: current.etag } : new Headers({ 'if-none-match': '*' }),
      });
      if (!written) throw new SampleConflictError(`Semantic object "${write.name}" (${type}) changed while writing it; nothing was written.`);
      return { ...stored, created: !existing };
    },
  };
}
