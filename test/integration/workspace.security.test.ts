import { describe, expect, it } from "vitest";
import { call, json, tokenWith } from "./helpers";

/** Scope, favorites, recent, home and search: no token 401, wrong scope 403, right scope 2xx. */
describe("workspace API security", () => {
  it("read routes need read", async () => {
    const reader = await tokenWith(["read"]);
    const ingest = await tokenWith(["ingest"]);
    for (const path of ["/api/scope", "/api/favorites", "/api/recent", "/api/home", "/api/search?q=x"]) {
      expect((await call(path, { token: null })).status, path).toBe(401);
      expect((await call(path, { token: ingest })).status, path).toBe(403);
      expect((await call(path, { token: reader })).status, path).toBe(200);
    }
    const posts: Array<[string, unknown, number]> = [
      ["/api/scope/apply", { query: "up", scope: [] }, 200],
      ["/api/recent", { kind: "service", id: "checkout-service" }, 201],
    ];
    for (const [path, body, ok] of posts) {
      expect((await json(path, body, { token: null })).status, path).toBe(401);
      expect((await json(path, body, { token: ingest })).status, path).toBe(403);
      expect((await json(path, body, { token: reader })).status, path).toBe(ok);
    }
  });

  it("write routes need write", async () => {
    const writer = await tokenWith(["write"]);
    const reader = await tokenWith(["read"]);
    const writes: Array<[string, string, unknown | undefined]> = [
      ["/api/scope", "PUT", { matchers: [{ label: "region", value: "us-east-1" }] }],
      ["/api/favorites/dashboard/dash_commerce_checkout", "PUT", {}],
      ["/api/favorites/dashboard/dash_commerce_checkout", "DELETE", undefined],
    ];
    for (const [path, method, body] of writes) {
      const go = (token: string | null) =>
        body === undefined ? call(path, { method, token }) : json(path, body, { method, token });
      expect((await go(null)).status, `${method} ${path}`).toBe(401);
      expect((await go(reader)).status, `${method} ${path}`).toBe(403);
      expect((await go(writer)).status, `${method} ${path}`).toBe(200);
    }
  });
});
