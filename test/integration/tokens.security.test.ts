import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, json, tokenWith } from "./helpers";

describe("tokens API security", () => {
  it("rejects a request without a token with the error envelope", async () => {
    const res = await call("/api/tokens", { token: null });
    expect(res.status).toBe(401);
    const body = (await res.json()) as { error: { code: string; message: string; requestId: string } };
    expect(body.error.code).toBe("UNAUTHENTICATED");
    expect(body.error.requestId).toBe(res.headers.get("x-request-id"));
  });

  it("rejects an unknown token", async () => {
    const res = await call("/api/tokens", { token: "vgl_nope" });
    expect(res.status).toBe(401);
  });

  it("forbids token management to a read token, allows admin", async () => {
    const reader = await tokenWith(["read"]);
    expect((await call("/api/tokens", { token: reader })).status).toBe(403);
    expect((await call("/api/tokens")).status).toBe(200);
  });

  it("stores only the SHA-256 hash of a token", async () => {
    const secret = await tokenWith(["ingest"], "bob");
    const rows = await env.DB.prepare("SELECT hash, prefix FROM tokens").all<{ hash: string; prefix: string }>();
    const digest = [...new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(secret)))]
      .map((b) => b.toString(16).padStart(2, "0"))
      .join("");
    expect(rows.results.some((r) => r.hash === digest)).toBe(true);
    expect(JSON.stringify(rows.results)).not.toContain(secret);
  });

  it("a revoked token stops working at once", async () => {
    const secret = await tokenWith(["read"], "carol");
    const me = await call("/api/me", { token: secret });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { userId: string }).userId).toBe("carol");
    const list = (await (await call("/api/tokens")).json()) as { tokens: { id: string; userId: string }[] };
    const id = list.tokens.find((t) => t.userId === "carol")!.id;
    expect((await call(`/api/tokens/${id}`, { method: "DELETE" })).status).toBe(200);
    expect((await call("/api/me", { token: secret })).status).toBe(401);
    expect((await call(`/api/tokens/${id}`, { method: "DELETE" })).status).toBe(404);
  });

  it("validates token creation with a clear message", async () => {
    const res = await json("/api/tokens", { name: "", scopes: ["root"] });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("VALIDATION");
    expect(body.error.message).toMatch(/name|scopes/);
  });

  it("answers unknown API paths with the JSON envelope", async () => {
    const res = await call("/api/definitely-not-here");
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("NOT_FOUND");
  });
});
