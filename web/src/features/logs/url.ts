// Logs explorer filters <-> URL <-> API query.

export const SEVERITIES = ["trace", "debug", "info", "warn", "error", "fatal"] as const;

export interface LogFilters {
  service: string;
  severity: string; // minimum level, "" = all
  text: string;
  attrs: string[]; // "http.status_code=503"
  traceId: string;
  line: string; // selected line id
}

const ATTR_RE = /^[A-Za-z_][A-Za-z0-9_.\-/]*(=|!=|=~|!~).+$/;

export function readLogFilters(p: URLSearchParams): LogFilters {
  const sev = p.get("severity") ?? "";
  const trace = (p.get("traceId") ?? "").trim().toLowerCase();
  return {
    service: p.get("service") ?? "",
    severity: (SEVERITIES as readonly string[]).includes(sev) ? sev : "",
    text: p.get("q") ?? "",
    attrs: p.getAll("attr").filter((a) => ATTR_RE.test(a)),
    traceId: /^[0-9a-f]{32}$/.test(trace) ? trace : "",
    line: p.get("line") ?? "",
  };
}

export function logFiltersPatch(f: Omit<LogFilters, "line">): Record<string, string | string[] | null> {
  return {
    service: f.service.trim() || null,
    severity: f.severity || null,
    q: f.text.trim() || null,
    attr: f.attrs.length ? f.attrs : null,
    traceId: f.traceId.trim().toLowerCase() || null,
    line: null,
  };
}

export function validateLogFilters(f: Omit<LogFilters, "line">): string | null {
  const bad = f.attrs.find((a) => !ATTR_RE.test(a));
  if (bad) return `attribute filter '${bad}' must look like key=value`;
  if (f.traceId.trim() && !/^[0-9a-fA-F]{32}$/.test(f.traceId.trim())) return "a trace id is 32 hex characters";
  return null;
}

/** When only a trace id is given the API looks back 7 days; otherwise the global range applies. */
export function logApiQuery(
  f: LogFilters,
  scope: string[],
  startMs: number,
  endMs: number,
  withTime: boolean,
): Record<string, string | string[] | undefined> {
  return {
    start: withTime ? String(Math.floor(startMs)) : undefined,
    end: withTime ? String(Math.ceil(endMs)) : undefined,
    service: f.service.trim() || undefined,
    severity: f.severity || undefined,
    q: f.text.trim() || undefined,
    tag: f.attrs.length ? f.attrs : undefined,
    traceId: f.traceId || undefined,
    scope: scope.length ? scope : undefined,
  };
}
