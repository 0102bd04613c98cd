#!/usr/bin/env node
// The checkout incident of SCENARIO.md, live: provisions monitors, channels and the dashboard, backfills two hours
// of history, then sends metrics, traces and logs every second through the real OTel SDK and remote_write.
//   node scripts/demo/main.mjs --url http://127.0.0.1:8787 --token <admin token>
//     [--at start|incident|baseline] [--rate N] [--speed N] [--backfill 2h] [--duration 10m]
//     [--control-port 8788] [--pager-port 8789] [--traces N] [--seed N]
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { VigilApi } from "./api.mjs";
import { startControlServer } from "./control.mjs";
import { startPagerReceiver } from "./pager-receiver.mjs";
import { provision } from "./provision.mjs";
import { Simulator } from "./simulator.mjs";

const root = fileURLToPath(new URL("../..", import.meta.url));

/** "90s", "10m", "2h", "1500ms" or bare seconds, as ms. @param {string} s */
function parseDuration(s) {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(s.trim());
  if (!m) throw new Error(`not a duration: ${s} (use 30s, 10m, 2h)`);
  const n = Number(m[1]);
  return Math.round(
    n * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[/** @type {"ms" | "s" | "m" | "h"} */ (m[2] ?? "s")],
  );
}

/** A duration for the monitor API: whole seconds. @param {number} ms */
const seconds = (ms) => `${Math.max(0, Math.round(ms / 1000))}s`;

const { values } = parseArgs({
  allowPositionals: true,
  strict: false,
  options: {
    url: { type: "string", default: process.env.VIGIL_URL ?? "http://127.0.0.1:8787" },
    token: { type: "string", default: process.env.VIGIL_TOKEN },
    at: { type: "string", default: "start" },
    rate: { type: "string", default: "1" },
    speed: { type: "string", default: "1" },
    backfill: { type: "string", default: "2h" },
    step: { type: "string", default: "15s" },
    duration: { type: "string" },
    "metrics-interval": { type: "string" },
    sustain: { type: "string" },
    window: { type: "string", default: "1m" },
    traces: { type: "string", default: "3" },
    seed: { type: "string", default: "20261125" },
    "control-port": { type: "string", default: process.env.VIGIL_DEMO_CONTROL_PORT ?? "8788" },
    "pager-port": { type: "string", default: process.env.VIGIL_DEMO_PAGER_PORT ?? "8789" },
    "no-provision": { type: "boolean", default: false },
    "state-dir": { type: "string", default: path.join(root, ".vigil") },
  },
});

const log = (/** @type {string} */ line) => console.log(`[demo] ${line}`);
const str = (/** @type {unknown} */ v) => String(v ?? "");
if (!values.token) {
  console.error("[demo] missing --token (the admin token npm start prints)");
  process.exit(2);
}
const at = str(values.at);
if (!["start", "incident", "baseline"].includes(at)) {
  console.error(`[demo] --at must be start, incident or baseline (got ${at})`);
  process.exit(2);
}
const speed = Math.max(1, Number(values.speed) || 1);
const url = str(values.url).replace(/\/$/, "");
const api = new VigilApi(url, str(values.token), log);
const stateDir = str(values["state-dir"]);
mkdirSync(stateDir, { recursive: true });
const pagerLog = path.join(stateDir, "pager.log");

/** @type {Awaited<ReturnType<typeof startPagerReceiver>> | null} */
let pager = null;
try {
  pager = await startPagerReceiver({ port: Number(values["pager-port"]), logFile: pagerLog, print: log });
  log(
    `pager receiver on ${pager.url} (PagerDuty, Slack, and the push stand-in with its demo phone at ${pager.push.endpoint}): pages print here and go to ${path.relative(process.cwd(), pagerLog) || pagerLog}`,
  );
} catch (e) {
  log(
    `warning: pager receiver could not listen on port ${values["pager-port"]} (${/** @type {Error} */ (e).message}); is another demo running?`,
  );
}
const pagerUrls = pager ?? {
  pagerDutyUrl: `http://127.0.0.1:${values["pager-port"]}/pagerduty/v2/enqueue`,
  slackUrl: `http://127.0.0.1:${values["pager-port"]}/slack/webhook`,
};

const sim = new Simulator({
  url,
  token: str(values.token),
  at: /** @type {"start" | "incident" | "baseline"} */ (at),
  rate: Math.max(0, Number(values.rate) || 1),
  speed,
  backfillMs: parseDuration(str(values.backfill)),
  stepMs: parseDuration(str(values.step)),
  metricsIntervalMs: values["metrics-interval"]
    ? parseDuration(str(values["metrics-interval"]))
    : speed > 1
      ? 10_000
      : 15_000,
  tracesPerSecond: Number(values.traces) || 0,
  seed: Number(values.seed) || 1,
  log,
  api,
});

let control = null;
try {
  control = await startControlServer({
    port: Number(values["control-port"]),
    sim,
    onAction: (a) => log(`control: ${a}`),
  });
  log(`scenario control on ${control.url} (npm run scenario -- deploy-bad | rollback | reset | status)`);
} catch (e) {
  log(
    `warning: control port ${values["control-port"]} busy (${/** @type {Error} */ (e).message}); scenario control disabled`,
  );
}
writeFileSync(
  path.join(stateDir, "demo.json"),
  JSON.stringify(
    { pid: process.pid, vigil: url, control: control?.url ?? null, pager: pager?.url ?? null, pagerLog },
    null,
    2,
  ),
);

// History first, monitors second: a new monitor replays its recent past on its first check (catch-up), so with
// `--at incident` the alerts are already firing when the page first loads.
try {
  await sim.backfill();
} catch (e) {
  // Backfilling blind over an earlier run's data would write counter resets: stop and say why instead.
  console.error(`[demo] could not backfill: ${/** @type {Error} */ (e).message}`);
  await sim.stop();
  process.exit(1);
}
if (!values["no-provision"]) {
  const timing = {
    sustain: values.sustain ? seconds(parseDuration(str(values.sustain))) : seconds(180_000 / speed),
    resolveWindow: seconds(60_000 / speed),
    window: str(values.window),
    speed,
  };
  const p = await provision(api, pagerUrls, timing);
  log(
    `provisioned: ${p.monitors.length} monitor(s), ${p.slos.length} SLO(s), ${p.channels.length} channel(s), dashboard ${p.dashboard ? "yes" : "no"}`,
  );
}

sim.startLive();
const first = sim.events[0];
if (at === "start" && first)
  log(
    `live. checkout-service v3.41.0 deploys at ${new Date(sim.wall(first.at)).toLocaleTimeString()}; errors 2 (story) minutes later; the checkout monitor fires after 3 more.`,
  );
else if (at === "incident")
  log(
    "live. The incident is already 10 minutes old: alerts should be firing. Roll back with: npm run scenario -- rollback",
  );
else log("live. Baseline traffic; start the incident with: npm run scenario -- deploy-bad");

let stopping = false;
async function shutdown(/** @type {number} */ code) {
  if (stopping) return;
  stopping = true;
  // Flushing to a Vigil that is already gone would wait for the exporters' timeouts: give it a few seconds.
  setTimeout(() => process.exit(code), 5000).unref();
  await sim.stop();
  await Promise.allSettled([control?.close(), pager?.close()]);
  process.exit(code);
}
process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));
if (values.duration) setTimeout(() => void shutdown(0), parseDuration(str(values.duration)));
// Started by npm start or a test that died without a signal (kill -9): do not linger as an orphan.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) void shutdown(0);
}, 2000).unref();
