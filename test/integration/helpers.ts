import { exports } from "cloudflare:workers";

export const ADMIN = "vgl_test_admin_token_do_not_use_in_production";
export const BASE = "http://vigil.test";

/** Call the worker the way a client does, through its real fetch handler. */
export function call(path: string, init: RequestInit & { token?: string | null } = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  const token = init.token === undefined ? ADMIN : init.token;
  if (token) headers.set("authorization", `Bearer ${token}`);
  return (exports as unknown as { default: Fetcher }).default.fetch(new Request(BASE + path, { ...init, headers }));
}

export function json(
  path: string,
  body: unknown,
  init: RequestInit & { token?: string | null } = {},
): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set("content-type", "application/json");
  return call(path, { method: "POST", ...init, headers, body: JSON.stringify(body) });
}

/** Create a token with the given scopes through the real API and return its secret. */
export async function tokenWith(scopes: string[], userId = "alice"): Promise<string> {
  const res = await json("/api/tokens", { name: `test-${scopes.join("-")}`, scopes, userId });
  if (res.status !== 201) throw new Error(`token create failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}
