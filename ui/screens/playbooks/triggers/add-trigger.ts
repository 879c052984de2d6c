// "+ add trigger": a trigger is part of the Playbook, so adding one appends it to the triggers list
// and saves that list as a merge patch (revision N+1). A cron schedule is checked and read in words as
// it is typed; whatever else the API refuses (a 422) is shown next to its field, every issue at once,
// in words (ui/lib/trigger-issues.ts). The save is a draft: the trigger registers, and a new
// webhook's secret is shown once, when that revision is published (triggers-panel.ts).
import { useState } from 'preact/hooks';
import { html } from '../../../html';
import { api } from '../../../api/endpoints';
import { ApiError } from '../../../api/client';
import type { PlaybookRecord, Trigger } from '../../../api/types';
import { ErrorNotice } from '../../../components/notice';
import { checkCron, zonedTime } from '../../../lib/cron-reading';
import { TRIGGER_FIELD_NAMES, triggerIssues } from '../../../lib/trigger-issues';

const TYPES = [
  { id: 'cron', label: 'cron — on a schedule' },
  { id: 'http_webhook', label: 'http_webhook — a signed HTTP call' },
  { id: 'keboola.job_finished', label: 'keboola.job_finished — a Keboola job ended' },
  { id: 'keboola.table_updated', label: 'keboola.table_updated — a table got new data' },
] as const;
/** Accepted in YAML, not built yet (spec §2): listed so people know, but not selectable. */
const PLANNED = ['slack.message', 'email.received', 'salesforce.record_changed', 'file.uploaded'];

type Kind = (typeof TYPES)[number]['id'];
type Fields = { id: string; expression: string; timezone: string; component_id: string; configuration_id: string; status: 'success' | 'error' | 'any'; table_id: string; poll_seconds: string };

const LOCAL_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
const ZONES: string[] = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];

function triggerOf(kind: Kind, f: Fields): Trigger {
  const id = f.id.trim() ? { id: f.id.trim() } : {};
  switch (kind) {
    case 'cron':
      return { type: 'cron', ...id, enabled: true, expression: f.expression.trim(), timezone: f.timezone.trim() || 'UTC' };
    case 'http_webhook':
      return { type: 'http_webhook', ...id, enabled: true };
    case 'keboola.job_finished':
      return { type: 'keboola.job_finished', ...id, enabled: true, component_id: f.component_id.trim(), status: f.status,
        ...(f.configuration_id.trim() ? { configuration_id: f.configuration_id.trim() } : {}) };
    case 'keboola.table_updated':
      return { type: 'keboola.table_updated', ...id, enabled: true, table_id: f.table_id.trim(), poll_seconds: Number(f.poll_seconds) || 300 };
  }
}

function Input(props: { id: string; label: string; value: string; onInput: (v: string) => void; placeholder?: string; hint?: unknown; list?: string; required?: boolean; type?: string; error?: string | undefined }) {
  const describedBy = [props.error ? `${props.id}-error` : '', props.hint ? `${props.id}-hint` : ''].filter(Boolean).join(' ') || undefined;
  return html`<div class=${props.error ? 'field field-invalid' : 'field'}>
    <label class="label" for=${props.id}>${props.label}</label>
    <input id=${props.id} class="input" value=${props.value} placeholder=${props.placeholder} list=${props.list} required=${props.required}
      aria-invalid=${props.error ? 'true' : undefined} aria-describedby=${describedBy}
      type=${props.type ?? 'text'} autocomplete="off" spellcheck=${false} onInput=${(e: Event) => props.onInput((e.currentTarget as HTMLInputElement).value)} />
    ${props.error && html`<span class="field-error" id=${`${props.id}-error`}>${props.label.replace(/ \(optional\)$/, '')} ${props.error}</span>`}
    ${props.hint && html`<span class="muted small" id=${`${props.id}-hint`}>${props.hint}</span>`}
  </div>`;
}

