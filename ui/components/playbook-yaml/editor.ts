// The Playbook YAML editor: CodeMirror (./codemirror.ts, a chunk of its own, fetched when this
// mounts) with the plain textarea standing in while it loads, and for good if it cannot load.
// The text lives with the parent (value/onInput), so the swap — or switching to another view of
// the same document and back — loses nothing.
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { RefObject } from 'preact';
import { html } from '../../html';
import { YamlEditor, focusLine, type YamlEditorProps } from '../yaml-editor';
import type { EditorHandle } from './codemirror';

type Chunk = typeof import('./codemirror');

/** Moves the caret to a line, whichever editor is showing (the issue list's "line N" buttons). */
export type LineJumper = { focusLine: (line: number) => void };

let chunk: Promise<Chunk> | null = null;

function loadChunk(): Promise<Chunk> {
  chunk ??= import('./codemirror').catch((error: unknown) => {
    chunk = null; // a later mount may try again (a deploy replaced the chunk, the network came back)
    throw error;
  });
  return chunk;
}

export type PlaybookYamlEditorProps = Omit<YamlEditorProps, 'textareaRef'> & { jumper?: RefObject<LineJumper | null> };

export function PlaybookYamlEditor(props: PlaybookYamlEditorProps) {
  const [loaded, setLoaded] = useState<Chunk | null>(null);
  const host = useRef<HTMLDivElement>(null);
  const handle = useRef<EditorHandle | null>(null);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const focusOnMount = useRef(false);
  const emitted = useRef<string | null>(null);
  const latest = useRef(props);
  latest.current = props;
  const labelId = `${props.id}-label`;

  useEffect(() => {
    let live = true;
    loadChunk().then(
      (module) => {
        if (!live) return;
        focusOnMount.current = document.activeElement === textarea.current;
        setLoaded(() => module);
      },
      (error: unknown) => console.warn('YAML editor unavailable; the plain textarea stays', error),
    );
    return () => {
      live = false;
    };
  }, []);

  useEffect(() => {
    if (!loaded || !host.current) return;
    const editor = loaded.mountYamlEditor({
      parent: host.current,
      id: latest.current.id,
      text: latest.current.value,
      labelledBy: labelId,
      describedBy: latest.current.describedBy,
      onChange: (text) => {
        emitted.current = text;
        latest.current.onInput(text);
      },
    });
    handle.current = editor;
    if (focusOnMount.current) editor.focus();
    return () => {
      editor.destroy();
      handle.current = null;
    };
  }, [loaded]);

  // Only a change from elsewhere goes into the editor: the echo of its own typing must not, or a
  // render that lags a keystroke would put back the text from before it.
  useLayoutEffect(() => {
    if (props.value !== emitted.current) handle.current?.setText(props.value);
  }, [props.value]);
  useEffect(() => handle.current?.setDescribedBy(props.describedBy), [props.describedBy]);
  if (props.jumper) {
    props.jumper.current = {
      focusLine: (line) => (handle.current ? handle.current.focusLine(line) : textarea.current && focusLine(textarea.current, line)),
    };
  }

  if (!loaded) return html`<${YamlEditor} ...${props} textareaRef=${textarea} />`;
  return html`<div class="editor">
    <label class="label" id=${labelId} onClick=${() => handle.current?.focus()}>${props.label}</label>
    <div ref=${host} class="yaml-code"></div>
  </div>`;
}
