// The form editor (issue 18): the Playbook document edited through forms instead of YAML. It edits
// the same document the YAML view shows (every change goes back as YAML through onDraft) and saves
// it the same way, PATCH with the YAML body → revision N+1. A refusal's issues land on their fields.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { html } from '../../../html';
import { api } from '../../../api/endpoints';
import { ApiError } from '../../../api/client';
import type { PlaybookRecord } from '../../../api/types';
import { ErrorNotice, Loading } from '../../../components/notice';
import { Section } from '../../../components/section';
import { useAsync } from '../../../lib/use-async';
import { humanMessage, placeOf } from '../../../lib/trigger-issues';
import { TriggersPanel } from '../triggers/triggers-panel';
import { formFieldKeys, placeIssues, stepOfPath, type Issue } from './error-paths';
import { ArtifactsForm } from './artifacts-form';
import { AreaField, ListField, TextField } from './fields';
import { InputsForm } from './inputs-form';
import { IssuesContext, type FieldIssues } from './issues-context';
import { ApprovalForm, BudgetForm, RiskForm } from './policy-form';
import { referenceProblems } from './references';
import { setAt, shrank, type EditableSpec } from './spec-ops';
import { StepFlow } from './step-flow';
import { specOfYaml, yamlOfSpec } from './yaml-io';

export type FormEditorProps = {
  playbook: PlaybookRecord;
  /** The document as the YAML view last left it (unsaved edits included). */
  yaml: string;
  onDraft: (yaml: string) => void;
  onSaved: (record: PlaybookRecord) => void;
  onCancel: () => void;
  /** A trigger was saved on its own (a revision of its own): the page re-reads the Playbook. */
  onPlaybookChanged: () => void;
};

export function FormEditor(props: FormEditorProps) {
  const parsed = useMemo(() => specOfYaml(props.yaml), []);
  if ('error' in parsed) {
    return html`<${ErrorNotice} title="The form cannot show this document" error=${new Error(`${parsed.error} Fix it in the YAML view.`)} />`;
  }
  return html`<${Editor} ...${props} initial=${parsed.spec} />`;
}

