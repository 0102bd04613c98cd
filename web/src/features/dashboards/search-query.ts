// Logs, traces and service-map panels store a search query instead of PromQL:
//   service.name="checkout-service" severity=error status=error http.status_code=503 "card declined"
// Terms are `key<op>value` (op = != =~ !~) or free text. This turns one into the filters the logs and
// traces APIs take, and into links to the explorers that show the same thing in full.
import { panelQuery } from "./layout";

export interface PanelSearch {
  service: string;
  /** Logs: the minimum severity (`warn`, `error`, ...). */
  severity: string;
  /** Traces: `ok` or `error`. */
  status: "" | "ok" | "error";
  operation: string;
  minDuration: string;
  traceId: string;
  /** Everything else with an operator, as `key<op>value` attribute filters. */
  tags: string[];
  /** Free words and quoted phrases, for a logs text search. */
  text: string;
}

const TERM =
  /([A-Za-z_][A-Za-z0-9_.\-/]*)\s*(=~|!~|!=|>=|=|>)\s*("(?:[^"\\]|\\.)*"|'[^']*'|\S+)|("(?:[^"\\]|\\.)*"|'[^']*'|\S+)/g;
const unquote = (v: string) =>
  v.length >= 2 && (v[0] === '"' || v[0] === "'") && v.at(-1) === v[0] ? v.slice(1, -1).replace(/\\(.)/g, "$1") : v;
const SERVICE_KEYS = new Set(["service", "service.name", "service_name"]);
const SEVERITY_KEYS = new Set(["severity", "level", "severity_text"]);

/** Parse a panel's search query after substituting the dashboard variables. A regex term that
 * matches everything (`.*`, the "All" option) is dropped rather than sent. */
export function parsePanelSearch(expr: string, vars: Record<string, string> = {}): PanelSearch {
  const out: PanelSearch = {
    service: "",
    severity: "",
    status: "",
    operation: "",
    minDuration: "",
    traceId: "",
    tags: [],
    text: "",
  };
  const src = panelQuery(expr, vars);
  const words: string[] = [];
  for (const m of src.matchAll(TERM)) {
    if (m[4] !== undefined) {
      words.push(unquote(m[4]));
      continue;
    }
    const key = m[1]!;
    const op = m[2]!;
    const value = unquote(m[3]!);
    if (value === ".*" || value === "") continue;
    if (op === "=" && SERVICE_KEYS.has(key)) out.service = value;
    else if ((op === "=" || op === ">=") && SEVERITY_KEYS.has(key)) out.severity = value.toLowerCase();
    else if (op === "=" && key === "status" && (value === "ok" || value === "error")) out.status = value;
    else if (op === "=" && (key === "operation" || key === "name" || key === "span.name")) out.operation = value;
    else if ((op === ">" || op === ">=") && key === "duration") out.minDuration = value;
    else if (op === "=" && (key === "traceId" || key === "trace_id")) out.traceId = value.toLowerCase();
    else if (op !== ">" && op !== ">=") out.tags.push(`${key}${op}${value}`);
  }
  out.text = words.join(" ").trim();
  return out;
}

type Query = Record<string, string | string[] | undefined>;
const opt = (s: string) => s || undefined;
const list = (a: string[]) => (a.length ? a : undefined);

export function logsApiQuery(s: PanelSearch, scope: string[], startMs: number, endMs: number, limit: number): Query {
  return {
    start: String(Math.floor(startMs)),
    end: String(Math.ceil(endMs)),
    service: opt(s.service),
    severity: opt(s.severity),
    q: opt(s.text),
    traceId: opt(s.traceId),
    tag: list(s.tags),
    scope: list(scope),
    limit: String(limit),
  };
}

export function tracesApiQuery(s: PanelSearch, scope: string[], startMs: number, endMs: number, limit: number): Query {
  return {
    start: String(Math.floor(startMs)),
    end: String(Math.ceil(endMs)),
    service: opt(s.service),
    status: opt(s.status),
    operation: opt(s.operation),
    minDuration: opt(s.minDuration),
    tag: list(s.tags),
    scope: list(scope),
    limit: String(limit),
  };
}

function href(path: string, q: Query): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q))
    for (const x of Array.isArray(v) ? v : v === undefined ? [] : [v]) p.append(k, x);
  const s = p.toString();
  return s ? `${path}?${s}` : path;
}

/** The Logs Explorer with the same filters (its URL names: service, severity, q, attr, traceId). */
export function logsExplorerHref(s: PanelSearch): string {
  return href("/logs", {
    service: opt(s.service),
    severity: opt(s.severity),
    q: opt(s.text),
    attr: list(s.tags),
    traceId: opt(s.traceId),
  });
}

/** The Trace Explorer with the same filters. */
export function tracesExplorerHref(s: PanelSearch): string {
  return href("/traces", {
    service: opt(s.service),
    status: opt(s.status),
    operation: opt(s.operation),
    minDuration: opt(s.minDuration),
    tag: list(s.tags),
  });
}
