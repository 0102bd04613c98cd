import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, json, tokenWith } from "./helpers";

interface Hit {
  kind: string;
  id: string;
  title: string;
  url: string;
}

describe("global search", () => {
  it("finds monitors, dashboards, services, own notebooks and change events", async () => {
    const alice = await tokenWith(["write"], "search-alice");
    const bob = await tokenWith(["write"], "search-bob");
    const now = Date.now();
    await env.DB.prepare(
      "INSERT INTO monitors (id, slug, name, version, definition, created_by, created_at, updated_at) VALUES ('mon_s1', 'checkout-error-budget-burn', 'Checkout error budget burn', 1, '{}', 'x', ?, ?)",
    )
      .bind(now, now)
      .run();
    await json("/api/change-events", {
      title: "Deploy: checkout-service v3.41.0",
      source: "ArgoCD",
      category: "deploys",
      labels: { service: "checkout-service" },
    });
    await json("/api/notebooks", { title: "2 AM Checkout Incident" }, { token: alice });
    await json("/api/notebooks", { title: "Bob's checkout notes" }, { token: bob });

    const res = await call("/api/search?q=checkout", { token: alice });
    expect(res.status).toBe(200);
    const { results } = (await res.json()) as { results: Hit[] };
    const kinds = new Set(results.map((r) => r.kind));
    expect([...kinds].sort()).toEqual(["change_event", "dashboard", "monitor", "notebook", "service"]);
    expect(results.find((r) => r.kind === "service")).toMatchObject({
      id: "checkout-service",
      url: "/services/checkout-service",
    });
    expect(results.find((r) => r.kind === "dashboard")).toMatchObject({ title: "Commerce Checkout Dashboard" });
    expect(results.filter((r) => r.kind === "notebook").map((r) => r.title)).toEqual(["2 AM Checkout Incident"]);
    expect(results[0]).toMatchObject({ kind: "service", id: "checkout-service" });
    expect(results.findIndex((r) => r.kind === "service")).toBeLessThan(
      results.findIndex((r) => r.kind === "change_event"),
    );
  });

  it("treats wildcards literally and requires q", async () => {
    const res = (await (await call("/api/search?q=%25")).json()) as { results: Hit[] };
    expect(res.results).toEqual([]);
    expect((await call("/api/search")).status).toBe(400);
    expect((await call(`/api/search?q=${"x".repeat(201)}`)).status).toBe(400);
  });
});
