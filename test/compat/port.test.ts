// `PORT=18787 npm start`: everything a person taps points at 18787. The printed URL and one-time sign-in link,
// and the PagerDuty and Slack pages of the demo's incident (its local stand-in receiver records them), link to
// http://127.0.0.1:18787, and the page's link opens Vigil. Own state, token and ports: the developer's
// .wrangler/state, .dev.vars and default ports are left alone.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "./harness";
import { until } from "./poll";

const PORT = 18787;
const BASE = `http://127.0.0.1:${PORT}`;
const PAGER = `http://127.0.0.1:18789`;
const token = `vgl_port_${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`;

interface Received {
  kind: string;
  body: any;
}

let child: ChildProcess;
let out = "";
let dir = "";

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "vigil-port-"));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(PORT),
    VIGIL_ADMIN_TOKEN: token,
    VIGIL_STATE_DIR: path.join(dir, "state"),
    VIGIL_DEMO_CONTROL_PORT: "18788",
    VIGIL_DEMO_PAGER_PORT: "18789",
  };
  delete env.PUBLIC_URL;
  child = spawn(
    process.execPath,
    [
      path.join(repoRoot, "scripts", "start.mjs"),
      "--at",
      "incident",
      "--speed",
      "12",
      "--backfill",
      "20m",
      "--state-dir",
      path.join(dir, "demo"),
    ],
    { cwd: repoRoot, env, stdio: ["ignore", "pipe", "pipe"], detached: true },
  );
  const keep = (d: Buffer) => void (out = (out + d.toString()).slice(-50_000));
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
});

afterAll(async () => {
  if (child?.pid && child.exitCode === null) {
    const exited = new Promise((r) => child.once("exit", r));
    process.kill(-child.pid, "SIGTERM");
    await exited;
  }
  rmSync(dir, { recursive: true, force: true });
});

const abortIf = () => (child.exitCode !== null ? `npm start exited (${child.exitCode}):\n${out.slice(-5000)}` : null);

describe("PORT=18787 npm start", () => {
  it("prints the URL and a one-time sign-in link on port 18787, and the link signs in", async () => {
    await until("npm start to print its URL", () => out.includes("Vigil is running:"), { abortIf, timeoutMs: 600_000 });
    expect(out).toContain(`Vigil is running: ${BASE}`);
    const link = /Sign in \(one click, one time, 60 min\): (\S+)/.exec(out)?.[1] ?? "";
    expect(link.startsWith(`${BASE}/signin#code=`)).toBe(true);
    const code = decodeURIComponent(link.split("#code=")[1]);
    const res = await fetch(`${BASE}/api/signin/exchange`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ code }),
    });
    expect(res.status).toBe(201);
  });

  it("pages with links to http://127.0.0.1:18787, and the page's link opens Vigil", async () => {
    const received = async () =>
      ((await (await fetch(`${PAGER}/received`)).json()) as { received: Received[] }).received;
    const trigger = await until(
      "a PagerDuty trigger from the checkout monitor",
      // The checkout monitor: the one whose annotations link its dashboard (the demo's others page too).
      async () =>
        (await received()).find(
          (r) =>
            r.kind === "pagerduty" &&
            r.body.event_action === "trigger" &&
            r.body.payload?.source === "checkout-error-budget-burn",
        ),
      { abortIf, timeoutMs: 480_000, everyMs: 2000 },
    );
    const url = String(trigger.body.client_url);
    expect(url.startsWith(`${BASE}/alerts/`)).toBe(true);
    // Every link to Vigil (the alert, its dashboard) is on 18787; the runbook is another site.
    const links: string[] = trigger.body.links.map((l: { href: string }) => l.href);
    const ours = links.filter((h) => new URL(h).hostname === "127.0.0.1");
    expect(ours).toContain(url);
    expect(ours.length).toBeGreaterThanOrEqual(2);
    expect(ours.filter((h) => !h.startsWith(`${BASE}/`))).toEqual([]);
    const slack = await until("a Slack message", async () => (await received()).find((r) => r.kind === "slack"), {
      abortIf,
    });
    expect(JSON.stringify(slack.body)).toContain(`<${BASE}/alerts/`);
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toContain("text/html");
  });
});
