// fetch with the bearer token, zod-parsed responses, and the error envelope turned into ApiRequestError.
import type { z } from "zod";
import { ApiRequestError, toApiError } from "./errors";
import { noteAnswer, noteUnreachable } from "./freshness";
import { csrfToken, signedOut } from "./session";
import { setToken, token } from "./token";

export interface RequestOpts {
  method?: string;
  body?: unknown;
  query?: Record<string, string | number | undefined | null | string[]>;
  signal?: AbortSignal;
}

export function buildUrl(path: string, query?: RequestOpts["query"]): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v == null || v === "") continue;
    for (const x of Array.isArray(v) ? v : [v]) p.append(k, String(x));
  }
  const s = p.toString();
  return s ? `${path}?${s}` : path;
}

export async function apiFetch(path: string, opts: RequestOpts = {}): Promise<Response> {
  const headers: Record<string, string> = {};
  const t = token();
  const method = opts.method ?? (opts.body !== undefined ? "POST" : "GET");
  if (t) headers.authorization = `Bearer ${t}`;
  // A session's writes echo its CSRF token (a cross-site form cannot read it); tokens need none.
  else if (method !== "GET" && csrfToken()) headers["x-csrf-token"] = csrfToken()!;
  let body: BodyInit | undefined;
  if (opts.body instanceof URLSearchParams) body = opts.body;
  else if (opts.body !== undefined) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(opts.body);
  }
  const res = await fetch(buildUrl(path, opts.query), {
    method,
    credentials: "same-origin",
    headers,
    body,
    signal: opts.signal,
  }).catch((err: unknown) => {
    if (err instanceof TypeError) noteUnreachable(); // not an abort: the network failed
    throw err;
  });
  if (res.ok) {
    noteAnswer(res);
    return res;
  }
  let parsed: unknown = null;
  try {
    parsed = await res.json();
  } catch {
    // not JSON: fall back to the status line
  }
  const err = toApiError(res.status, parsed, `${res.status} ${res.statusText}`);
  // A revoked token or an ended session signs the user out instead of leaving every page in an error state.
  if (res.status === 401) {
    if (t) setToken(null);
    signedOut();
  }
  throw err;
}

/** GET/POST JSON and validate it: a contract drift shows up as a clear error, not as undefined deep in a page. */
export async function api<S extends z.ZodType>(path: string, schema: S, opts: RequestOpts = {}): Promise<z.infer<S>> {
  const res = await apiFetch(path, opts);
  const json: unknown = await res.json();
  const r = schema.safeParse(json);
  if (!r.success) {
    const first = r.error.issues[0];
    throw new ApiRequestError(
      `unexpected response from ${path}: ${first?.path.join(".")} ${first?.message}`,
      200,
      "CONTRACT",
    );
  }
  return r.data;
}
