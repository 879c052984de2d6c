// The YAML editor with its save button and inline validation: used to create a Playbook and to
// write a new revision. The API is the validator; this only places its issues on lines (the
// editor also underlines them as the author types, see playbook-yaml/).
import { useMemo, useRef, useState } from 'preact/hooks';
import { html } from '../html';
import { ApiError } from '../api/client';
import { ErrorNotice } from './notice';
import { IssueList, type LocatedIssue } from './issue-list';
import { PlaybookYamlEditor, type LineJumper } from './playbook-yaml/editor';

export type YamlFormProps = {
  id: string;
  label: string;
  initial: string;
  submitLabel: string;
  onSubmit: (yaml: string) => Promise<void>;
  onCancel: () => void;
  hint?: unknown;
  /** Every edit, for a page that shares the text with another view (the step editor's form). */
  onChange?: (yaml: string) => void;
};

type Failure = { issues: LocatedIssue[] } | { error: unknown };

/** Turns a failed save into issues placed on lines; the YAML parser loads only when needed. */
async function locate(error: unknown, text: string): Promise<Failure> {
  if (!(error instanceof ApiError)) return { error };
  if (error.status === 422 && error.issues.length > 0) {
    const { lineOfPath } = await import('../lib/yaml-lines');
    return { issues: error.issues.map((issue) => ({ ...issue, ...lineOfPath(text, issue.path) })) };
  }
  const position = error.yamlPosition;
  if (error.status === 400 && position) return { issues: [{ path: 'yaml syntax', message: error.message, line: position.line, exact: true }] };
  return { error };
}

export function YamlForm(props: YamlFormProps) {
  const [text, setText] = useState(props.initial);
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<Failure | null>(null);
  const editor = useRef<LineJumper>(null);
  const issuesId = `${props.id}-issues`;
  const issues = failure && 'issues' in failure ? failure.issues : [];
  const marked = useMemo(() => new Set(issues.flatMap((i) => (i.line === undefined ? [] : [i.line]))), [issues]);

  const submit = async (event: Event) => {
    event.preventDefault();
    setSaving(true);
    setFailure(null);
    try {
      await props.onSubmit(text);
    } catch (error) {
      setFailure(await locate(error, text));
    } finally {
      setSaving(false);
    }
  };
  const jump = (line: number) => editor.current?.focusLine(line);

  return html`<form class="yaml-form" onSubmit=${submit}>
    <div class=${issues.length > 0 ? 'yaml-form-body with-issues' : 'yaml-form-body'}>
      <${PlaybookYamlEditor}
        id=${props.id}
        label=${props.label}
        value=${text}
        onInput=${(value: string) => {
          setText(value);
          props.onChange?.(value);
        }}
        markedLines=${marked}
        describedBy=${issues.length > 0 ? issuesId : undefined}
        jumper=${editor}
      />
      ${issues.length > 0 && html`<${IssueList} id=${issuesId} issues=${issues} onJump=${jump} />`}
    </div>
    ${failure && 'error' in failure && html`<${ErrorNotice} error=${failure.error} title="Not saved" />`}
    <div class="row gap form-actions">
      <button type="submit" class="btn btn-green" disabled=${saving}>${saving ? 'saving…' : props.submitLabel}</button>
      <button type="button" class="btn" onClick=${props.onCancel}>cancel</button>
      ${props.hint && html`<span class="muted small">${props.hint}</span>`}
    </div>
  </form>`;
}
