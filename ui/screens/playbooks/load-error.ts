import { html } from '../../html';
import { ApiError } from '../../api/client';
import { ErrorNotice } from '../../components/notice';

/**
 * Why a Playbook page could not load. A runner asking for one that nobody has published yet gets
 * 409 `not_published` (they read and run only published revisions): said in words, not as an error.
 */
export function PlaybookLoadError(props: { error: unknown }) {
  if (props.error instanceof ApiError && props.error.code === 'not_published') {
    return html`<p class="notice notice-amber" role="note">This Playbook is not published yet: its owner or an admin must publish a revision before you can see its steps or run it.</p>`;
  }
  return html`<${ErrorNotice} error=${props.error} title="Could not load the Playbook" />`;
}
