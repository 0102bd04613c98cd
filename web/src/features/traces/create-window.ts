// The resolved time window for telemetry queries. A relative range moves forward by itself (every minute, so a
// page left open keeps showing the latest data) and on Refresh; a pinned range never moves.
import { createMemo, createSignal, onCleanup } from "solid-js";
import { formatScope } from "../../lib/scope";
import { isRelativeRange, resolveRange } from "../../lib/time";
import type { createGlobals } from "../../lib/globals";

const ADVANCE_MS = 60_000;

export function createTelemetryWindow(g: ReturnType<typeof createGlobals>) {
  const [now, setNow] = createSignal(Date.now());
  const timer = setInterval(() => {
    if (isRelativeRange(g.range()) && document.visibilityState !== "hidden") setNow(Date.now());
  }, ADVANCE_MS);
  onCleanup(() => clearInterval(timer));
  const win = createMemo(() => resolveRange(g.range(), now()), undefined, {
    equals: (a, b) => a.start === b.start && a.end === b.end,
  });
  const scope = createMemo(() => formatScope(g.scope()));
  return { win, scope, refresh: () => setNow(Date.now()) };
}
