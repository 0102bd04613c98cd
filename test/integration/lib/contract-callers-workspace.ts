// Contract callers: Dashboards, snapshots, notebooks and their shares, change events and webhooks, home, favorites, scope, search.
import { expect } from "vitest";
import { call, json } from "../helpers";
import type { Callers, ContractWorld } from "./contract-world";

export function workspaceCallers(w: ContractWorld): Callers {
  const { clock, dashboardModel, ids, uid } = w;
  return {
    "GET /api/change-events": () => call("/api/change-events"),
    "GET /api/change-events/:id": () => call(`/api/change-events/${ids.change}`),
    "GET /api/dashboards": () => call("/api/dashboards"),
    "POST /api/dashboards/provision": () => call("/api/dashboards/provision", { method: "POST" }),
    "POST /api/dashboards": () => json("/api/dashboards", { model: dashboardModel(`Created ${uid}`) }),
    "POST /api/dashboards/import": async () => {
      const exported = await (await call(`/api/dashboards/${ids.dashboard}/export`)).json();
      return json("/api/dashboards/import", exported);
    },
    "GET /api/dashboards/:id": () => call(`/api/dashboards/${ids.dashboard}`),
    "PUT /api/dashboards/:id": async () => {
      const now = (await (await call(`/api/dashboards/${ids.dashboard}`)).json()) as any;
      return json(`/api/dashboards/${ids.dashboard}`, { model: now.model, version: now.version }, { method: "PUT" });
    },
    "DELETE /api/dashboards/:id": async () => {
      const d = (await (await json("/api/dashboards", { model: dashboardModel(`Gone ${uid}`) })).json()) as any;
      return call(`/api/dashboards/${d.id}`, { method: "DELETE" });
    },
    "PUT /api/dashboards/:id/team": () =>
      json(`/api/dashboards/${ids.dashboard}/team`, { team: ids.team }, { method: "PUT" }),
    "GET /api/dashboards/:id/export": () => call(`/api/dashboards/${ids.dashboard}/export`),
    "GET /api/dashboards/:id/versions": () => call(`/api/dashboards/${ids.dashboard}/versions`),
    "GET /api/dashboards/:id/versions/:version{[0-9]+}": () => call(`/api/dashboards/${ids.dashboard}/versions/1`),
    "POST /api/dashboards/:id/versions/:version{[0-9]+}/restore": () =>
      call(`/api/dashboards/${ids.dashboard}/versions/1/restore`, { method: "POST" }),
    "GET /api/dashboards/:id/events": async () => {
      const res = await call(
        `/api/dashboards/${ids.dashboard}/events?from=${clock.now - 86_400_000}&to=${clock.now + 60_000}`,
      );
      const body = (await res.clone().json()) as any;
      expect(body.markers?.length, "the overlay matches the deploy").toBeGreaterThan(0);
      return res;
    },
    "POST /api/dashboards/:id/panels/:panelId/snapshot": () =>
      json(`/api/dashboards/${ids.dashboard}/panels/p1/snapshot`, {
        from: clock.now - 60_000,
        to: clock.now,
        data: [1],
      }),
    "GET /api/dashboards/:id/snapshots": () => call(`/api/dashboards/${ids.dashboard}/snapshots`),
    "GET /api/snapshots/:id": () => call(`/api/snapshots/${ids.snapshot}`),
    "GET /api/notebooks": () => call("/api/notebooks"),
    "POST /api/notebooks": () => json("/api/notebooks", { title: `Another ${uid}` }),
    "GET /api/notebooks/:id": () => call(`/api/notebooks/${ids.notebook}`),
    "PUT /api/notebooks/:id/team": () =>
      json(`/api/notebooks/${ids.notebook}/team`, { team: ids.team }, { method: "PUT" }),
    "PATCH /api/notebooks/:id": () =>
      json(`/api/notebooks/${ids.notebook}`, { title: `Renamed ${uid}` }, { method: "PATCH" }),
    "DELETE /api/notebooks/:id": async () => {
      const nb = (await (await json("/api/notebooks", { title: `Gone ${uid}` })).json()) as any;
      return call(`/api/notebooks/${nb.id}`, { method: "DELETE" });
    },
    "POST /api/notebooks/:id/cells": () =>
      json(`/api/notebooks/${ids.notebook}/cells`, { cell: { type: "markdown", source: "more" }, position: 0 }),
    "PATCH /api/notebooks/:id/cells/:cellId": () =>
      json(`/api/notebooks/${ids.notebook}/cells/${ids.cell}`, { title: "Edited" }, { method: "PATCH" }),
    "DELETE /api/notebooks/:id/cells/:cellId": async () => {
      const nb = (await (
        await json(`/api/notebooks/${ids.notebook}/cells`, { cell: { type: "markdown", source: "x" } })
      ).json()) as any;
      return call(`/api/notebooks/${ids.notebook}/cells/${nb.cells.at(-1).id}`, { method: "DELETE" });
    },
    "PUT /api/notebooks/:id/order": async () => {
      const nb = (await (await call(`/api/notebooks/${ids.notebook}`)).json()) as any;
      const cellIds = nb.cells.map((c: any) => c.id).reverse();
      return json(`/api/notebooks/${ids.notebook}/order`, { cellIds }, { method: "PUT" });
    },
    "POST /api/notebooks/:id/share": () => call(`/api/notebooks/${ids.notebook}/share`, { method: "POST" }),
    "DELETE /api/notebooks/:id/share": async () => {
      const nb = (await (await json("/api/notebooks", { title: `Unshared ${uid}` })).json()) as any;
      await call(`/api/notebooks/${nb.id}/share`, { method: "POST" });
      return call(`/api/notebooks/${nb.id}/share`, { method: "DELETE" });
    },
    "DELETE /api/notebooks/:id/share/:shareId": async () => {
      const nb = (await (await json("/api/notebooks", { title: `Unshared one ${uid}` })).json()) as any;
      const share = (await (await call(`/api/notebooks/${nb.id}/share`, { method: "POST" })).json()) as any;
      return call(`/api/notebooks/${nb.id}/share/${share.id}`, { method: "DELETE" });
    },
    "GET /api/shared/notebooks/:secret": () => call(`/api/shared/notebooks/${ids.secret}`, { token: null }),
    "GET /api/scope": () => call("/api/scope"),
    "PUT /api/scope": () => json("/api/scope", { text: "environment=production" }, { method: "PUT" }),
    "POST /api/scope/apply": () =>
      json("/api/scope/apply", { query: "sum(rate(http_requests_total[5m]))", text: 'region=~"us-.*"' }),
    "GET /api/favorites": async () => {
      await json(`/api/favorites/dashboard/${ids.dashboard}`, { title: "Board" }, { method: "PUT" });
      return call("/api/favorites");
    },
    "PUT /api/favorites/:kind/:id": () =>
      json(`/api/favorites/notebook/${ids.notebook}`, { title: "Notes" }, { method: "PUT" }),
    "DELETE /api/favorites/:kind/:id": async () => {
      await json(`/api/favorites/monitor/${ids.monitor}`, {}, { method: "PUT" });
      return call(`/api/favorites/monitor/${ids.monitor}`, { method: "DELETE" });
    },
    "GET /api/recent": () => call("/api/recent"),
    "POST /api/recent": () => json("/api/recent", { kind: "service", id: "checkout-service" }),
    "GET /api/home": async () => {
      const res = await call("/api/home");
      const home = (await res.clone().json()) as any;
      expect([home.alerts.length, home.comments.length, home.changes.length].every((n) => n > 0)).toBe(true);
      return res;
    },
    "GET /api/search": () => call("/api/search?q=checkout"),
    "POST /api/change-events": () =>
      json("/api/change-events", { title: `flag ${uid}`, source: "LaunchDarkly", category: "feature_flags" }),
    "POST /api/webhooks/argocd": () =>
      json("/api/webhooks/argocd", { app: `svc-${uid}`, version: "v2", revision: "abc1234", phase: "Succeeded" }),
    "POST /api/webhooks/github": () =>
      json(
        "/api/webhooks/github",
        {
          action: "created",
          deployment: {
            id: 42,
            sha: "a84d88e7554fc1fa21bcbc4efae3c782a70d2b9d",
            ref: "v3.41.0",
            task: "deploy",
            environment: "production",
            creator: { login: "deploy-bot" },
            created_at: new Date(clock.now).toISOString(),
          },
          repository: { name: `svc-${uid}`, full_name: `acme/svc-${uid}`, html_url: "https://github.com/acme/x" },
          sender: { login: "deploy-bot" },
        },
        { headers: { "x-github-event": "deployment" } },
      ),
  };
}
