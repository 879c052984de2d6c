// "The pending items may have changed": the sidebar's inbox badge listens, the run view tells.
const EVENT = 'agent-studio:inbox-changed';

export function notifyInboxChanged(): void {
  window.dispatchEvent(new Event(EVENT));
}

export function onInboxChanged(listener: () => void): () => void {
  window.addEventListener(EVENT, listener);
  return () => window.removeEventListener(EVENT, listener);
}
