// The confirmed stage mapping: the proposal, with the person's corrections when they chose to edit.
import { CANONICAL_STAGES, parseCorrections, parseOrder } from './stages';

export const MAPPING_ANSWERS = ['use', 'edit', 'stop'] as const;

export function confirmedMapping(proposed: Readonly<Record<string, string>>, answer: (typeof MAPPING_ANSWERS)[number], corrections: string | undefined, intendedOrder: string): Record<string, string> {
  if (answer === 'stop') throw new Error('The stage mapping was not confirmed: the person stopped the run');
  if (answer === 'edit' && !corrections?.trim()) throw new Error('"edit the mapping" was chosen without corrections; write them as "raw stage -> canonical stage" lines');
  const stages = [...new Set([...CANONICAL_STAGES, ...parseOrder(intendedOrder)])];
  return { ...proposed, ...(answer === 'edit' ? parseCorrections(corrections!, Object.keys(proposed), stages) : {}) };
}
