// A refused run start (422) read for a run form: each `inputs.<name>` issue goes to its field, the
// rest are listed above the fields; any other error is shown whole. All issues arrive at once.
import { html } from '../../html';
import { ApiError } from '../../api/client';
import type { Issue } from '../../api/types';
import { ErrorNotice } from '../../components/notice';

export type InputFailure = { fields: Record<string, string>; other: Issue[]; error?: unknown };

export function inputFailure(error: unknown, names: ReadonlySet<string>): InputFailure {
  if (!(error instanceof ApiError) || error.issues.length === 0) return { fields: {}, other: [], error };
  const fields: Record<string, string> = {};
  const other: Issue[] = [];
  for (const issue of error.issues) {
    const name = /^inputs\.([^.[\]]+)/.exec(issue.path)?.[1];
    if (name && names.has(name)) fields[name] = fields[name] ? `${fields[name]}; ${issue.message}` : issue.message;
    else other.push(issue);
  }
  return { fields, other };
}

/** Focus on the first field with an issue, in the order the form shows them. */
export function focusFirstInvalid(names: readonly string[], failure: InputFailure): void {
  const first = names.find((name) => failure.fields[name]);
  if (first) document.getElementById(`input-${first}`)?.focus();
}

/** "N inputs need attention" with the issues no field shows, or the error; `what`: what did not happen. */
export function InputFailureNotice(props: { failure: InputFailure | null; what: string }) {
  const { failure } = props;
  if (!failure) return null;
  if (failure.error !== undefined) return html`<${ErrorNotice} error=${failure.error} title=${props.what} />`;
  const invalid = Object.keys(failure.fields).length + failure.other.length;
  if (invalid === 0) return null;
  return html`<div class="notice notice-red" role="alert">
    <strong>${invalid} ${invalid === 1 ? 'input needs' : 'inputs need'} attention · ${props.what.toLowerCase()}</strong>
    ${failure.other.map((i) => html`<span><code>${i.path}</code> ${i.message}</span>`)}
  </div>`;
}
