import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, json, tokenWith } from "./helpers";

interface Link {
  url: string;
  code: string;
  expiresAt: number;
  scopes: string[];
}

async function newLink(body: unknown = {}): Promise<Link> {
  const res = await json("/api/signin-links", body);
  expect(res.status).toBe(201);
  return (await res.json()) as Link;
}

const exchange = (code: string) => json("/api/signin/exchange", { code }, { token: null });

describe("one-time sign-in links", () => {
  it("signs in once with a fresh token of the link's scopes; the second use is refused", async () => {
    const link = await newLink({ scopes: ["write"], userId: "oncall" });
    expect(link.url).toMatch(/\/signin#code=vsl_[A-Za-z0-9_-]{20,}$/);
    expect(link.url.endsWith(link.code)).toBe(true);

    const first = await exchange(link.code);
    expect(first.status).toBe(201);
    const { token, info } = (await first.json()) as { token: string; info: { userId: string; scopes: string[] } };
    expect(info).toMatchObject({ userId: "oncall", scopes: ["write"] });
    const me = (await (await call("/api/me", { token })).json()) as { userId: string; scopes: string[] };
    expect(me).toMatchObject({ userId: "oncall", scopes: ["write"] });
    // write, not admin: token management stays closed to it.
    expect((await call("/api/tokens", { token })).status).toBe(403);

    const again = await exchange(link.code);
    expect(again.status).toBe(401);
    expect(((await again.json()) as { error: { message: string } }).error.message).toMatch(/already used/);
  });

  it("refuses an expired link and an unknown code, and validates the body", async () => {
    const link = await newLink({ ttlMinutes: 1 });
    await env.DB.prepare("UPDATE signin_links SET expires_at = ?")
      .bind(Date.now() - 1)
      .run();
    const expired = await exchange(link.code);
    expect(expired.status).toBe(401);
    expect(((await expired.json()) as { error: { message: string } }).error.message).toMatch(/expired/);

    expect((await exchange(`vsl_${"x".repeat(32)}`)).status).toBe(401);
    const bad = await json("/api/signin/exchange", { code: "vgl_not_a_code" }, { token: null });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe("VALIDATION");
    expect((await json("/api/signin-links", { ttlMinutes: 100_000 })).status).toBe(400);
    expect((await json("/api/signin-links", { scopes: ["root"] })).status).toBe(400);
  });

  it("stores only the hash of the code", async () => {
    const link = await newLink();
    const rows = await env.DB.prepare("SELECT hash FROM signin_links").all<{ hash: string }>();
    expect(rows.results.some((r) => r.hash.includes(link.code) || link.code.includes(r.hash))).toBe(false);
    expect(rows.results.every((r) => /^[0-9a-f]{64}$/.test(r.hash))).toBe(true);
  });
});

describe("sign-in links API security", () => {
  it("needs an admin token to create a link", async () => {
    expect((await json("/api/signin-links", {}, { token: null })).status).toBe(401);
    expect((await json("/api/signin-links", {}, { token: await tokenWith(["write"]) })).status).toBe(403);
    expect((await json("/api/signin-links", {})).status).toBe(201);
  });
});
