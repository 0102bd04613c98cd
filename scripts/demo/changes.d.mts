// Types for changes.mjs.
export const ROLLBACK_REASON: string;
export function changeEventBody(
  kind: "deploy" | "rollback",
  at: number,
): {
  title: string;
  source: string;
  category: string;
  type: string;
  happened_at: number;
  labels: Record<string, string>;
  payload: Record<string, unknown>;
};
export function argoCdBody(kind: "deploy" | "rollback", at: number): Record<string, unknown>;
export function announce(api: unknown, kind: "deploy" | "rollback", at: number): Promise<unknown>;
