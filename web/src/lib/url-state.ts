// URL state: the query string is the single source of truth for page and global state (scope, time, UTC).
import { createMemo, type Accessor } from "solid-js";
import { navigate, useLocation } from "./router";
import { isRelativeRange, type TimeRange } from "./time";

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

/**
 * A page opened from the menu keeps the scope and UTC mode, and the time range only while it is relative: a range
 * pinned by an alert or a DDx belongs to that investigation, so the menu goes back to the last relative range the
 * user chose (`fallback`), or the default.
 */
export function menuHref(href: string, current: string, fallback: TimeRange | null): string {
  const cur = new URLSearchParams(current);
  const range = { from: cur.get("from") ?? "now-1h", to: cur.get("to") ?? "now" };
  if (isRelativeRange(range)) return withGlobals(href, current);
  cur.delete("from");
  cur.delete("to");
  if (fallback && isRelativeRange(fallback)) {
    if (fallback.from !== "now-1h") cur.set("from", fallback.from);
    if (fallback.to !== "now") cur.set("to", fallback.to);
  }
  return withGlobals(href, makeSearch(cur));
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
