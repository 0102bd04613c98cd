// Every alerting route group (monitors, channels, alerts, comments, muting, Alertmanager v2, live): no token -> 401, wrong scope -> 403, right scope -> 2xx.
import { beforeAll, describe, expect, it } from "vitest";
import { call, json, tokenWith } from "./helpers";

let reader = "";
let ingest = "";
let writer = "";
let monitorId = "";
let alertless = "";
let channelId = "";

beforeAll(async () => {
  [reader, ingest, writer] = await Promise.all([tokenWith(["read"]), tokenWith(["ingest"]), tokenWith(["write"])]);
  const res = await json(
    "/api/monitors",
    {
      name: `Sec ${Math.random()}`,
      query: "vector(0)",
      conditions: [{ severity: "critical", operator: ">", threshold: 1 }],
    },
    { token: writer },
  );
  expect(res.status).toBe(201);
  monitorId = ((await res.json()) as { id: string }).id;
  alertless = monitorId;
  const ch = await json(
    "/api/notification-channels",
    { kind: "slack", name: "sec", config: { webhookUrl: "https://hooks.example/sec" } },
    { token: writer },
  );
  expect(ch.status).toBe(201);
  channelId = ((await ch.json()) as { id: string }).id;
});

const reads = () => [
  "/api/monitors",
  `/api/monitors/${monitorId}`,
  `/api/monitors/${monitorId}/versions`,
  `/api/monitors/${monitorId}/state`,
  `/api/monitors/${monitorId}/comments`,
  "/api/notification-channels",
  "/api/alerts",
  "/api/muting-rules",
  "/api/v2/silences",
  "/api/v2/alerts",
];

const writes = (): [string, string, unknown][] => [
  [
    "POST",
    "/api/monitors",
    {
      name: `W ${Math.random()}`,
      query: "vector(0)",
      conditions: [{ severity: "warning", operator: ">", threshold: 1 }],
    },
  ],
  [
    "PUT",
    `/api/monitors/${monitorId}`,
    { name: "Sec renamed", query: "vector(0)", conditions: [{ severity: "warning", operator: ">", threshold: 1 }] },
  ],
  ["POST", `/api/monitors/${monitorId}/comments`, { body: "hi" }],
  [
    "POST",
    "/api/notification-channels",
    { kind: "slack", name: "s", config: { webhookUrl: "https://hooks.example/x" } },
  ],
  ["PATCH", `/api/notification-channels/${channelId}`, { notifyPer: "incident" }],
  ["POST", "/api/muting-rules", { monitorId: alertless, duration: "5m" }],
  [
    "POST",
    "/api/v2/silences",
    {
      matchers: [{ name: "a", value: "b", isRegex: false }],
      startsAt: new Date().toISOString(),
      endsAt: new Date(Date.now() + 60_000).toISOString(),
      createdBy: "x",
      comment: "",
    },
  ],
];

describe("alerting API security", () => {
  it("rejects every route without a token (401)", async () => {
    for (const p of reads()) expect((await call(p, { token: null })).status, p).toBe(401);
    for (const [method, p, body] of writes())
      expect((await json(p, body, { method, token: null })).status, p).toBe(401);
    expect((await call("/api/live?topics=alerts", { token: null, headers: { upgrade: "websocket" } })).status).toBe(
      401,
    );
  });

  it("forbids reads to an ingest-only token and writes to a read token (403)", async () => {
    for (const p of reads()) expect((await call(p, { token: ingest })).status, p).toBe(403);
    for (const [method, p, body] of writes())
      expect((await json(p, body, { method, token: reader })).status, p).toBe(403);
    expect(
      (await json("/api/muting-rules/preview", { monitorId: alertless, duration: "5m" }, { token: ingest })).status,
    ).toBe(403);
    expect((await call(`/api/monitors/${monitorId}`, { method: "DELETE", token: reader })).status).toBe(403);
    expect((await call("/api/v2/silence/x", { method: "DELETE", token: reader })).status).toBe(403);
  });

  it("allows reads with read and writes with write (2xx)", async () => {
    for (const p of reads()) expect((await call(p, { token: reader })).status, p).toBe(200);
    for (const [method, p, body] of writes())
      expect((await json(p, body, { method, token: writer })).status, p).toBeLessThan(300);
    expect(
      (await json("/api/muting-rules/preview", { monitorId: alertless, duration: "5m" }, { token: reader })).status,
    ).toBe(200);
    const res = await call(`/api/live?topics=alerts&access_token=${reader}`, {
      token: null,
      headers: { upgrade: "websocket" },
    });
    expect(res.status).toBe(101);
    res.webSocket!.accept();
    res.webSocket!.close();
    expect((await call(`/api/monitors/${monitorId}`, { method: "DELETE", token: writer })).status).toBe(200);
  });

  it("restarting a monitor's evaluator is for admins only", async () => {
    const m = await json(
      "/api/monitors",
      {
        name: `R ${Math.random()}`,
        query: "vector(0)",
        conditions: [{ severity: "warning", operator: ">", threshold: 1 }],
      },
      { token: writer },
    );
    const id = ((await m.json()) as { id: string }).id;
    const restart = (token: string | null) => call(`/api/monitors/${id}/restart`, { method: "POST", token });
    expect((await restart(null)).status).toBe(401);
    expect((await restart(writer)).status).toBe(403);
    expect((await restart(undefined as unknown as null)).status).toBe(200); // the admin token
  });
});
