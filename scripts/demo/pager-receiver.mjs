#!/usr/bin/env node
// A stand-in for PagerDuty, Slack and a phone's push service on loopback: it accepts what Vigil's notification
// channels send, prints one line per page so the user sees it arrive, appends the full payload to a JSON-lines log,
// and lists everything it got at GET /received (used by the demo test). Pushes arrive encrypted at
// POST /push/demo-phone and are checked and decrypted first (push-service.mjs).
//   node scripts/demo/pager-receiver.mjs [--port 8789] [--log .vigil/pager.log]
import { appendFileSync, mkdirSync } from "node:fs";
import { createServer } from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { newPhone, receivePush, subscriptionOf } from "./push-service.mjs";

/** @typedef {{ at: number, kind: "pagerduty" | "slack" | "alertmanager" | "push" | "other", path: string, body: any, headers?: { ttl: number, urgency: string, topic: string | null } }} Received */

/** The one phone subscribed at the stand-in push service. */
const PHONE = "demo-phone";

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
  if (r.kind === "push")
    return `Push (demo phone) ${String(b.kind ?? "?").toUpperCase()} ${b.severity ?? ""} "${b.title ?? ""}"${
      b.signal ? ` ${b.signal}` : ""
    } urgency=${r.headers?.urgency ?? "-"}`;
  if (r.kind === "alertmanager") return `Alertmanager webhook: ${b.status ?? "?"} ${(b.alerts ?? []).length} alert(s)`;
  return `POST ${r.path}`;
}

/** @param {string} p @returns {Received["kind"]} */
function kindOf(p) {
  if (p.startsWith("/push/")) return "push";
  if (p.includes("pagerduty") || p.includes("enqueue")) return "pagerduty";
  if (p.includes("slack")) return "slack";
  if (p.includes("alertmanager")) return "alertmanager";
  return "other";
}

/**
 * @param {{ port: number, host?: string, logFile?: string | null, print?: (line: string) => void }} o
 * @returns {Promise<{ url: string, received: Received[], pagerDutyUrl: string, slackUrl: string, alertmanagerUrl: string, push: { endpoint: string, subscribe(applicationServerKey: string): ReturnType<typeof subscriptionOf> }, close(): Promise<void> }>}
 */
export function startPagerReceiver(o) {
  const host = o.host ?? "127.0.0.1";
  /** @type {Received[]} */
  const received = [];
  const phone = newPhone("demo phone");
  // What a sender signs the VAPID JWT for: the https origin a real push service has (set once listening).
  let audience = "";
  if (o.logFile) mkdirSync(path.dirname(o.logFile), { recursive: true });
  /** @param {Received} r */
  const record = (r) => {
    received.push(r);
    if (received.length > 10_000) received.shift();
    o.print?.(`📟 ${describe(r)}`);
    if (o.logFile) appendFileSync(o.logFile, `${JSON.stringify(r)}\n`);
  };
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
      if (kindOf(url.pathname) === "push") {
        if (url.pathname !== `/push/${PHONE}`) {
          res.writeHead(404, { "content-type": "text/plain" }).end("no such subscription");
          return;
        }
        const got = receivePush({ phone, audience, headers: req.headers, body: Buffer.concat(chunks) });
        if (!("payload" in got)) {
          o.print?.(`📟 Push refused (${got.status}): ${got.error}`);
          res.writeHead(got.status, { "content-type": "text/plain" }).end(got.error);
          return;
        }
        record({ at: Date.now(), kind: "push", path: url.pathname, body: got.payload, headers: got.headers });
        res.writeHead(201, { location: `${url.pathname}/messages/${received.length}` }).end();
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
      record(r);
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
      audience = `https://${host}:${port}`;
      const endpoint = `${url}/push/${PHONE}`;
      resolve({
        url,
        received,
        pagerDutyUrl: `${url}/pagerduty/v2/enqueue`,
        slackUrl: `${url}/slack/webhook`,
        alertmanagerUrl: `${url}/alertmanager/webhook`,
        push: {
          endpoint,
          // The phone subscribes with the deployment's VAPID public key; pages signed by any other are refused.
          subscribe: (applicationServerKey) => {
            phone.applicationServerKey = applicationServerKey;
            return subscriptionOf(phone, endpoint);
          },
        },
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
    `pager receiver listening on ${r.url} (PagerDuty: ${r.pagerDutyUrl}, Slack: ${r.slackUrl}, push: ${r.push.endpoint}); log: ${values.log}`,
  );
}
