// The CodeMirror 6 editor for a Playbook's YAML. Loaded on demand (import() in ./editor.ts) as a
// chunk of its own, so no other page pays for it; the textarea stands in until it arrives.
import { basicSetup } from 'codemirror';
import { Compartment, EditorState } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { yaml } from '@codemirror/lang-yaml';
// Both come with `codemirror` (its own dependencies, one copy each in the lockfile).
import { HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { tags } from '@lezer/highlight';
import { linter, lintGutter, type Diagnostic } from '@codemirror/lint';
import type { CompletionContext, CompletionResult } from '@codemirror/autocomplete';
import { api } from '../../api/endpoints';
import { completeAt, type CompletionInputs, type SchemaSet } from './completion';
import { problemsOf } from './lint';

export type MountOptions = {
  parent: HTMLElement;
  id: string;
  text: string;
  labelledBy: string;
  describedBy?: string | undefined;
  onChange: (text: string) => void;
};

export type EditorHandle = {
  /** Replaces the text when it changed outside the editor (another view of the same document). */
  setText: (text: string) => void;
  setDescribedBy: (id: string | undefined) => void;
  focusLine: (line: number) => void;
  focus: () => void;
  destroy: () => void;
};

/** The wait before a change is validated: typing is not interrupted by a request per key. */
const LINT_DELAY_MS = 500;

let inputs: Promise<CompletionInputs> | null = null;

/** The schema and the registry once per page load; either failing leaves completion without it. */
function completionInputs(): Promise<CompletionInputs> {
  inputs ??= Promise.all([
    api.openapi().then((doc): SchemaSet | null => (doc.components?.schemas ? { schemas: doc.components.schemas as SchemaSet['schemas'], root: 'PlaybookSpec' } : null), () => null),
    api.tools().then((tools) => tools.map((t) => ({ id: t.id, ...(t.description ? { description: t.description } : {}) })), () => []),
  ]).then(([schema, tools]) => ({ schema, tools }));
  return inputs;
}

async function complete(context: CompletionContext): Promise<CompletionResult | null> {
  const line = context.state.doc.lineAt(context.pos);
  const before = line.text.slice(0, context.pos - line.from);
  const result = completeAt(context.state.doc.toString(), context.pos, await completionInputs());
  if (!result || result.options.length === 0) return null;
  // Unasked, only where a value or reference starts or something is typed: not on every indent.
  if (!context.explicit && result.from === context.pos && !/(\$\{\{\s*|:\s+|-\s+|\[\s*|,\s*)$/.test(before)) return null;
  return { from: result.from, options: result.options, validFor: /^[\w.\-*]*$/ };
}

async function lint(view: EditorView): Promise<Diagnostic[]> {
  const text = view.state.doc.toString();
  const { tools } = await completionInputs();
  const problems = await problemsOf(text, api.validatePlaybook, tools.map((t) => t.id));
  const end = text.length;
  return problems.map((p) => ({ from: Math.min(p.from, end), to: Math.min(p.to, end), severity: p.severity ?? 'error', message: p.message, source: p.source }));
}

// Colours from the app's tokens, so the light and the dark theme both read (CodeMirror's default
// palette is for light backgrounds only: its dark-blue keys vanish on the dark theme).
const highlight = HighlightStyle.define([
  { tag: [tags.propertyName, tags.definition(tags.propertyName)], color: 'var(--green-text)' },
  { tag: [tags.comment, tags.lineComment], color: 'var(--subtle)', fontStyle: 'italic' },
  { tag: [tags.number, tags.bool, tags.null, tags.atom], color: 'var(--pill-amber-fg)' },
  { tag: [tags.string, tags.content, tags.attributeValue], color: 'var(--text)' },
  { tag: [tags.punctuation, tags.separator, tags.meta, tags.operator], color: 'var(--muted)' },
  { tag: [tags.labelName, tags.typeName, tags.special(tags.string)], color: 'var(--focus)' },
]);

const theme = EditorView.theme({
  '&': { height: 'min(60vh, 520px)', border: '1px solid var(--border-strong)', borderRadius: 'var(--radius)', background: 'var(--code-bg)', fontSize: '12.5px' },
  '&.cm-focused': { outline: 'none', borderColor: 'var(--focus)' },
  '.cm-scroller': { fontFamily: 'var(--font)', lineHeight: '20px' },
  '.cm-gutters': { background: 'transparent', borderRight: '1px solid var(--border)', color: 'var(--subtle)' },
  '.cm-activeLine, .cm-activeLineGutter': { background: 'var(--surface)' },
  '.cm-content': { caretColor: 'var(--text)' },
  '.cm-cursor': { borderLeftColor: 'var(--text)' },
  '&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection': { background: 'var(--pill-green-bd) !important' },
  '.cm-tooltip': { fontFamily: 'var(--font)', background: 'var(--page)', color: 'var(--text)', border: '1px solid var(--border-strong)' },
  '.cm-tooltip-autocomplete ul li[aria-selected]': { background: 'var(--pill-green-bg)', color: 'var(--text)' },
});

export function mountYamlEditor(options: MountOptions): EditorHandle {
  const described = new Compartment();
  const attributes = (describedBy: string | undefined) =>
    // An explicit tabindex: axe (and some assistive tech) count a contenteditable as focusable only with one.
    EditorView.contentAttributes.of({ id: options.id, tabindex: '0', 'aria-labelledby': options.labelledBy, ...(describedBy ? { 'aria-describedby': describedBy } : {}) });
  let external = false;
  const view = new EditorView({
    parent: options.parent,
    state: EditorState.create({
      doc: options.text,
      extensions: [
        // basicSetup binds no Tab key, so Tab still moves focus out: the editor never traps the keyboard.
        basicSetup,
        yaml(),
        syntaxHighlighting(highlight),
        EditorState.languageData.of(() => [{ autocomplete: complete }]),
        linter(lint, { delay: LINT_DELAY_MS }),
        lintGutter(),
        theme,
        described.of(attributes(options.describedBy)),
        EditorView.updateListener.of((update) => {
          if (update.docChanged && !external) options.onChange(update.state.doc.toString());
        }),
      ],
    }),
  });
  // Read like a textarea's value (scripts, tests): the editor renders only the visible lines.
  Object.defineProperty(view.contentDOM, 'value', { get: () => view.state.doc.toString(), configurable: true });
  return {
    setText(text) {
      if (text === view.state.doc.toString()) return;
      external = true;
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
      external = false;
    },
    setDescribedBy(id) {
      view.dispatch({ effects: described.reconfigure(attributes(id)) });
    },
    focusLine(n) {
      const line = view.state.doc.line(Math.min(Math.max(n, 1), view.state.doc.lines));
      view.dispatch({ selection: { anchor: line.from, head: line.to }, scrollIntoView: true });
      view.focus();
    },
    focus: () => view.focus(),
    destroy: () => view.destroy(),
  };
}
