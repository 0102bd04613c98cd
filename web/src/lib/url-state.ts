// URL state: the query string is the single source of truth for page and global state (scope, time, UTC).
import { createMemo, type Accessor } from "solid-js";
import { navigate, useLocation } from "./router";

/** Params that follow the user from page to page. */
export const GLOBAL_PARAMS = ["scope", "from", "to", "utc", "tz"] as const;

export function makeSearch(params: URLSearchParams): string {
  const s = params.toString();
  return s ? `?${s}` : "";
}

/** Carry the global params of `current` into a target href unless the target sets them itself. */
export function withGlobals(href: string, current: string): string {
  const [path, query = ""] = href.split("?");
  if (!path.startsWith("/")) return href;
  const next = new URLSearchParams(query);
  const cur = new URLSearchParams(current);
  for (const k of GLOBAL_PARAMS) {
    if (next.has(k)) continue;
    for (const v of cur.getAll(k)) next.append(k, v);
  }
  return path + makeSearch(next);
}

/** Apply a patch to a query string: null/undefined deletes, arrays repeat the key. */
export function patchSearch(search: string, patch: Record<string, string | string[] | null | undefined>): string {
  const p = new URLSearchParams(search);
  for (const [k, v] of Object.entries(patch)) {
    p.delete(k);
    if (v == null) continue;
    for (const x of Array.isArray(v) ? v : [v]) if (x !== "") p.append(k, x);
  }
  return makeSearch(p);
}

export function createSearchParams(): Accessor<URLSearchParams> {
  const loc = useLocation();
  return createMemo(() => new URLSearchParams(loc().search));
}

/** Replace (default) or push the given params in the current URL. */
export function setSearch(
  patch: Record<string, string | string[] | null | undefined>,
  opts: { push?: boolean } = {},
): void {
  navigate(location.pathname + patchSearch(location.search, patch), { replace: !opts.push });
}
