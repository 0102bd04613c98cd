// Contract callers: Health, me, sign-in, sessions, users, teams, collections, audit, push, tokens and sign-in links.
import { call, json, tokenWith } from "../helpers";
import { env } from "cloudflare:workers";
import { mintPushAckToken } from "../../../platform/db/push-ack-tokens";
import { asSession, sessionFor } from "../people-helpers";
import type { Callers, ContractWorld } from "./contract-world";

export function peopleCallers(w: ContractWorld): Callers {
  const { clock, ids, pushDevice, uid } = w;
  return {
    "GET /api/health": () => call("/api/health"),
    "GET /api/openapi.json": () => call("/api/openapi.json"),
    "GET /api/me": () => call("/api/me"),
    "GET /api/auth/sessions": () => call("/api/auth/sessions"),
    "GET /api/users": () => call("/api/users"),
    "GET /api/users/:ref": () => call("/api/users/alice"),
    "GET /api/people/suggest": () => call("/api/people/suggest?q=a"),
    "GET /api/teams": () => call("/api/teams"),
    "POST /api/teams": () => json("/api/teams", { name: `Team ${uid}` }),
    "GET /api/teams/:team": () => call(`/api/teams/${ids.team}`),
    "GET /api/collections": () => call("/api/collections"),
    "GET /api/audit": () => call("/api/audit"),
    "GET /api/me/push-devices": () => call("/api/me/push-devices"),
    "GET /api/me/push-preferences": () => call("/api/me/push-preferences"),
    "GET /api/push/vapid-public-key": () => call("/api/push/vapid-public-key"),
    "GET /api/auth/config": () => call("/api/auth/config", { token: null }),
    "POST /api/push/ack": async () => {
      // The token a push page carries, minted as the notifier mints it when it builds the page.
      const token = await mintPushAckToken(env.DB, "alice", ids.alert, clock.now);
      return json("/api/push/ack", { token, alertId: ids.alert }, { token: null });
    },
    "DELETE /api/auth/sessions/:id": async () => {
      const s = await sessionFor("alice");
      const { sessions } = (await (await asSession(s, "/api/auth/sessions")).json()) as any;
      const mine = sessions.find((x: any) => x.current);
      return asSession(s, `/api/auth/sessions/${mine.id}`, { method: "DELETE" });
    },
    "POST /api/auth/logout": async () => call("/api/auth/logout", { method: "POST", token: await tokenWith(["read"]) }),
    "PATCH /api/me": () => json("/api/me", { timeZone: "Europe/Berlin" }, { method: "PATCH" }),
    "PATCH /api/users/:ref": () => json("/api/users/alice", { disabled: false }, { method: "PATCH" }),
    "POST /api/users/:ref/sessions/revoke": () => json("/api/users/alice/sessions/revoke", {}),
    "PATCH /api/teams/:team": () => json(`/api/teams/${ids.team}`, { description: "contract" }, { method: "PATCH" }),
    "DELETE /api/teams/:team": async () => {
      const t = (await (await json("/api/teams", { name: `Gone team ${uid}` })).json()) as any;
      return call(`/api/teams/${t.id}`, { method: "DELETE" });
    },
    "GET /api/teams/:team/members": () => call(`/api/teams/${ids.team}/members`),
    "POST /api/teams/:team/members": () => json(`/api/teams/${ids.team}/members`, { user: "alice" }),
    "PATCH /api/teams/:team/members/:user": async () => {
      await json(`/api/teams/${ids.team}/members`, { user: "alice" });
      return json(`/api/teams/${ids.team}/members/alice`, { role: "editor" }, { method: "PATCH" });
    },
    "DELETE /api/teams/:team/members/:user": async () => {
      const t = (await (await json("/api/teams", { name: `Members ${uid}` })).json()) as any;
      await json(`/api/teams/${t.id}/members`, { user: "alice" });
      return call(`/api/teams/${t.id}/members/alice`, { method: "DELETE" });
    },
    "PUT /api/teams/:team/channels": () =>
      json(`/api/teams/${ids.team}/channels`, { channelIds: [] }, { method: "PUT" }),
    "PUT /api/teams/:team/groups": () =>
      json(`/api/teams/${ids.team}/groups`, { group: `sre-${uid}`, role: "responder" }, { method: "PUT" }),
    "DELETE /api/teams/:team/groups/:group": async () => {
      await json(`/api/teams/${ids.team}/groups`, { group: `gone-${uid}` }, { method: "PUT" });
      return call(`/api/teams/${ids.team}/groups/gone-${uid}`, { method: "DELETE" });
    },
    "POST /api/collections": () => json("/api/collections", { name: `Collection ${uid}` }),
    "DELETE /api/collections/:id": async () => {
      const col = (await (await json("/api/collections", { name: `Gone collection ${uid}` })).json()) as any;
      return call(`/api/collections/${col.id}`, { method: "DELETE" });
    },
    "GET /api/tokens": () => call("/api/tokens"),
    "POST /api/tokens": () => json("/api/tokens", { name: `contract ${uid}`, scopes: ["read"] }),
    "DELETE /api/tokens/:id": async () => {
      const t = (await (await json("/api/tokens", { name: `gone ${uid}`, scopes: ["read"] })).json()) as any;
      return call(`/api/tokens/${t.info.id}`, { method: "DELETE" });
    },
    "POST /api/signin-links": () => json("/api/signin-links", { scopes: ["read"], userId: "alice" }),
    "POST /api/me/push-devices": () => json("/api/me/push-devices", pushDevice("Contract phone")),
    "DELETE /api/me/push-devices/:id": async () => {
      const d = (await (await json("/api/me/push-devices", pushDevice("Gone tablet"))).json()) as any;
      return call(`/api/me/push-devices/${d.id}`, { method: "DELETE" });
    },
    "PUT /api/me/push-preferences": async () => {
      const now = await (await call("/api/me/push-preferences")).json();
      return json("/api/me/push-preferences", now, { method: "PUT" });
    },
    "POST /api/signin/exchange": async () => {
      const link = (await (await json("/api/signin-links", { scopes: ["read"], userId: "alice" })).json()) as any;
      return json("/api/signin/exchange", { code: link.code, session: true }, { token: null });
    },
  };
}
