import { describe, expect, it } from "vitest";
import { call, json, tokenWith } from "./helpers";

type Err = {
  error: { code: string; message: string; details?: { conflicts: Array<{ label: string; selector: string }> } };
};

describe("pinned scope", () => {
  it("stores a scope per user and applies it to a query", async () => {
    const alice = await tokenWith(["write"], "scope-alice");
    const bob = await tokenWith(["write"], "scope-bob");
    const empty = (await (await call("/api/scope", { token: alice })).json()) as { matchers: unknown[] };
    expect(empty.matchers).toEqual([]);

    let res = await json(
      "/api/scope",
      { text: "environment=production,region=us-east-1" },
      { method: "PUT", token: alice },
    );
    expect(res.status).toBe(200);
    expect(((await res.json()) as { matchers: unknown[] }).matchers).toEqual([
      { label: "environment", op: "=", value: "production" },
      { label: "region", op: "=", value: "us-east-1" },
    ]);
    const got = (await (await call("/api/scope", { token: alice })).json()) as { text: string };
    expect(got.text).toBe('environment="production",region="us-east-1"');
    expect(((await (await call("/api/scope", { token: bob })).json()) as { matchers: unknown[] }).matchers).toEqual([]);

    res = await json(
      "/api/scope/apply",
      { query: 'sum by (status) (rate(checkout_http_requests_total{status=~"5.."}[5m]))' },
      { token: alice },
    );
    expect(res.status).toBe(200);
    const applied = (await res.json()) as { query: string; original: string; changed: boolean };
    expect(applied.changed).toBe(true);
    expect(applied.query).toBe(
      'sum by (status) (rate(checkout_http_requests_total{status=~"5..", environment="production", region="us-east-1"}[5m]))',
    );

    // Bob has no scope: nothing changes for him.
    const bobs = (await (await json("/api/scope/apply", { query: "up" }, { token: bob })).json()) as {
      query: string;
      changed: boolean;
    };
    expect(bobs).toMatchObject({ query: "up", changed: false });
  });

  it("reports a conflict with 409 instead of merging", async () => {
    const res = await json("/api/scope/apply", {
      query: 'checkout_http_requests_total{region="us-west-2"}',
      scope: [{ label: "region", op: "=", value: "us-east-1" }],
    });
    expect(res.status).toBe(409);
    const body = (await res.json()) as Err;
    expect(body.error.code).toBe("CONFLICT");
    expect(body.error.message).toMatch(/us-west-2.*us-east-1/);
    expect(body.error.details!.conflicts[0]).toMatchObject({ label: "region" });
  });

  it("validates queries and matchers", async () => {
    expect((await json("/api/scope/apply", { query: "sum(", scope: [] })).status).toBe(400);
    expect(
      (await json("/api/scope", { matchers: [{ label: "__name__", op: "=", value: "up" }] }, { method: "PUT" })).status,
    ).toBe(400);
    expect(
      (await json("/api/scope", { matchers: [{ label: "region", op: "=~", value: "(" }] }, { method: "PUT" })).status,
    ).toBe(400);
    expect((await json("/api/scope", { text: "no operator here" }, { method: "PUT" })).status).toBe(400);
  });
});
