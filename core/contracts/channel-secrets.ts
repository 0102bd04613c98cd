/**
 * A channel's secrets (PagerDuty routing keys, Slack and webhook URLs, which carry their token in the path) are shown
 * by their last 4 characters only: enough to tell two apart, not enough to page or post with.
 */
export function maskSecret(secret: string): string {
  return `…${secret.slice(-4)}`;
}
