import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, json, tokenWith } from "./helpers";

async function seedAlert(id: string, slug: string, state: string, at: number): Promise<void> {
  await env.DB.prepare(
    `INSERT INTO alerts (id, monitor_id, monitor_slug, monitor_name, signal_key, signal_labels, labels, annotations, severity, state, muted, started_at, firing_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, '{}', 'critical', ?, 0, ?, ?, ?)`,
  )
    .bind(
      id,
      `mon_${slug}`,
      slug,
      slug,
      "k",
      JSON.stringify({ environment: "production", region: "us-east-1" }),
      JSON.stringify({ service: `${slug.split("-errors")[0]}`, environment: "production" }),
      state,
      at,
      at,
      at,
    )
    .run();
}

describe("favorites, recently viewed, home feed", () => {
  it("favorites and recent items are per user", async () => {
    const alice = await tokenWith(["write"], "fav-alice");
    const bob = await tokenWith(["write"], "fav-bob");
    const res = await json(
      "/api/favorites/dashboard/dash_commerce_checkout",
      { title: "Commerce Checkout Dashboard" },
      { method: "PUT", token: alice },
    );
    expect(res.status).toBe(200);
    await json("/api/favorites/service/checkout-service", {}, { method: "PUT", token: alice });
    await json(
      "/api/favorites/dashboard/dash_commerce_checkout",
      { title: "Commerce Checkout Dashboard" },
      { method: "PUT", token: alice },
    );
    const favs = (await (await call("/api/favorites", { token: alice })).json()) as {
      favorites: Array<{ kind: string; id: string }>;
    };
    expect(favs.favorites.map((f) => `${f.kind}:${f.id}`).sort()).toEqual([
      "dashboard:dash_commerce_checkout",
      "service:checkout-service",
    ]);
    expect(
      ((await (await call("/api/favorites", { token: bob })).json()) as { favorites: unknown[] }).favorites,
    ).toEqual([]);
    expect((await json("/api/favorites/planet/earth", {}, { method: "PUT", token: alice })).status).toBe(400);
    expect((await call("/api/favorites/service/checkout-service", { method: "DELETE", token: alice })).status).toBe(
      200,
    );
    expect((await call("/api/favorites/service/checkout-service", { method: "DELETE", token: alice })).status).toBe(
      404,
    );

    await json("/api/recent", { kind: "service", id: "payment-gateway", title: "payment-gateway" }, { token: alice });
    await call("/api/dashboards/dash_commerce_checkout", { token: alice });
    await new Promise((r) => setTimeout(r, 5));
    await json("/api/recent", { kind: "monitor", id: "checkout-error-budget-burn" }, { token: alice });
    const recent = (await (await call("/api/recent", { token: alice })).json()) as {
      recent: Array<{ kind: string; id: string }>;
    };
    expect(recent.recent[0]).toMatchObject({ kind: "monitor", id: "checkout-error-budget-burn" });
    expect(recent.recent.map((r) => r.id)).toEqual(
      expect.arrayContaining(["payment-gateway", "dash_commerce_checkout"]),
    );
    expect(((await (await call("/api/recent", { token: bob })).json()) as { recent: unknown[] }).recent).toEqual([]);
  });

  it("recently viewed keeps at most 50 items per user", async () => {
    const t = await tokenWith(["read"], "fav-many");
    for (let i = 0; i < 55; i++) await json("/api/recent", { kind: "service", id: `svc-${i}` }, { token: t });
    const n = await env.DB.prepare("SELECT COUNT(*) AS n FROM recent_views WHERE user_id = 'fav-many'").first<{
      n: number;
    }>();
    expect(n?.n).toBe(50);
  });

  it("home lists triggered alerts, favorites, comments, recent views and change events", async () => {
    const alice = await tokenWith(["write"], "home-alice");
    const now = Date.now();
    await seedAlert("al_checkout", "checkout-error-budget-burn", "firing", now - 60_000);
    await seedAlert("al_payment", "payment-gateway-errors", "firing", now - 50_000);
    await seedAlert("al_order", "order-service-errors", "firing", now - 40_000);
    await seedAlert("al_old", "old-monitor", "resolved", now - 3 * 86_400_000);
    await env.DB.prepare(
      "INSERT INTO comments (id, target_kind, target_id, author, body, created_at) VALUES ('cm_1', 'monitor', 'mon_x', 'alice', 'Payments team: **rollback** <script>alert(1)</script>', ?)",
    )
      .bind(now)
      .run();
    await json(
      "/api/favorites/dashboard/dash_commerce_checkout",
      { title: "Commerce Checkout Dashboard" },
      { method: "PUT", token: alice },
    );
    await call("/api/dashboards/dash_commerce_checkout", { token: alice });
    await json("/api/change-events", {
      title: "Deploy: checkout-service v3.41.0",
      source: "ArgoCD",
      category: "deploys",
      labels: { service: "checkout-service" },
    });

    const res = await call("/api/home", { token: alice });
    expect(res.status).toBe(200);
    const home = (await res.json()) as {
      alerts: Array<{ id: string; monitorSlug: string; state: string }>;
      favorites: Array<{ id: string }>;
      comments: Array<{ id: string; html: string }>;
      recent: Array<{ id: string }>;
      changes: Array<{ title: string }>;
    };
    expect(home.alerts.map((a) => a.id)).toEqual(["al_order", "al_payment", "al_checkout"]);
    expect(home.favorites.map((f) => f.id)).toEqual(["dash_commerce_checkout"]);
    const comment = home.comments.find((c) => c.id === "cm_1")!;
    expect(comment.html).toContain("<strong>rollback</strong>");
    expect(comment.html).not.toContain("<script");
    expect(home.recent.map((r) => r.id)).toContain("dash_commerce_checkout");
    expect(home.changes.map((c) => c.title)).toContain("Deploy: checkout-service v3.41.0");
  });
});
