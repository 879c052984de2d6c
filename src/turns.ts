// A Durable Object answers nothing while its JavaScript runs without awaiting, and locally every
// object and the Worker share one thread. Long work (skill scripts, SQL batches, large uploads, the
// run loop) ends the event loop's turn between its parts, so queued requests run in between.

/** Ends this turn of the event loop, so requests queued for the object run now (the run object's `looping` guard keeps a second loop out meanwhile). */
export function letRequestsIn(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
