// How fresh what the page shows is, and whether the server is out of reach, for the "As of 14:05, offline" line.
// Offline is told by the answers themselves: one the service worker gave from its cache (the request failed), or
// a request that never reached anything. navigator.onLine is not trusted at start: Chromium
// says false whenever the device has no network interface but loopback, even with Vigil on localhost answering
// (TanStack Query does not trust it either); the browser's offline and online events are followed.
import { createSignal } from "solid-js";
import { cachedAt } from "../sw/api-cache";

const [asOf, setAsOf] = createSignal<number | null>(null);
const [offline, setOffline] = createSignal(false);
export { asOf, offline };

/** Note a successful answer: "as of" is the newest one's time, for a cached one when it was stored (an older
 * cached list read after a fresh alert changes nothing). */
export function noteAnswer(res: Response, now = Date.now()): void {
  const stored = cachedAt(res.headers);
  setOffline(stored !== null);
  const at = stored ?? now;
  setAsOf((prev) => (prev === null || at > prev ? at : prev));
}

/** A request failed before any answer (fetch's TypeError): nothing, not even the cache, could be reached. */
export function noteUnreachable(): void {
  setOffline(true);
}

if (typeof window !== "undefined") {
  window.addEventListener("offline", () => setOffline(true));
  window.addEventListener("online", () => setOffline(false));
}
