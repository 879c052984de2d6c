import type { ToolDefinition } from '../types';
import { builtinScripts } from '../../skills/builtin';
import { loadReference } from './load-reference';
import { saveContext } from './save-context';

/** The skill tools for the one Broker registry: the two loader tools and every built-in script. */
export function skillTools(): ToolDefinition<any>[] {
  return [loadReference, saveContext, ...builtinScripts().map((script) => script.tool)];
}
