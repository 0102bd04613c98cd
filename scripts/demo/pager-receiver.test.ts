import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describe as describeReceived, startPagerReceiver } from "./pager-receiver.mjs";

describe("pager receiver", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "vigil-pager-"));
  const logFile = path.join(dir, "pager.log");
  const lines: string[] = [];
  let r: Awaited<ReturnType<typeof startPagerReceiver>>;
  beforeAll(async () => {
    r = await startPagerReceiver({ port: 18790, logFile, print: (l) => lines.push(l) });
  });
  afterAll(async () => {
    await r?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("answers PagerDuty like the Events API, prints one line and logs the payload", async () => {
    const event = {
      routing_key: "k",
      event_action: "trigger",
      dedup_key: "mon_1:env",
      payload: {
        summary: "Checkout error budget burn (environment=production, region=us-east-1): 7.2",
        severity: "critical",
        source: "checkout-error-budget-burn",
      },
    };
    const res = await fetch(r.pagerDutyUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(event),
    });
    expect(res.status).toBe(202);
    expect(await res.json()).toMatchObject({ status: "success", dedup_key: "mon_1:env" });
    expect(lines.at(-1)).toContain('PagerDuty TRIGGER critical "Checkout error budget burn');
    expect(JSON.parse(readFileSync(logFile, "utf8").trim().split("\n").at(-1)!).body).toEqual(event);
  });

  it("takes Slack messages and lists everything at GET /received", async () => {
    const res = await fetch(r.slackUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ text: "FIRING: checkout" }),
    });
    expect(res.status).toBe(200);
    const got = (await (await fetch(`${r.url}/received`)).json()) as { received: { kind: string }[] };
    expect(got.received.map((x) => x.kind)).toEqual(["pagerduty", "slack"]);
    expect(
      describeReceived({ at: 0, kind: "slack", path: "/slack/webhook", body: { text: "FIRING: checkout\nmore" } }),
    ).toBe("Slack message: FIRING: checkout");
  });

  it("refuses other methods and oversized bodies", async () => {
    expect((await fetch(r.pagerDutyUrl)).status).toBe(405);
    const big = "x".repeat(1024 * 1024 + 10);
    expect((await fetch(r.slackUrl, { method: "POST", body: big })).status).toBe(413);
  });
});
