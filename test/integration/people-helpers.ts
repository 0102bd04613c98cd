import { exports } from "cloudflare:workers";
import { BASE, json, tokenWith } from "./helpers";

export interface TestSession {
  cookie: string;
  csrf: string;
  userId: string;
}

/** A browser session the way a person gets one: an admin's one-time link, exchanged with `session: true`. */
export async function sessionFor(userId: string, scopes: string[] = ["read"], timeZone?: string): Promise<TestSession> {
  const link = await json("/api/signin-links", { scopes, userId });
  if (link.status !== 201) throw new Error(`link: ${link.status} ${await link.text()}`);
  const { code } = (await link.json()) as { code: string };
  const res = await json("/api/signin/exchange", { code, session: true, timeZone }, { token: null });
  if (res.status !== 201) throw new Error(`exchange: ${res.status} ${await res.text()}`);
  const setCookie = res.headers.get("set-cookie") ?? "";
  const m = /(__Host-vigil_session=[^;]+)/.exec(setCookie);
  if (!m) throw new Error(`no session cookie in ${setCookie}`);
  const me = await asSession({ cookie: m[1], csrf: "", userId }, "/api/me");
  const body = (await me.json()) as { csrfToken: string; userId: string };
  return { cookie: m[1], csrf: body.csrfToken, userId: body.userId };
}

/** Call as a browser would with this session: the cookie always, the CSRF header unless `csrf: false`. */
export function asSession(
  s: TestSession,
  path: string,
  init: Omit<RequestInit, "body"> & { csrf?: boolean; body?: unknown } = {},
): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set("cookie", s.cookie);
  if (init.csrf !== false && s.csrf) headers.set("x-csrf-token", s.csrf);
  let body: BodyInit | undefined;
  if (init.body !== undefined && typeof init.body !== "string") {
    headers.set("content-type", "application/json");
    body = JSON.stringify(init.body);
  } else body = init.body as string | undefined;
  const method = init.method ?? (body !== undefined ? "POST" : "GET");
  return (exports as unknown as { default: Fetcher }).default.fetch(
    new Request(BASE + path, { ...init, method, headers, body }),
  );
}

/** Create a team (as the bootstrap admin) and add members with roles; returns the team's id. */
export async function teamWith(name: string, members: Record<string, string> = {}): Promise<string> {
  const res = await json("/api/teams", { name });
  if (res.status !== 201) throw new Error(`team: ${res.status} ${await res.text()}`);
  const { id } = (await res.json()) as { id: string };
  for (const [user, role] of Object.entries(members)) {
    await tokenWith(["read"], user); // minting a token for a user id makes that user a person
    const r = await json(`/api/teams/${id}/members`, { user, role });
    if (r.status !== 201) throw new Error(`member: ${r.status} ${await r.text()}`);
  }
  return id;
}