export function AddTrigger(props: { playbook: PlaybookRecord; onSaved: (record: PlaybookRecord) => void; onCancel: () => void }) {
  const [kind, setKind] = useState<Kind>('cron');
  const [f, setF] = useState<Fields>({ id: '', expression: '0 8 * * 1-5', timezone: LOCAL_ZONE, component_id: '', configuration_id: '', status: 'success', table_id: '', poll_seconds: '300' });
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  /** Fields changed since the last refusal: their server issue no longer applies. */
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const set = (key: keyof Fields) => (value: string) => {
    setF((old) => ({ ...old, [key]: value }));
    setTouched((old) => new Set(old).add(key));
  };

  const cron = kind === 'cron' ? checkCron(f.expression, f.timezone) : undefined;
  const index = props.playbook.spec.triggers.length;
  const keys = props.playbook.spec.triggers.map((t, i) => t.id ?? `${t.type}-${i + 1}`);
  const refused = triggerIssues(error instanceof ApiError && error.status === 422 ? error.issues : [], index, keys);
  const local: Record<string, string | undefined> = { expression: cron?.expressionError, timezone: cron?.timezoneError };
  const errorOf = (field: keyof Fields) => local[field] ?? (touched.has(field) ? undefined : refused.fields[field]);
  const typeError = touched.has('type') ? undefined : refused.fields.type;

  const submit = async (event: Event) => {
    event.preventDefault();
    if (cron?.expressionError || cron?.timezoneError) {
      (event.currentTarget as HTMLFormElement).querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    setSaving(true);
    setError(null);
    setTouched(new Set());
    try {
      props.onSaved(await api.setPlaybookTriggers(props.playbook.id, [...props.playbook.spec.triggers, triggerOf(kind, f)]));
    } catch (e) {
      setError(e);
    } finally {
      setSaving(false);
    }
  };
  const refusedFields = Object.keys(refused.fields).length;

  return html`<form class="add-trigger" onSubmit=${submit} aria-label="Add trigger">
    <div class="field">
      <label class="label" for="trigger-type">trigger type</label>
      <select id="trigger-type" class="input" value=${kind} aria-invalid=${typeError ? 'true' : undefined}
        onChange=${(e: Event) => { setKind((e.currentTarget as HTMLSelectElement).value as Kind); setTouched((old) => new Set(old).add('type')); }}>
        ${TYPES.map((t) => html`<option value=${t.id}>${t.label}</option>`)}
        <optgroup label="not available yet">${PLANNED.map((t) => html`<option value=${t} disabled>${t} — not available</option>`)}</optgroup>
      </select>
      ${typeError && html`<span class="field-error">${typeError}</span>`}
    </div>
    <div class="add-trigger-fields">
      ${kind === 'cron' && html`
        <${Input} id="trigger-expression" label="cron expression" value=${f.expression} onInput=${set('expression')} required placeholder="0 8 * * 1-5"
          error=${errorOf('expression')} hint=${cron?.reading ? html`<span class="cron-reading">${cron.reading}</span>` : 'minute hour day-of-month month day-of-week'} />
        <${Input} id="trigger-timezone" label="time zone" value=${f.timezone} onInput=${set('timezone')} list="trigger-zones" required placeholder="Europe/Prague"
          error=${errorOf('timezone')} hint=${cron?.next ? html`next run <strong class="cron-next">${zonedTime(cron.next, f.timezone.trim())}</strong>` : undefined} />
        <datalist id="trigger-zones">${ZONES.map((z) => html`<option value=${z} />`)}</datalist>`}
      ${kind === 'http_webhook' && html`<p class="muted small">Anyone holding its secret can start this Playbook with a signed POST; the secret is shown once, when the revision with it is published.</p>`}
      ${kind === 'keboola.job_finished' && html`
        <${Input} id="trigger-component" label="component id" value=${f.component_id} onInput=${set('component_id')} required placeholder="keboola.ex-salesforce" error=${errorOf('component_id')} />
        <${Input} id="trigger-configuration" label="configuration id (optional)" value=${f.configuration_id} onInput=${set('configuration_id')} placeholder="any configuration" error=${errorOf('configuration_id')} />
        <div class="field">
          <label class="label" for="trigger-status">job status</label>
          <select id="trigger-status" class="input" value=${f.status} onChange=${(e: Event) => set('status')((e.currentTarget as HTMLSelectElement).value)}>
            <option value="success">success</option><option value="error">error</option><option value="any">any</option>
          </select>
        </div>`}
      ${kind === 'keboola.table_updated' && html`
        <${Input} id="trigger-table" label="table id" value=${f.table_id} onInput=${set('table_id')} required placeholder="in.c-crm.contacts" error=${errorOf('table_id')} />
        <${Input} id="trigger-poll" label="check every (seconds)" type="number" value=${f.poll_seconds} onInput=${set('poll_seconds')} hint="60 to 86400" error=${errorOf('poll_seconds')} />`}
      <${Input} id="trigger-id" label="name (optional)" value=${f.id} onInput=${set('id')} placeholder="nightly-sync" error=${errorOf('id')}
        hint="Keeps its URL and secret stable when other triggers change" />
    </div>
    ${refusedFields + refused.other.length > 0
      ? html`<div class="issues-inline" role="alert" aria-label="Validation issues">
          <strong class="label label-red">not saved: ${refusedFields + refused.other.length === 1 ? 'one thing to fix' : `${refusedFields + refused.other.length} things to fix`}</strong>
          <ul>
            ${refusedFields > 0 && html`<li>${Object.keys(refused.fields).map((k) => TRIGGER_FIELD_NAMES[k] ?? k).join(', ')}: said by each field above</li>`}
            ${refused.other.map((text) => html`<li>${text}</li>`)}
          </ul>
        </div>`
      : error && !(error instanceof ApiError && error.status === 422) && html`<${ErrorNotice} error=${error} title="Not saved" />`}
    <div class="row gap">
      <button type="submit" class="btn btn-green" disabled=${saving}>${saving ? 'saving…' : '✓ add trigger'}</button>
      <button type="button" class="btn" onClick=${props.onCancel}>cancel</button>
    </div>
  </form>`;
}
