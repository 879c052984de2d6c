/** Where deliveries for a trigger go; the same prefix app.ts exempts from user auth (src/api/app.ts). */
export const HOOKS_PREFIX = '/v1/agent-studio/hooks';

export function webhookPath(triggerId: string): string {
  return `${HOOKS_PREFIX}/${triggerId}`;
}

export function notificationPath(triggerId: string, token: string): string {
  return `${HOOKS_PREFIX}/keboola/${triggerId}/${token}`;
}
