import type { RunEvent } from '../domain/run';

const KEEP_ALIVE_MS = 15_000;
const encoder = new TextEncoder();

export function sseFrame(event: RunEvent): string {
  return `id: ${event.seq}\ndata: ${JSON.stringify(event)}\n\n`;
}

/**
 * Live SSE subscribers of one run. Each new event is written to every open stream; a reconnecting
 * client first gets the backlog after its Last-Event-ID, so it sees each event exactly once.
 */
export class EventHub {
  private readonly writers = new Set<WritableStreamDefaultWriter<Uint8Array>>();
  private keepAlive: ReturnType<typeof setInterval> | undefined;

  subscribe(backlog: RunEvent[], ended: boolean): Response {
    const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
    const writer = writable.getWriter();
    // A client may hang up at any moment; a failed write just means it is gone.
    const gone = () => undefined;
    writer.write(encoder.encode(`retry: 2000\n\n${backlog.map(sseFrame).join('')}`)).catch(gone);
    if (ended) {
      writer.write(encoder.encode('event: end\ndata: {}\n\n')).then(() => writer.close()).catch(gone);
    } else {
      this.writers.add(writer);
      this.keepAlive ??= setInterval(() => this.broadcast(': keep-alive\n\n'), KEEP_ALIVE_MS);
    }
    return new Response(readable, {
      headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive' },
    });
  }

  /** Whether anyone is subscribed: a run nobody watches does not build frames. */
  get listening(): boolean {
    return this.writers.size > 0;
  }

  publish(event: RunEvent): void {
    this.broadcast(sseFrame(event));
  }

  /** After the terminal event: tell clients the stream is complete and let go of them. */
  end(): void {
    this.broadcast('event: end\ndata: {}\n\n');
    for (const writer of this.writers) void writer.close().catch(() => undefined);
    this.writers.clear();
    this.stopKeepAlive();
  }

  private broadcast(frame: string): void {
    const bytes = encoder.encode(frame);
    for (const writer of this.writers) {
      writer.write(bytes).catch(() => {
        this.writers.delete(writer);
        if (this.writers.size === 0) this.stopKeepAlive();
      });
    }
  }

  private stopKeepAlive(): void {
    if (this.keepAlive) clearInterval(this.keepAlive);
    this.keepAlive = undefined;
  }
}
