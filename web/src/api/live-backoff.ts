/** Reconnect delay: exponential with full jitter, capped, so a room full of walls does not reconnect in lockstep. */
export function backoffMs(attempt: number, random = Math.random, base = 500, cap = 15_000): number {
  const ceiling = Math.min(cap, base * 2 ** Math.min(attempt, 10));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** The live socket URL: same origin, ws(s), a token as a query param (browsers cannot set WS headers); a session
 * needs none, its cookie goes with the upgrade. */
export function liveUrl(
  loc: { protocol: string; host: string },
  token: string | null,
  topics: string[],
  since: number | null,
): string {
  const p = new URLSearchParams(token ? { access_token: token } : {});
  p.set("topics", topics.join(","));
  if (since != null) p.set("resume_from", String(since));
  return `${loc.protocol === "https:" ? "wss" : "ws"}://${loc.host}/api/live?${p.toString()}`;
}
