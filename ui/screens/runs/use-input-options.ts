// The values a run input may take, from GET /playbooks/{id}/inputs/{name}/options: the periods
// present in a table, a bucket's or the project's tables, the columns of the table another input
// holds (asked again when that input changes). Inputs fixed by the author are not asked for.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../../api/endpoints';
import type { InputOption, InputSpec } from '../../api/types';
import type { Draft } from './input-field';

export type OptionsState =
  | { status: 'loading' }
  | { status: 'ready'; options: InputOption[]; default?: string | string[] | undefined; note?: string | undefined }
  | { status: 'failed'; message: string };

/** The same rule as the API: options_from, or a table/tables input (the project's tables). */
export function offersOptions(spec: InputSpec): boolean {
  return spec.options_from !== undefined || spec.type === 'table' || spec.type === 'tables';
}

const TABLE_ID = /^(in|out)\.[\w-]+\.[\w-]+$/;

/** A column input's table: what its table input holds now, when that looks like a table id. */
function tableFor(spec: InputSpec, drafts: Record<string, Draft>): string | undefined {
  const from = spec.options_from;
  if (!from || !('table_input' in from)) return undefined;
  const draft = drafts[from.table_input];
  return typeof draft === 'string' && TABLE_ID.test(draft.trim()) ? draft.trim() : undefined;
}

export function useInputOptions(playbookId: string, specs: InputSpec[], drafts: Record<string, Draft>, fixed: (spec: InputSpec) => boolean): Record<string, OptionsState> {
  const [states, setStates] = useState<Record<string, OptionsState>>({});
  // What each input was last asked with; an answer to an older question is dropped.
  const asked = useRef(new Map<string, string>());
  const wanted = specs.filter((spec) => offersOptions(spec) && !fixed(spec)).map((spec) => ({ name: spec.name, table: tableFor(spec, drafts) }));
  const key = JSON.stringify(wanted);

  useEffect(() => {
    for (const { name, table } of wanted) {
      const question = table ?? '';
      if (asked.current.get(name) === question) continue;
      asked.current.set(name, question);
      setStates((s) => ({ ...s, [name]: { status: 'loading' } }));
      const current = () => asked.current.get(name) === question;
      api.inputOptions(playbookId, name, table).then(
        (found) => current() && setStates((s) => ({ ...s, [name]: { status: 'ready', options: found.options, default: found.default, note: found.note } })),
        (error: unknown) => current() && setStates((s) => ({ ...s, [name]: { status: 'failed', message: error instanceof Error ? error.message : String(error) } })),
      );
    }
  }, [playbookId, key]);
  return states;
}
