// A tiny history router: one signal for the location, pure pattern matching. Enough for Vigil's pages,
// and every page keeps its state in the URL query, so a copied link reproduces the view.
import { createSignal } from "solid-js";

export interface Loc {
  pathname: string;
  search: string;
}

const read = (): Loc => ({ pathname: location.pathname, search: location.search });
const [loc, setLoc] = createSignal<Loc>(typeof location === "undefined" ? { pathname: "/", search: "" } : read());

if (typeof window !== "undefined") window.addEventListener("popstate", () => setLoc(read()));

export const useLocation = () => loc;

export function navigate(to: string, opts: { replace?: boolean } = {}): void {
  if (to === location.pathname + location.search) return;
  if (opts.replace) history.replaceState(null, "", to);
  else history.pushState(null, "", to);
  setLoc(read());
  if (!opts.replace) window.scrollTo(0, 0);
}

/** Match "/alerts/:id" against a pathname; returns the params or null. Trailing slashes are ignored. */
export function matchRoute(pattern: string, pathname: string): Record<string, string> | null {
  const p = pattern.split("/").filter(Boolean);
  const s = pathname.split("/").filter(Boolean);
  const rest = p[p.length - 1] === "*";
  if (rest ? s.length < p.length - 1 : s.length !== p.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    if (p[i] === "*") {
      params["*"] = s.slice(i).map(decodeURIComponent).join("/");
      return params;
    }
    if (p[i].startsWith(":")) params[p[i].slice(1)] = decodeURIComponent(s[i]);
    else if (p[i] !== s[i]) return null;
  }
  return params;
}
