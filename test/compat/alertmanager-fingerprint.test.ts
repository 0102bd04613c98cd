// Vigil's Alertmanager fingerprint (core/notify/fingerprint.ts) against a REAL Alertmanager's: alerts with many
// label sets are posted to a local Alertmanager 0.25 (Debian's prometheus-alertmanager), which computes each
// alert's fingerprint itself; its API's answers must equal Vigil's, byte for byte. A changed separator, hash,
// sort order or encoding fails here.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { alertmanagerWebhook } from "../../core/notify/alertmanager";
import { fingerprint } from "../../core/notify/fingerprint";
import type { NotificationContext } from "../../core/notify/types";

const PORT = 18731;
const BIN = ["prometheus-alertmanager", "alertmanager"].find((b) => spawnSync(b, ["--version"]).status === 0);
const url = `http://127.0.0.1:${PORT}`;
let am: ChildProcess;
let dir = "";

/** Label sets that exercise ordering, the separator, UTF-8, escapes and size. */
const LABEL_SETS: Record<string, string>[] = [
  { alertname: "Checkout error budget burn" },
  { alertname: "x", environment: "production", region: "us-east-1", monitor: "checkout-error-budget-burn" },
  { zeta: "1", alpha: "2", Mid: "3", _under: "4" }, // byte order, not locale order: "Mid" < "_under" < "alpha"
  { alertname: "sep", a: "bc" },
  { alertname: "sep", ab: "c" }, // the same bytes as the set above but for where the separator falls
  { alertname: "ünïcödé ✓ 日本語", emoji: "🚨🔥", accents: "café" },
  { alertname: "quotes", v: "\"quoted\" 'single' \\back\\slash", comma: "a,b=c;d", nl: "line1\nline2\ttab" },
  { alertname: "long", value: "x".repeat(2000) },
  Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`label_${String(i).padStart(2, "0")}`, `v${i * 7}`])),
  { alertname: "digits", a1: "0", a10: "00", a2: "000" },
];

async function waitReady(): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (am.exitCode !== null) throw new Error(`alertmanager exited with ${am.exitCode}`);
    try {
      if ((await fetch(`${url}/-/ready`)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("alertmanager did not become ready");
}

beforeAll(async () => {
  if (!BIN) throw new Error("prometheus-alertmanager is not installed (npm test installs it on Debian)");
  dir = mkdtempSync(path.join(tmpdir(), "vigil-am-"));
  writeFileSync(path.join(dir, "am.yml"), "route:\n  receiver: none\nreceivers:\n  - name: none\n");
  am = spawn(
    BIN,
    [
      `--config.file=${path.join(dir, "am.yml")}`,
      `--storage.path=${path.join(dir, "data")}`,
      `--web.listen-address=127.0.0.1:${PORT}`,
      "--cluster.listen-address=", // no gossip: a single local instance
      "--log.level=warn",
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  await waitReady();
});

afterAll(async () => {
  if (am && am.exitCode === null) {
    const exited = new Promise((r) => am.once("exit", r));
    am.kill("SIGTERM");
    await exited;
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("Alertmanager fingerprints: Vigil's equal a real Alertmanager's", () => {
  it("for every label set posted, the fingerprint Alertmanager reports is the one Vigil computes", async () => {
    const endsAt = new Date(Date.now() + 3600_000).toISOString();
    const post = await fetch(`${url}/api/v2/alerts`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(LABEL_SETS.map((labels) => ({ labels, annotations: {}, endsAt }))),
    });
    expect(post.status, await post.clone().text()).toBe(200);
    const listed = (await (await fetch(`${url}/api/v2/alerts`)).json()) as {
      fingerprint: string;
      labels: Record<string, string>;
    }[];
    expect(listed).toHaveLength(LABEL_SETS.length);
    const key = (l: Record<string, string>) => JSON.stringify(Object.entries(l).sort());
    const theirs = new Map(listed.map((a) => [key(a.labels), a.fingerprint]));
    for (const labels of LABEL_SETS) {
      const fp = theirs.get(key(labels));
      expect(fp, `Alertmanager listed ${JSON.stringify(labels).slice(0, 80)}`).toBeDefined();
      expect(fingerprint(labels), JSON.stringify(labels).slice(0, 80)).toBe(fp);
    }
  });

  it("labels with empty values are absent (as Alertmanager and Prometheus treat them), in the webhook too", async () => {
    const labels = { alertname: "empty", region: "", environment: "production" };
    const endsAt = new Date(Date.now() + 3600_000).toISOString();
    await fetch(`${url}/api/v2/alerts`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify([{ labels, annotations: {}, endsAt }]),
    });
    const listed = (await (await fetch(`${url}/api/v2/alerts?filter=alertname%3D%22empty%22`)).json()) as {
      fingerprint: string;
      labels: Record<string, string>;
    }[];
    expect(listed).toHaveLength(1);
    expect(listed[0].labels).toEqual({ alertname: "empty", environment: "production" });
    const ctx = {
      kind: "trigger",
      monitor: { id: "m", slug: "m", name: "empty" },
      alertId: "a",
      signalKey: "",
      labels,
      severity: "critical",
      value: 1,
      startedAt: 0,
      resolvedAt: null,
      annotations: {},
      alertUrl: "http://vigil/alerts/a",
      at: 0,
    } satisfies NotificationContext;
    const body = alertmanagerWebhook(ctx, { url: "http://x", receiver: "r", externalUrl: "" }).body as {
      alerts: { fingerprint: string; labels: Record<string, string> }[];
    };
    expect(body.alerts[0].labels).toEqual(listed[0].labels);
    expect(body.alerts[0].fingerprint).toBe(listed[0].fingerprint);
  });
});