function Editor(props: FormEditorProps & { initial: EditableSpec }) {
  const p = props.playbook;
  const tools = useAsync(() => api.tools(), []);
  const [spec, setSpec] = useState(props.initial);
  const [open, setOpen] = useState<Set<number>>(() => new Set(props.initial.sop.steps.length === 1 ? [0] : []));
  const [refused, setRefused] = useState<Issue[]>([]);
  const [edited, setEdited] = useState<Set<string>>(new Set());
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  /** Bumped when steps or actions shift position: their forms remount (see shrank). */
  const [generation, setGeneration] = useState(0);
  const form = useRef<HTMLFormElement>(null);

  const toolList = tools.data ?? [];
  const keys = useMemo(() => formFieldKeys(spec, toolList), [spec, toolList]);
  const server = useMemo(() => placeIssues(refused.filter((i) => !edited.has(i.path)), keys), [refused, edited, keys]);
  const live = useMemo(() => placeIssues(referenceProblems(spec), keys), [spec, keys]);
  const issues: FieldIssues = {
    of: (key) => [...new Set([...(live.fields[key] ?? []), ...(server.fields[key] ?? []).filter((m) => !edited.has(key)).map(humanMessage)])],
    edited: (key) => setEdited((old) => (old.has(key) ? old : new Set(old).add(key))),
  };

  const change = (next: EditableSpec, moved?: { from: number; to: number }) => {
    if (moved || shrank(spec, next)) setGeneration((g) => g + 1);
    setSpec(next);
    props.onDraft(yamlOfSpec(next));
    if (moved) {
      // Issue paths and open forms name steps by position: after a move they would point elsewhere.
      setRefused([]);
      setOpen(new Set(moved.to >= 0 ? [moved.to] : []));
    }
  };
  const toggle = (i: number, isOpen: boolean) => setOpen((old) => {
    const next = new Set(old);
    if (isOpen) next.add(i);
    else next.delete(i);
    return next;
  });

  // After a refusal, the first field that shows a message takes the focus (or, a group's message, comes into view).
  useEffect(() => {
    if (!refused.length || !form.current) return;
    const control = form.current.querySelector<HTMLElement>('[aria-invalid="true"]');
    if (control) control.focus();
    else form.current.querySelector('.field-error')?.scrollIntoView({ block: 'center' });
  }, [refused]);

  const submit = async (event: Event) => {
    event.preventDefault();
    setSaving(true);
    setFailure(null);
    try {
      props.onSaved(await api.replacePlaybook(p.id, yamlOfSpec(spec)));
    } catch (error) {
      if (error instanceof ApiError && error.status === 422 && error.issues.length > 0) {
        setEdited(new Set());
        setRefused(error.issues);
        setOpen((old) => new Set([...old, ...error.issues.flatMap((i) => stepOfPath(i.path) ?? [])]));
      } else {
        setFailure(error);
      }
    } finally {
      setSaving(false);
    }
  };
  const triggersSaved = async () => {
    const record = await api.playbook(p.id);
    change({ ...spec, triggers: record.spec.triggers });
    props.onPlaybookChanged();
  };
  const count = refused.length;

  return html`<${IssuesContext.Provider} value=${issues}>
    <form class="se-form" ref=${form} onSubmit=${submit} aria-label="Playbook form editor" novalidate>
      ${count > 0 && html`<div class="issues" role="alert" aria-label="Validation issues">
        <h2 class="label label-red">${count} ${count === 1 ? 'thing' : 'things'} to fix · not saved</h2>
        ${server.other.length > 0 && html`<ul>${server.other.map((i) => html`<li class="issue-message">${placeOf(i.path)}: ${humanMessage(i.message)}</li>`)}</ul>`}
        ${server.other.length < count && html`<p class="small">${server.other.length ? 'Each of the others is' : 'Each is'} shown next to its field.</p>`}
      </div>`}
      <${Section} label="playbook">
        <${TextField} k="name" label="name" value=${spec.name ?? ''} onChange=${(v: string) => change({ ...spec, name: v })} />
        <${AreaField} k="description" label="description (optional)" rows=${2} value=${spec.description ?? ''} onChange=${(v: string) => change(setAt(spec, ['description'], v || undefined))} />
        <${AreaField} k="sop.goal" label="goal" rows=${2} value=${spec.sop.goal ?? ''} onChange=${(v: string) => change({ ...spec, sop: { ...spec.sop, goal: v } })} />
        <div class="se-grid">
          ${(['connections', 'skills', 'plugins'] as const).map((key) => html`<${ListField} key=${key} k=${key} label=${key} value=${spec[key]}
            onChange=${(v?: string[]) => change(setAt(spec, [key], v))} hint="comma-separated ids" />`)}
          <${ListField} k="sop.sub_playbooks" label="sub-playbooks" value=${spec.sop.sub_playbooks} onChange=${(v?: string[]) => change(setAt(spec, ['sop', 'sub_playbooks'], v))}
            hint="Playbook ids a step may call on failure (call subagent)" />
        </div>
      <//>
      <${Section} label=${`inputs · ${(spec.inputs ?? []).length}`} id="se-section-inputs"><${InputsForm} spec=${spec} onSpec=${change} /><//>
      <${Section} label=${`steps · ${spec.sop.steps.length}`} id="se-section-steps">
        ${tools.error && html`<${ErrorNotice} error=${tools.error} title="Could not load the tool registry" />`}
        ${tools.loading && !tools.data && html`<${Loading} what="tools" />`}
        <${StepFlow} key=${generation} spec=${spec} tools=${toolList} open=${open} onToggle=${toggle} onSpec=${change} />
      <//>
      <${Section} label=${`declared outputs · ${((spec.sop.artifact_specs as unknown[] | undefined) ?? []).length}`} id="se-section-outputs"><${ArtifactsForm} spec=${spec} onSpec=${change} /><//>
      <${Section} label="budget" id="se-section-budget"><${BudgetForm} spec=${spec} onSpec=${change} /><//>
      <${Section} label="approval policy" id="se-section-approval"><${ApprovalForm} spec=${spec} onSpec=${change} /><//>
      <${Section} label="risk policy" id="se-section-risk"><${RiskForm} spec=${spec} onSpec=${change} /><//>
      ${failure && html`<${ErrorNotice} error=${failure} title="Not saved" />`}
      <div class="row gap form-actions se-save">
        <button type="submit" class="btn btn-green" disabled=${saving}>${saving ? 'saving…' : `✓ save as revision ${p.revision + 1}`}</button>
        <button type="button" class="btn" onClick=${props.onCancel}>cancel</button>
        <span class="muted small">Saving replaces the whole document, exactly as the YAML view does.</span>
      </div>
    </form>
    <${TriggersPanel} playbook=${p} onPlaybookSaved=${triggersSaved} />
  <//>`;
}
