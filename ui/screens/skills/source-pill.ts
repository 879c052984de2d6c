import { html } from '../../html';
import type { SkillSummary } from '../../api/types';
import { Pill } from '../../components/pill';

/** Built-in skills ship with the deployment (and may carry scripts); user skills are SKILL.md + references. */
export function SourcePill(props: { source: SkillSummary['source'] }) {
  return props.source === 'builtin' ? html`<${Pill} tone="green">built-in<//>` : html`<${Pill}>user<//>`;
}

/** `1 reference`, `2 scripts`. */
export function plural(n: number, one: string): string {
  return `${n} ${one}${n === 1 ? '' : 's'}`;
}
