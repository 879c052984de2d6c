import { html } from '../html';

export type LocatedIssue = { path: string; message: string; line?: number | undefined; exact?: boolean | undefined };

/** Validation issues next to the editor: path, message and a button that jumps to the line. */
export function IssueList(props: { id: string; issues: LocatedIssue[]; onJump: (line: number) => void }) {
  return html`<div class="issues" id=${props.id} role="alert" aria-label="Validation issues">
    <h2 class="label label-red">${props.issues.length} ${props.issues.length === 1 ? 'issue' : 'issues'} · not saved</h2>
    <ul>
      ${props.issues.map(
        (issue) => html`<li class="issue">
          <div class="issue-head">
            <code class="issue-path">${issue.path}</code>
            ${issue.line !== undefined &&
            html`<button type="button" class="link-button" onClick=${() => props.onJump(issue.line!)}>
              ${issue.exact === false ? `near line ${issue.line}` : `line ${issue.line}`}
            </button>`}
          </div>
          <p class="issue-message">${issue.message}</p>
        </li>`,
      )}
    </ul>
  </div>`;
}
