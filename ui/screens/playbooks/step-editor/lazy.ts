// The form editor loads as a chunk of its own on first use (it brings the YAML parser), so the
// pages that never edit a Playbook do not download it.
import { useEffect, useState } from 'preact/hooks';
import { html } from '../../../html';
import { ErrorNotice, Loading } from '../../../components/notice';
import type { FormEditorProps } from './form-editor';

type Loaded = typeof import('./form-editor');
let loading: Promise<Loaded> | undefined;

export function LazyFormEditor(props: FormEditorProps) {
  const [mod, setMod] = useState<Loaded | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    (loading ??= import('./form-editor')).then(setMod, (e: unknown) => {
      loading = undefined;
      setError(e);
    });
  }, []);
  if (error) return html`<${ErrorNotice} error=${error} title="Could not load the form editor" />`;
  if (!mod) return html`<${Loading} what="form editor" />`;
  return html`<${mod.FormEditor} ...${props} />`;
}
