// What a picker shows once its options arrive: the current draft if the project has it, else the
// API's default (the newest period, the default's tables that exist), with a note saying why the
// declared default was replaced. Only required inputs get a value they did not have; an optional
// one left empty keeps meaning "the Playbook decides".
import type { InputSpec } from '../../api/types';
import type { Draft } from './input-field';
import type { OptionsState } from './use-input-options';

type Ready = Extract<OptionsState, { status: 'ready' }>;

export function lines(draft: Draft): string[] {
  return typeof draft === 'string' ? draft.split(/[\n,]/).map((t) => t.trim()).filter(Boolean) : [];
}

function shortList(values: string[]): string {
  return values.length > 5 ? `${values.slice(0, 5).join(', ')}, …` : values.join(', ');
}

export function preselect(spec: InputSpec, draft: Draft, state: Ready): { draft: Draft; note?: string } | undefined {
  const offered = state.options.map((o) => o.value);
  if (spec.type === 'tables') {
    const chosen = lines(draft);
    const missing = chosen.filter((t) => !offered.includes(t));
    if (missing.length === 0 && (chosen.length > 0 || !spec.required)) return undefined;
    const kept = chosen.filter((t) => offered.includes(t));
    const next = kept.length > 0 ? kept : Array.isArray(state.default) ? state.default : [];
    const note = missing.length > 0 ? `${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not in the connected project` : undefined;
    return { draft: next.join('\n'), ...(note ? { note } : {}) };
  }
  const text = typeof draft === 'string' ? draft.trim() : '';
  if (text !== '' && offered.includes(text)) return undefined;
  const next = typeof state.default === 'string' ? state.default : '';
  if (text === '') return spec.required && next ? { draft: next } : undefined;
  const present = offered.length > 0 ? ` (${shortList(offered)})` : '';
  return { draft: next, note: `${text} is not among the values present${present}; ${next ? `${next} is selected instead` : 'choose one'}` };
}
