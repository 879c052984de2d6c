// "+ upload skill" (authors and admins): SKILL.md in an editor, optional references, POST /skills.
// A 422 lists its reasons beside the editor, each on its line where it has one.
import { useMemo, useRef, useState } from 'preact/hooks';
import { html } from '../../html';
import { api } from '../../api/endpoints';
import { ApiError } from '../../api/client';
import type { User } from '../../api/types';
import { Link, navigate } from '../../lib/router';
import { canAuthor } from '../../lib/roles';
import { lineOfSkillPath } from '../../lib/skill-lines';
import { IssueList, type LocatedIssue } from '../../components/issue-list';
import { ErrorNotice } from '../../components/notice';
import { PageHeader } from '../../components/page-header';
import { YamlEditor, focusLine } from '../../components/yaml-editor';
import { ReferenceRows, type ReferenceRow } from './reference-rows';
import { NEW_SKILL_MD } from './template';

type Failure = { issues: LocatedIssue[] } | { error: unknown };

function failureOf(error: unknown, text: string): Failure {
  if (error instanceof ApiError && error.status === 422) {
    const issues = error.issues.length > 0 ? error.issues : [{ path: 'SKILL.md', message: error.message }];
    return { issues: issues.map((i) => ({ ...i, line: lineOfSkillPath(text, i.path) })) };
  }
  return { error };
}

function Header() {
  return html`<${PageHeader} title="Upload Skill" eyebrow=${html`<${Link} href="/skills">skills<//> / upload`}
    meta="A SKILL.md (YAML frontmatter with name and description, then Markdown) and optional reference documents. Uploading the same name again replaces your skill." />`;
}

export function SkillUpload(props: { user: User }) {
  const [text, setText] = useState(NEW_SKILL_MD);
  const [refs, setRefs] = useState<ReferenceRow[]>([]);
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<Failure | null>(null);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const issues = failure && 'issues' in failure ? failure.issues : [];
  const marked = useMemo(() => new Set(issues.flatMap((i) => (i.line === undefined ? [] : [i.line]))), [issues]);

  if (!canAuthor(props.user)) {
    return html`<${Header} /><${ErrorNotice} title="Authors and admins only" error=${`Signed in as ${props.user.role}: you can read skills but not upload one.`} />`;
  }

  const submit = async (event: Event) => {
    event.preventDefault();
    setSaving(true);
    setFailure(null);
    try {
      const references = Object.fromEntries(refs.filter((r) => r.name.trim() || r.text).map((r) => [r.name.trim(), r.text]));
      const skill = await api.uploadSkill({ skill_md: text, references });
      navigate(`/skills/${skill.id}`);
    } catch (error) {
      setFailure(failureOf(error, text));
    } finally {
      setSaving(false);
    }
  };
  const loadFile = async (event: Event) => {
    const file = (event.currentTarget as HTMLInputElement).files?.[0];
    if (file) setText(await file.text());
  };

  return html`<${Header} />
    <form class="yaml-form skill-upload" onSubmit=${submit} aria-label="Upload skill">
      <div class=${issues.length > 0 ? 'yaml-form-body with-issues' : 'yaml-form-body'}>
        <${YamlEditor} id="skill-md" label="SKILL.md" value=${text} onInput=${setText} markedLines=${marked}
          describedBy=${issues.length > 0 ? 'skill-issues' : undefined} textareaRef=${textarea} />
        ${issues.length > 0 && html`<${IssueList} id="skill-issues" issues=${issues} onJump=${(line: number) => textarea.current && focusLine(textarea.current, line)} />`}
      </div>
      <label class="file-load small">
        <span class="muted">or load SKILL.md from a file:</span>
        <input type="file" class="file-input" accept=".md,text/markdown,text/plain" onChange=${loadFile} />
      </label>
      <${ReferenceRows} rows=${refs} onChange=${setRefs} />
      ${failure && 'error' in failure && html`<${ErrorNotice} error=${failure.error} title="Not uploaded" />`}
      <div class="row gap form-actions">
        <button type="submit" class="btn btn-green" disabled=${saving}>${saving ? 'uploading…' : '✓ upload skill'}</button>
        <button type="button" class="btn" onClick=${() => navigate('/skills')}>cancel</button>
      </div>
    </form>`;
}
