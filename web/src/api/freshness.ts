// How fresh what the page shows is: the time of the newest API answer, which for one the service worker answered
// from its cache offline is when that answer was stored, not when it was read. The offline banner says "as of" it.
import { createSignal } from "solid-js";
import { cachedAt } from "../sw/api-cache";

const [asOf, setAsOf] = createSignal<number | null>(null);
export { asOf };

/** Note a successful answer. Older than one already seen (a cached list after a fresh alert) changes nothing. */
export function noteAnswer(res: Response, now = Date.now()): void {
  const at = cachedAt(res.headers) ?? now;
  setAsOf((prev) => (prev === null || at > prev ? at : prev));
}
