// The floor of a run start: a fresh SQLite-backed object, one table, one row. Nothing else.
import { DurableObject } from 'cloudflare:workers';

export class NewObject extends DurableObject {
  start(id: string): { id: string } {
    this.ctx.storage.sql.exec('CREATE TABLE IF NOT EXISTS run (id TEXT PRIMARY KEY, status TEXT NOT NULL)');
    this.ctx.storage.sql.exec("INSERT INTO run VALUES (?, 'queued')", id);
    return { id };
  }
}

export default {
  async fetch(_request: Request, env: { OBJECT: DurableObjectNamespace<NewObject> }): Promise<Response> {
    const id = crypto.randomUUID();
    return Response.json(await env.OBJECT.get(env.OBJECT.idFromName(id)).start(id), { status: 201 });
  },
};
