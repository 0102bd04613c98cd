#!/usr/bin/env node
// A stand-in for PagerDuty and Slack on loopback: it accepts what Vigil's notification channels send,
// prints one line per page so the user sees it arrive, appends the full payload to a JSON-lines log,
// and lists everything it got at GET /received (used by the demo test).
//   node scripts/demo/pager-receiver.mjs [--port 8789] [--log .vigil/pager.log]
import { appendFileSync, mkdirSync } from "node:fs";
import { createServer } from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

/** @typedef {{ at: number, kind: "pagerduty" | "slack" | "alertmanager" | "other", path: string, body: any }} Received */

const MAX_BODY = 1024 * 1024;

/** One human line for a payload. @param {Received} r */
export function describe(r) {
  const b = r.body ?? {};
  if (r.kind === "pagerduty") {
    const p = b.payload ?? {};
    return `PagerDuty ${String(b.event_action ?? "?").toUpperCase()} ${p.severity ?? ""} "${p.summary ?? ""}" dedup_key=${b.dedup_key ?? "-"}`;
  }
  if (r.kind === "slack")
    return `Slack message: ${String(b.text ?? b.blocks?.[0]?.text?.text ?? JSON.stringify(b))
      .split("\n")[0]
      .slice(0, 200)}`;
  if (r.kind === "alertmanager") return `Alertmanager webhook: ${b.status ?? "?"} ${(b.alerts ?? []).length} alert(s)`;
  return `POST ${r.path}`;
}

/** @param {string} p @returns {Received["kind"]} */
function kindOf(p) {
  if (p.includes("pagerduty") || p.includes("enqueue")) return "pagerduty";
  if (p.includes("slack")) return "slack";
  if (p.includes("alertmanager")) return "alertmanager";
  return "other";
}

/**
 * @param {{ port: number, host?: string, logFile?: string | null, print?: (line: string) => void }} o
 * @returns {Promise<{ url: string, received: Received[], pagerDutyUrl: string, slackUrl: string, alertmanagerUrl: string, close(): Promise<void> }>}
 */
export function startPagerReceiver(o) {
  const host = o.host ?? "127.0.0.1";
  /** @type {Received[]} */
  const received = [];
  if (o.logFile) mkdirSync(path.dirname(o.logFile), { recursive: true });
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", `http://${host}`);
    if (req.method === "GET" && url.pathname === "/received") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ received }));
      return;
    }
    if (req.method !== "POST") {
      res.writeHead(405).end();
      return;
    }
    /** @type {Buffer[]} */
    const chunks = [];
    let size = 0;
    req.on("data", (c) => {
      size += c.length;
      if (size <= MAX_BODY) chunks.push(c);
    });
    req.on("end", () => {
      if (size > MAX_BODY) {
        res.writeHead(413).end();
        return;
      }
      const text = Buffer.concat(chunks).toString("utf8");
      let body;
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
      /** @type {Received} */
      const r = { at: Date.now(), kind: kindOf(url.pathname), path: url.pathname, body };
      received.push(r);
      if (received.length > 10_000) received.shift();
      o.print?.(`📟 ${describe(r)}`);
      if (o.logFile) appendFileSync(o.logFile, `${JSON.stringify(r)}\n`);
      if (r.kind === "pagerduty") {
        res.writeHead(202, { "content-type": "application/json" });
        res.end(JSON.stringify({ status: "success", message: "Event processed", dedup_key: body?.dedup_key ?? null }));
      } else {
        res.writeHead(200, { "content-type": "text/plain" });
        res.end("ok");
      }
    });
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(o.port, host, () => {
      const addr = server.address();
      const port = typeof addr === "object" && addr ? addr.port : o.port;
      const url = `http://${host}:${port}`;
      resolve({
        url,
        received,
        pagerDutyUrl: `${url}/pagerduty/v2/enqueue`,
        slackUrl: `${url}/slack/webhook`,
        alertmanagerUrl: `${url}/alertmanager/webhook`,
        close: () => new Promise((r) => server.close(() => r(undefined))),
      });
    });
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const { values } = parseArgs({
    options: { port: { type: "string", default: "8789" }, log: { type: "string", default: ".vigil/pager.log" } },
  });
  const r = await startPagerReceiver({ port: Number(values.port), logFile: values.log, print: (l) => console.log(l) });
  console.log(
    `pager receiver listening on ${r.url} (PagerDuty: ${r.pagerDutyUrl}, Slack: ${r.slackUrl}); log: ${values.log}`,
  );
}
