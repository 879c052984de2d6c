// A plain textarea with a line-number gutter. Tab keeps its usual meaning (move focus), so the
// editor never traps the keyboard; lines with validation issues are marked in the gutter.
import { useRef } from 'preact/hooks';
import type { RefObject } from 'preact';
import { html } from '../html';

export type YamlEditorProps = {
  id: string;
  label: string;
  value: string;
  onInput: (value: string) => void;
  markedLines?: ReadonlySet<number>;
  describedBy?: string;
  textareaRef?: RefObject<HTMLTextAreaElement | null>;
};

export function YamlEditor(props: YamlEditorProps) {
  const gutter = useRef<HTMLDivElement>(null);
  const lineCount = props.value.split('\n').length;
  const onScroll = (event: Event) => {
    if (gutter.current) gutter.current.scrollTop = (event.currentTarget as HTMLTextAreaElement).scrollTop;
  };
  return html`<div class="editor">
    <label class="label" for=${props.id}>${props.label}</label>
    <div class="editor-frame">
      <div class="editor-gutter" aria-hidden="true" ref=${gutter}>
        ${Array.from({ length: lineCount }, (_, i) => html`<div class=${props.markedLines?.has(i + 1) ? 'marked' : undefined}>${i + 1}</div>`)}
      </div>
      <textarea
        id=${props.id}
        ref=${props.textareaRef}
        class="editor-text"
        spellcheck=${false}
        autocapitalize="off"
        autocomplete="off"
        wrap="off"
        aria-describedby=${props.describedBy}
        value=${props.value}
        onInput=${(e: Event) => props.onInput((e.currentTarget as HTMLTextAreaElement).value)}
        onScroll=${onScroll}
      ></textarea>
    </div>
  </div>`;
}

/** Puts the caret on `line` (1-based), selects it and scrolls it into view. */
export function focusLine(textarea: HTMLTextAreaElement, line: number): void {
  const lines = textarea.value.split('\n');
  let start = 0;
  for (let i = 0; i < line - 1 && i < lines.length; i++) start += lines[i]!.length + 1;
  const end = start + (lines[line - 1]?.length ?? 0);
  textarea.focus();
  textarea.setSelectionRange(start, end);
  const lineHeight = parseFloat(getComputedStyle(textarea).lineHeight) || 20;
  textarea.scrollTop = Math.max(0, (line - 4) * lineHeight);
}
