// The resolved time window for telemetry queries: "now" is frozen until the range changes or the user
// refreshes, so query keys stay stable while the page is open.
import { createMemo, createSignal } from "solid-js";
import { formatScope } from "../../lib/scope";
import { resolveRange } from "../../lib/time";
import type { createGlobals } from "../../lib/globals";

export function createTelemetryWindow(g: ReturnType<typeof createGlobals>) {
  const [now, setNow] = createSignal(Date.now());
  const win = createMemo(() => resolveRange(g.range(), now()));
  const scope = createMemo(() => formatScope(g.scope()));
  return { win, scope, refresh: () => setNow(Date.now()) };
}
