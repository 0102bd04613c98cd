// Contract callers: Monitors, alerts, comments, muting and inhibition rules, channels, incidents, SLOs and the Alertmanager v2 API.
import { expect } from "vitest";
import { call, json } from "../helpers";
import type { Callers, ContractWorld } from "./contract-world";
import { createMonitor } from "./monitor-fixture";

export function alertingCallers(w: ContractWorld): Callers {
  const { amSilence, ids, inhibitBody, monitorBody, muteBody, newInhibit, newMute, sloBody, uid } = w;
  return {
    "GET /api/alerts/:id/investigation": () => call(`/api/alerts/${ids.alert}/investigation`),
    "GET /api/v2/silences": () => call("/api/v2/silences"),
    "POST /api/v2/silences": () => json("/api/v2/silences", amSilence(`another ${uid}`)),
    "GET /api/v2/silence/:id": () => call(`/api/v2/silence/${ids.silence}`),
    "GET /api/v2/alerts": async () => {
      const res = await call("/api/v2/alerts");
      const alerts = (await res.clone().json()) as any[];
      expect(
        alerts.some((a) => a.status.state === "suppressed"),
        "the silence suppresses the contract alert",
      ).toBe(true);
      return res;
    },
    "GET /api/alerts/:id/history": () => call(`/api/alerts/${ids.alert}/history`),
    "PUT /api/alerts/:id/resolution-note": () =>
      json(`/api/alerts/${ids.alert}/resolution-note`, { note: "restarted the pod" }, { method: "PUT" }),
    "POST /api/alerts/:id/acknowledge": () => json(`/api/alerts/${ids.alert}/acknowledge`, { comment: "mine" }),
    "DELETE /api/alerts/:id/acknowledge": () => call(`/api/alerts/${ids.alert}/acknowledge`, { method: "DELETE" }),
    "POST /api/monitors/:id/comments": () =>
      json(`/api/monitors/${ids.monitor}/comments`, { body: `@alice have a look ${uid}` }),
    "POST /api/alerts/:id/comments": () => json(`/api/alerts/${ids.alert}/comments`, { body: "looking" }),
    "GET /api/muting-rules": async () => {
      const res = await call("/api/muting-rules");
      const rules = ((await res.clone().json()) as any).rules;
      expect(
        rules.some((r: any) => r.holding.count > 0),
        "an active rule holds the contract alert",
      ).toBe(true);
      return res;
    },
    "POST /api/muting-rules/preview": () => json("/api/muting-rules/preview", muteBody("preview")),
    "POST /api/muting-rules": () => json("/api/muting-rules", muteBody(`posted ${uid}`)),
    "GET /api/muting-rules/:id": async () => call(`/api/muting-rules/${await newMute(`got ${uid}`)}`),
    "POST /api/muting-rules/:id/expire": async () =>
      call(`/api/muting-rules/${await newMute(`expired ${uid}`)}/expire`, { method: "POST" }),
    "POST /api/muting-rules/:id/extend": async () =>
      json(`/api/muting-rules/${await newMute(`extended ${uid}`)}/extend`, { by: "30m" }),
    "DELETE /api/muting-rules/:id": async () =>
      call(`/api/muting-rules/${await newMute(`deleted ${uid}`)}`, { method: "DELETE" }),
    "POST /api/notification-channels": () =>
      json("/api/notification-channels", {
        kind: "slack",
        name: `Contract Slack ${uid}`,
        config: { webhookUrl: "https://hooks.slack.example/services/T000/B000/XXXXXXXX" },
      }),
    "PATCH /api/notification-channels/:id": async () => {
      const ch = (await (
        await json("/api/notification-channels", {
          kind: "slack",
          name: `Per incident ${uid}`,
          config: { webhookUrl: "https://hooks.slack.example/services/T000/B000/ZZZZZZZZ" },
        })
      ).json()) as any;
      return json(`/api/notification-channels/${ch.id}`, { notifyPer: "incident" }, { method: "PATCH" });
    },
    "DELETE /api/notification-channels/:id": async () => {
      const ch = (await (
        await json("/api/notification-channels", {
          kind: "slack",
          name: `Gone ${uid}`,
          config: { webhookUrl: "https://hooks.slack.example/services/T000/B000/YYYYYYYY" },
        })
      ).json()) as any;
      return call(`/api/notification-channels/${ch.id}`, { method: "DELETE" });
    },
    "POST /api/inhibit-rules": () => json("/api/inhibit-rules", inhibitBody(`Posted ${uid}`)),
    "GET /api/inhibit-rules/:id": async () => call(`/api/inhibit-rules/${await newInhibit(`Got ${uid}`)}`),
    "PUT /api/inhibit-rules/:id": async () =>
      json(`/api/inhibit-rules/${await newInhibit(`Put ${uid}`)}`, inhibitBody(`Replaced ${uid}`), { method: "PUT" }),
    "DELETE /api/inhibit-rules/:id": async () =>
      call(`/api/inhibit-rules/${await newInhibit(`Deleted ${uid}`)}`, { method: "DELETE" }),
    "POST /api/incidents/:id/acknowledge": () =>
      json(`/api/incidents/${ids.incident}/acknowledge`, { comment: "on it" }),
    "POST /api/incidents/:id/postmortem": async () => {
      const inc = (await (await json("/api/incidents", { title: `Postmortem ${uid}` })).json()) as any;
      return json(`/api/incidents/${inc.incident.id}/postmortem`, {});
    },
    "GET /api/monitors": () => call("/api/monitors"),
    "POST /api/monitors": () => json("/api/monitors", monitorBody(`Posted ${uid}`)),
    "GET /api/monitors/:id": () => call(`/api/monitors/${ids.monitor}`),
    "PUT /api/monitors/:id": async () => {
      const m = await createMonitor(monitorBody(`Replaced ${uid}`));
      return json(`/api/monitors/${m.id}`, { ...monitorBody(`Replaced ${uid}`), unit: "%" }, { method: "PUT" });
    },
    "DELETE /api/monitors/:id": async () => {
      const m = await createMonitor(monitorBody(`Deleted ${uid}`));
      return call(`/api/monitors/${m.id}`, { method: "DELETE" });
    },
    "GET /api/monitors/:id/versions": () => call(`/api/monitors/${ids.monitor}/versions`),
    "GET /api/monitors/:id/state": () => call(`/api/monitors/${ids.monitor}/state`),
    "POST /api/monitors/:id/restart": () => call(`/api/monitors/${ids.monitor}/restart`, { method: "POST" }),
    "GET /api/monitors/:id/comments": () => call(`/api/monitors/${ids.monitor}/comments`),
    "GET /api/alerts/:id/comments": () => call(`/api/alerts/${ids.alert}/comments`),
    "GET /api/notification-channels": () => call("/api/notification-channels"),
    "GET /api/alerts": () => call("/api/alerts?state=all"),
    "GET /api/alerts/:id": () => call(`/api/alerts/${ids.alert}`),
    "GET /api/inhibit-rules": () => call("/api/inhibit-rules"),
    "GET /api/incidents/settings": () => call("/api/incidents/settings"),
    "PUT /api/incidents/settings": async () => {
      const now = (await (await call("/api/incidents/settings")).json()) as any;
      return json(
        "/api/incidents/settings",
        { groupBy: now.groupBy, serviceGraph: now.serviceGraph, changeEvents: now.changeEvents },
        { method: "PUT" },
      );
    },
    "GET /api/incidents": () => call("/api/incidents?status=all"),
    "POST /api/incidents": () => json("/api/incidents", { title: `Another ${uid}` }),
    "GET /api/incidents/:id": () => call(`/api/incidents/${ids.incident}`),
    "PATCH /api/incidents/:id": () => json(`/api/incidents/${ids.incident}`, { severity: "sev3" }, { method: "PATCH" }),
    "POST /api/incidents/:id/comments": () => json(`/api/incidents/${ids.incident}/comments`, { body: "looking" }),
    "POST /api/incidents/:id/alerts": () => json(`/api/incidents/${ids.incident}/alerts`, { alertId: ids.alert }),
    "GET /api/slos/:id/status": () => call(`/api/slos/${ids.slo}/status`),
    "GET /api/slos": () => call("/api/slos"),
    "POST /api/slos": () => json("/api/slos", sloBody(`Posted SLO ${uid}`)),
    "GET /api/slos/:id": () => call(`/api/slos/${ids.slo}`),
    "PUT /api/slos/:id": async () => {
      const s = (await (await json("/api/slos", sloBody(`Replaced SLO ${uid}`))).json()) as any;
      return json(
        `/api/slos/${s.id}`,
        {
          ...sloBody(`Replaced SLO ${uid}`),
          sli: { kind: "threshold", query: `contract_${uid}`, operator: "<", threshold: 3 },
        },
        { method: "PUT" },
      );
    },
    "DELETE /api/slos/:id": async () => {
      const s = (await (await json("/api/slos", sloBody(`Deleted SLO ${uid}`))).json()) as any;
      return call(`/api/slos/${s.id}`, { method: "DELETE" });
    },
    "GET /api/slos/:id/versions": () => call(`/api/slos/${ids.slo}/versions`),
  };
}
