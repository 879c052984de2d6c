import { AppError } from '../errors';
import type { McpToolResult } from './tool-def';

/**
 * One tool call's answer. A refusal the REST API would give as a 4xx comes back as a tool error
 * (`isError`) with the same message and details, so an AI client reads why and can correct itself;
 * anything else is a real fault and propagates.
 */
export async function toolResult(work: () => Promise<unknown>): Promise<McpToolResult> {
  try {
    const value = await work();
    return { content: [{ type: 'text', text: typeof value === 'string' ? value : JSON.stringify(value, null, 2) }] };
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    const body = error.toBody();
    return { isError: true, content: [{ type: 'text', text: error.message }], structuredContent: body as unknown as Record<string, unknown> };
  }
}
