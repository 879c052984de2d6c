import { html } from '../html';
import { ApiError } from '../api/client';

/** An error from the API or the network, announced to screen readers. */
export function ErrorNotice(props: { error: unknown; title?: string }) {
  const error = props.error;
  const message = error instanceof Error ? error.message : String(error);
  const code = error instanceof ApiError ? `${error.status || 'network'} · ${error.code}` : undefined;
  return html`<div class="notice notice-red" role="alert">
    <strong>${props.title ?? 'Something went wrong'}</strong>
    <span>${message}</span>
    ${code && html`<span class="muted small">${code}</span>`}
  </div>`;
}

export function Loading(props: { what?: string }) {
  return html`<p class="muted loading" role="status"><span class="spinner" aria-hidden="true"></span>loading ${props.what ?? ''}…</p>`;
}
