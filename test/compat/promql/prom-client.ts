// Query a Prometheus-compatible HTTP API (real Prometheus or Vigil) and return its envelope.
export type ApiResult =
  | { status: "success"; data: { resultType: string; result: unknown } }
  | { status: "error"; errorType: string; error: string };

export async function promQuery(base: string, q: string, time: number, token?: string): Promise<ApiResult> {
  return call(base, "/api/v1/query", { query: q, time: String(time / 1000) }, token);
}

export async function promQueryRange(
  base: string,
  q: string,
  start: number,
  end: number,
  stepMs: number,
  token?: string,
): Promise<ApiResult> {
  return call(
    base,
    "/api/v1/query_range",
    { query: q, start: String(start / 1000), end: String(end / 1000), step: String(stepMs / 1000) },
    token,
  );
}

async function call(base: string, path: string, params: Record<string, string>, token?: string): Promise<ApiResult> {
  const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded" };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(base + path, { method: "POST", headers, body: new URLSearchParams(params) });
  const text = await res.text();
  try {
    return JSON.parse(text) as ApiResult;
  } catch {
    return { status: "error", errorType: `http_${res.status}`, error: text.slice(0, 200) };
  }
}
