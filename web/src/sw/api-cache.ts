// Which API reads the service worker keeps for offline reading: the alert list, an alert, the notebooks and /api/me
// (without it the shell cannot tell who is signed in and every page waits). Pure, so it is tested in Node.

/** The cache the service worker fills and sign-out empties (page and worker share the name). */
export const API_CACHE = "vigil-api";

/** Stamped on a response when the worker stores it, so a page served from the cache knows how old it is. */
export const CACHED_AT_HEADER = "x-vigil-cached-at";

const OFFLINE_READS = [/^\/api\/me$/, /^\/api\/alerts(\/[^/]+)?$/, /^\/api\/notebooks(\/[^/]+)?$/];

/** Only same-origin GETs of the reads above: writes must reach the server or fail, never be answered from a cache. */
export function isOfflineRead(url: URL, method: string, origin: string): boolean {
  return method === "GET" && url.origin === origin && OFFLINE_READS.some((r) => r.test(url.pathname));
}

/** When a cached response was stored; null for one straight from the network (or a stamp that is not a time). */
export function cachedAt(headers: Headers): number | null {
  const v = headers.get(CACHED_AT_HEADER);
  if (v === null || !/^\d+$/.test(v)) return null;
  return Number(v);
}
