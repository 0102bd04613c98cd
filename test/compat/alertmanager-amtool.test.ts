// Against a real Vigil (workerd, scripts/serve.mjs): the real `amtool` (Alertmanager 0.25) manages silences and
// lists alerts through Vigil's /api/v2, and a real Node HTTP receiver on loopback gets PagerDuty Events v2 and
// Alertmanager webhook v4 notifications from a monitor's Durable Object.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { remoteWriteBody } from "../../core/remote-write/encode";
import { dedupKey } from "../../core/notify/fingerprint";
import { startVigil, type RunningVigil } from "./harness";
import { until } from "./poll";

const VIGIL_PORT = 18420;
const RECEIVER_PORT = 18421;
const hasAmtool = spawnSync("amtool", ["--version"]).status === 0;

let vigil: RunningVigil;
let receiver: Server;
const got: { path: string; body: any }[] = [];
let dir = "";

function api(p: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${vigil.url}${p}`, {
    ...init,
    headers: { authorization: `Bearer ${vigil.token}`, "content-type": "application/json", ...init.headers },
  });
}

function amtool(...args: string[]): string {
  const r = spawnSync(
    "amtool",
    [`--alertmanager.url=${vigil.url}`, `--http.config.file=${path.join(dir, "http.yml")}`, ...args],
    { encoding: "utf8" },
  );
  if (r.status !== 0) throw new Error(`amtool ${args.join(" ")} failed: ${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

function waitFor<T>(what: string, fn: () => T | undefined | Promise<T | undefined>): Promise<T> {
  return until(what, fn, { everyMs: 500, timeoutMs: 150_000 });
}

async function writeGauge(name: string, v: number): Promise<void> {
  const body = remoteWriteBody([
    {
      labels: { __name__: name, environment: "production", region: "us-east-1" },
      samples: [{ t: Date.now() - 1000, v }],
    },
  ]);
  const res = await api("/api/v1/write", {
    method: "POST",
    headers: { "content-type": "application/x-protobuf", "content-encoding": "snappy" },
    body,
  });
  expect(res.status).toBeLessThan(300);
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "vigil-amtool-"));
  receiver = createServer((req, res) => {
    let data = "";
    req.on("data", (c) => (data += c));
    req.on("end", () => {
      got.push({ path: req.url ?? "", body: JSON.parse(data || "null") });
      res.writeHead(202, { "content-type": "application/json" }).end('{"status":"success"}');
    });
  });
  await new Promise<void>((r) => receiver.listen(RECEIVER_PORT, "127.0.0.1", r));
  vigil = await startVigil({ port: VIGIL_PORT, vars: { PUBLIC_URL: `http://127.0.0.1:${VIGIL_PORT}` } });
  writeFileSync(path.join(dir, "http.yml"), `authorization:\n  type: Bearer\n  credentials: ${vigil.token}\n`);
});

afterAll(async () => {
  await vigil?.stop();
  await new Promise((r) => receiver?.close(r));
  rmSync(dir, { recursive: true, force: true });
});

describe("notifications over real HTTP", () => {
  it("a firing monitor pages the receiver once with its dedup_key and sends the webhook; recovery resolves both", async () => {
    const pd = (await (
      await api("/api/notification-channels", {
        method: "POST",
        body: JSON.stringify({
          kind: "pagerduty",
          name: "pd",
          config: { routingKey: "RK", eventsUrl: `http://127.0.0.1:${RECEIVER_PORT}/pd` },
        }),
      })
    ).json()) as { id: string };
    const am = (await (
      await api("/api/notification-channels", {
        method: "POST",
        body: JSON.stringify({
          kind: "alertmanager",
          name: "hook",
          config: { url: `http://127.0.0.1:${RECEIVER_PORT}/am` },
        }),
      })
    ).json()) as { id: string };
    await writeGauge("compat_error_ratio", 0.072);
    const res = await api("/api/monitors", {
      method: "POST",
      body: JSON.stringify({
        name: "Compat checkout",
        slug: "compat-checkout",
        query: "compat_error_ratio",
        intervalSeconds: 15,
        conditions: [{ severity: "critical", operator: ">", threshold: 0.05 }],
        signals: { mode: "labels", keys: ["environment", "region"] },
        channels: [pd.id, am.id],
      }),
    });
    expect(res.status).toBe(201);
    const monitor = (await res.json()) as { id: string };
    const trigger = await waitFor("the page", () => got.find((g) => g.path === "/pd"));
    expect(trigger.body).toMatchObject({
      routing_key: "RK",
      event_action: "trigger",
      dedup_key: dedupKey(monitor.id, 'environment="production",region="us-east-1"'),
    });
    expect(trigger.body.links[0].href).toMatch(new RegExp(`^http://127.0.0.1:${VIGIL_PORT}/alerts/`));
    const hook = await waitFor("the webhook", () => got.find((g) => g.path === "/am"));
    expect(hook.body).toMatchObject({ version: "4", status: "firing", receiver: "hook" });
    expect(hook.body.alerts[0].fingerprint).toMatch(/^[0-9a-f]{16}$/);

    const alerts = JSON.parse(amtool("alert", "query", "-o", "json", "monitor=compat-checkout")) as any[];
    expect(alerts.map((a) => a.labels.region)).toEqual(["us-east-1"]);
    await writeGauge("compat_error_ratio", 0.003);
    const resolve = await waitFor("the resolve", () =>
      got.find((g) => g.path === "/pd" && g.body.event_action === "resolve"),
    );
    expect(resolve.body.dedup_key).toBe(trigger.body.dedup_key);
    const resolved = await waitFor("the resolved webhook", () =>
      got.find((g) => g.path === "/am" && g.body.status === "resolved"),
    );
    expect(resolved.body.alerts[0].endsAt).not.toBe("0001-01-01T00:00:00Z");
    expect(got.filter((g) => g.path === "/pd" && g.body.event_action === "trigger")).toHaveLength(1);
  });
});

// npm test installs prometheus-alertmanager (amtool) like the other Debian packages: a missing amtool fails here.
describe("amtool against /api/v2", () => {
  it("has the real amtool to test with", () => {
    expect(hasAmtool, "amtool not found: apt-get install prometheus-alertmanager").toBe(true);
  });

  it("adds, queries and expires a silence", async () => {
    const id = amtool(
      "silence",
      "add",
      "monitor=compat-checkout",
      "region=~us-east-.*",
      "--comment=rollback in progress",
      "--author=alice",
      "--duration=1h",
    ).trim();
    expect(id).toMatch(/^mute_/);
    const list = JSON.parse(amtool("silence", "query", "-o", "json")) as any[];
    const s = list.find((x) => x.id === id);
    expect(s).toMatchObject({ createdBy: "alice", comment: "rollback in progress", status: { state: "active" } });
    expect(s.matchers).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: "region", value: "us-east-.*", isRegex: true })]),
    );
    const rule = (await (await api(`/api/muting-rules/${id}`)).json()) as any;
    expect(rule.status).toBe("active");
    amtool("silence", "expire", id);
    const after = JSON.parse(amtool("silence", "query", "-o", "json", "--expired")) as any[];
    expect(after.find((x) => x.id === id)?.status.state).toBe("expired");
  });
});
