import { describe, expect, it } from "vitest";
import { call, json, tokenWith } from "./helpers";

/** The workspace side of SCENARIO.md, in order: deploy marker, evidence notebook, share, rollback, favourite, home. */
describe("the checkout incident, workspace side", () => {
  it("walks from the deploy event to a shared notebook and the home page", async () => {
    const argo = await tokenWith(["ingest"], "argocd");
    const sre = await tokenWith(["write"], "sre-on-call");
    const T0 = Date.now() - 40 * 60_000;

    // T0: ArgoCD reports the deploy.
    const deploy = await json(
      "/api/webhooks/argocd",
      {
        app: "checkout-service",
        version: "v3.41.0",
        author: "deploy-bot",
        region: "us-east-1",
        environment: "production",
        timestamp: new Date(T0).toISOString(),
      },
      { token: argo },
    );
    expect(deploy.status).toBe(201);

    // Investigation: the dashboard draws the deploy marker with the hover text of the story.
    const events = (await (
      await call(`/api/dashboards/dash_commerce_checkout/events?from=${T0 - 3_600_000}&to=${T0 + 10 * 60_000}`, {
        token: sre,
      })
    ).json()) as { markers: Array<{ text: string; time: number }> };
    expect(events.markers.map((m) => m.text)).toContain(
      "Deploy: checkout-service v3.41.0, Source: ArgoCD, Author: deploy-bot, Region: us-east-1",
    );

    // Pinned scope production / us-east-1, applied to the error query.
    await json("/api/scope", { text: "environment=production,region=us-east-1" }, { method: "PUT", token: sre });
    const scoped = (await (
      await json(
        "/api/scope/apply",
        { query: 'sum by (status) (rate(checkout_http_requests_total{status=~"5.."}[5m]))' },
        { token: sre },
      )
    ).json()) as { query: string };
    expect(scoped.query).toContain('region="us-east-1"');

    // Evidence goes into the notebook: a panel snapshot, a DDx result, a log line, a note.
    const snap = (await (
      await json(
        "/api/dashboards/dash_commerce_checkout/panels/error-breakdown/snapshot",
        {
          from: T0,
          to: T0 + 10 * 60_000,
          data: { result: [{ metric: { status: "503" }, values: [[T0 / 1000 + 300, "4.2"]] }] },
        },
        { token: sre },
      )
    ).json()) as { id: string; query: string; data: unknown };
    const nb = (await (
      await json(
        "/api/notebooks",
        {
          title: "2 AM Checkout Incident",
          cells: [
            {
              type: "ddx",
              kind: "metric",
              query: scoped.query,
              result: {
                ranked: [
                  { label: "endpoint", value: "/v2/process-payment" },
                  { label: "deployment.version", value: "v3.41.0" },
                ],
              },
            },
            {
              type: "snapshot_chart",
              title: "Error breakdown by status",
              query: snap.query,
              data: snap.data,
              snapshotId: snap.id,
              dashboardId: "dash_commerce_checkout",
              panelId: "error-breakdown",
              timeOverride: { from: T0, to: T0 + 10 * 60_000 },
            },
            {
              type: "log_line",
              timestamp: T0 + 130_000,
              service: "checkout-service",
              severity: "ERROR",
              body: "dial tcp: lookup payment-provider.internal: no such host",
            },
          ],
        },
        { token: sre },
      )
    ).json()) as { id: string };
    await json(
      `/api/notebooks/${nb.id}/cells`,
      {
        cell: {
          type: "markdown",
          source: "v3.41.0 calls `payment-provider.internal`, which exists only in staging DNS.",
        },
      },
      { token: sre },
    );

    // T0+36m: rollback event; T0+40m: share the notebook, favourite the dashboard.
    await json(
      "/api/webhooks/argocd",
      {
        app: "checkout-service",
        version: "v3.40.2",
        operation: "rollback",
        reason: "v3.41.0 DNS misconfiguration causing 503s",
        author: "sre-on-call",
        region: "us-east-1",
      },
      { token: argo },
    );
    const share = (await (await json(`/api/notebooks/${nb.id}/share`, {}, { token: sre })).json()) as {
      secret: string;
    };
    await json(
      "/api/favorites/dashboard/dash_commerce_checkout",
      { title: "Commerce Checkout Dashboard" },
      { method: "PUT", token: sre },
    );

    const shared = (await (await call(`/api/shared/notebooks/${share.secret}`, { token: null })).json()) as {
      title: string;
      cells: Array<{ type: string; html?: string }>;
    };
    expect(shared.title).toBe("2 AM Checkout Incident");
    expect(shared.cells.map((c) => c.type)).toEqual(["ddx", "snapshot_chart", "log_line", "markdown"]);
    expect(shared.cells[3]!.html).toContain("<code>payment-provider.internal</code>");

    const md = await (await call(`/api/notebooks/${nb.id}/export.md`, { token: sre })).text();
    expect(md).toContain("no such host");
    expect(md).toContain('"4.2"');

    const home = (await (await call("/api/home", { token: sre })).json()) as {
      favorites: Array<{ id: string }>;
      changes: Array<{ title: string }>;
      recent: Array<{ kind: string }>;
    };
    expect(home.favorites.map((f) => f.id)).toEqual(["dash_commerce_checkout"]);
    expect(home.changes.map((c) => c.title).slice(0, 2)).toEqual([
      "Rollback: checkout-service v3.40.2",
      "Deploy: checkout-service v3.41.0",
    ]);

    const search = (await (await call("/api/search?q=2%20AM", { token: sre })).json()) as {
      results: Array<{ kind: string; title: string }>;
    };
    expect(search.results).toContainEqual(
      expect.objectContaining({ kind: "notebook", title: "2 AM Checkout Incident" }),
    );
  });
});
