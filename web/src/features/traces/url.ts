// Trace explorer filters <-> URL query <-> API query. The URL is the state; the API gets the same
// filters plus the pinned scope and the resolved window.

export interface TraceFilters {
  service: string;
  operation: string;
  status: "" | "ok" | "error";
  tags: string[]; // "deployment.version=v3.41.0"
  minDuration: string; // "500ms"
  maxDuration: string;
  groupBy: string[]; // up to 3 attribute keys for the span statistics
}

export const DEFAULT_GROUP_BY = ["service", "operation"];
const TAG_RE = /^[A-Za-z_][A-Za-z0-9_.\-/]*(=|!=|=~|!~).+$/;
const DURATION_RE = /^\d+(\.\d+)?\s*(ns|us|µs|ms|s|m|h)?$/;

export function readTraceFilters(p: URLSearchParams): TraceFilters {
  const status = p.get("status");
  const groupBy = p
    .getAll("groupBy")
    .flatMap((g) => g.split(","))
    .map((g) => g.trim())
    .filter(Boolean)
    .slice(0, 3);
  return {
    service: p.get("service") ?? "",
    operation: p.get("operation") ?? "",
    status: status === "ok" || status === "error" ? status : "",
    tags: p.getAll("tag").filter((t) => TAG_RE.test(t)),
    minDuration: p.get("minDuration") ?? "",
    maxDuration: p.get("maxDuration") ?? "",
    groupBy: groupBy.length ? groupBy : DEFAULT_GROUP_BY,
  };
}

/** The URL patch for a filter set: defaults are left out so links stay short. */
export function traceFiltersPatch(f: TraceFilters): Record<string, string | string[] | null> {
  const same = f.groupBy.join(",") === DEFAULT_GROUP_BY.join(",");
  return {
    service: f.service.trim() || null,
    operation: f.operation.trim() || null,
    status: f.status || null,
    tag: f.tags.length ? f.tags : null,
    minDuration: f.minDuration.trim() || null,
    maxDuration: f.maxDuration.trim() || null,
    groupBy: same ? null : f.groupBy.join(","),
  };
}

/** Client-side checks that give a message before the API would refuse. */
export function validateTraceFilters(f: TraceFilters): string | null {
  const bad = f.tags.find((t) => !TAG_RE.test(t));
  if (bad) return `tag '${bad}' must look like key=value`;
  for (const [name, v] of [
    ["min duration", f.minDuration],
    ["max duration", f.maxDuration],
  ] as const)
    if (v.trim() && !DURATION_RE.test(v.trim())) return `${name} '${v}' must be a duration like 500ms or 4s`;
  if (f.groupBy.length > 3) return "group by at most 3 attributes";
  return null;
}

/** Parse "a=b, c=d" typed into the tags box. */
export function parseTagInput(s: string): string[] {
  return s
    .split(/[,\n]/)
    .map((t) => t.trim())
    .filter(Boolean);
}

export function traceApiQuery(
  f: TraceFilters,
  scope: string[],
  startMs: number,
  endMs: number,
): Record<string, string | string[] | undefined> {
  return {
    start: String(Math.floor(startMs)),
    end: String(Math.ceil(endMs)),
    service: f.service.trim() || undefined,
    operation: f.operation.trim() || undefined,
    status: f.status || undefined,
    tag: f.tags.length ? f.tags : undefined,
    minDuration: f.minDuration.trim() || undefined,
    maxDuration: f.maxDuration.trim() || undefined,
    scope: scope.length ? scope : undefined,
  };
}

/** The Trace DDx link: the DDx page needs the kind, the service and the window. */
export function traceDdxHref(f: TraceFilters, startMs: number, endMs: number): string {
  const p = new URLSearchParams({ kind: "traces" });
  if (f.service) p.set("service", f.service);
  if (f.operation) p.set("operation", f.operation);
  p.set("start", String(Math.floor(startMs)));
  p.set("end", String(Math.ceil(endMs)));
  return `/ddx?${p}`;
}
