// The drafts of a run form's inputs: what each field holds, its picker's values from the project
// (use-input-options.ts) and, once those arrive, a valid value put in where the draft has none the
// project knows (preselect.ts), with a note saying why. Shared by the run form and by run again /
// retry / fork, which start from the original run's inputs instead of the declared defaults.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { InputSpec } from '../../api/types';
import { inputValue, type Draft } from './input-field';
import { preselect } from './preselect';
import { useInputOptions, type OptionsState } from './use-input-options';

export type InputDrafts = {
  specs: InputSpec[];
  options: Record<string, OptionsState>;
  /** Why a picker shows something other than what the field started with, per input. */
  notes: Record<string, string | undefined>;
  /** An input the author locked, for someone who may not change it: shown, never sent. */
  fixed: (spec: InputSpec) => boolean;
  /** What a field shows: its draft, or the value a fixed input keeps. */
  shown: (spec: InputSpec) => Draft;
  edit: (name: string, value: Draft) => void;
  /** The inputs to send, as typed; a field left empty is left out, or sent as `empty` (null: "the default"). */
  values: (empty?: null) => Record<string, unknown>;
};

export function useInputDrafts(playbookId: string, specs: InputSpec[], initial: (spec: InputSpec) => Draft, fixed: (spec: InputSpec) => boolean): InputDrafts {
  const [drafts, setDrafts] = useState<Record<string, Draft>>(() => Object.fromEntries(specs.map((s) => [s.name, initial(s)])));
  const options = useInputOptions(playbookId, specs, drafts, fixed);
  const [notes, setNotes] = useState<Record<string, string | undefined>>({});
  const applied = useRef(new WeakSet<object>());
  useEffect(() => {
    for (const spec of specs) {
      const state = options[spec.name];
      if (state?.status !== 'ready' || applied.current.has(state)) continue;
      applied.current.add(state);
      const change = preselect(spec, drafts[spec.name] ?? '', state);
      if (!change) continue;
      setDrafts((d) => ({ ...d, [spec.name]: change.draft }));
      setNotes((n) => ({ ...n, [spec.name]: change.note }));
    }
  }, [options]);

  return {
    specs,
    options,
    notes,
    fixed,
    shown: (spec) => (fixed(spec) ? initial(spec) : (drafts[spec.name] ?? '')),
    edit: (name, value) => {
      setDrafts((d) => ({ ...d, [name]: value }));
      setNotes((n) => ({ ...n, [name]: undefined }));
    },
    values: (empty) => {
      const inputs: Record<string, unknown> = {};
      for (const spec of specs) {
        if (fixed(spec)) continue;
        const value = inputValue(spec, drafts[spec.name] ?? '') ?? empty;
        if (value !== undefined) inputs[spec.name] = value;
      }
      return inputs;
    },
  };
}
