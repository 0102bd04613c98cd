import { env } from "cloudflare:workers";
import { runDurableObjectAlarm } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { logShardName } from "../../platform/logs/shards";
import { call, json } from "./helpers";
import { logsJson, randomHex, type LogOptions } from "./traces-fixtures";

const NOW = Date.now();
const traceId = randomHex(16);
const spanId = randomHex(8);
const DNS = "dial tcp: lookup payment-provider.internal on 10.0.0.10:53: no such host (DNS lookup failure)";

beforeAll(async () => {
  const logs: LogOptions[] = [];
  for (let i = 0; i < 30; i++)
    logs.push({
      timeMs: NOW - 30 * 60_000 + i * 60_000,
      service: "checkout-service",
      severityNumber: 9,
      severityText: "INFO",
      body: `processed order ${i}`,
      attributes: { endpoint: "/v2/cart" },
    });
  for (let i = 0; i < 5; i++)
    logs.push({
      timeMs: NOW - 10 * 60_000 + i * 1000,
      service: "checkout-service",
      severityNumber: 17,
      severityText: "ERROR",
      body: DNS,
      traceId: i === 0 ? traceId : undefined,
      spanId: i === 0 ? spanId : undefined,
      attributes: { endpoint: "/v2/process-payment" },
    });
  logs.push({
    timeMs: NOW - 9 * 60_000,
    service: "payment-gateway",
    severityNumber: 13,
    severityText: "WARN",
    body: "retrying ChargeCard",
    region: "us-west-2",
  });
  const res = await json("/v1/logs", logsJson(logs));
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({});
});

interface Line {
  id: string;
  timeUs: number;
  service: string;
  level: string;
  body: string;
  traceId: string;
  traceLink: string | null;
  attributes: Record<string, string>;
}
interface Page {
  logs: Line[];
  nextCursor: string | null;
}

const range = `start=${NOW - 3_600_000}&end=${NOW + 1000}`;

describe("logs search", () => {
  it("finds the DNS error by severity and text, newest first, linked to its trace", async () => {
    const res = await call(
      `/api/logs?${range}&service=checkout-service&severity=error&q=${encodeURIComponent("payment-provider.internal")}`,
    );
    expect(res.status).toBe(200);
    const page = (await res.json()) as Page;
    expect(page.logs.length).toBe(5);
    expect(page.logs.every((l) => l.level === "error" && l.body === DNS)).toBe(true);
    for (let i = 1; i < page.logs.length; i++)
      expect(page.logs[i - 1].timeUs).toBeGreaterThanOrEqual(page.logs[i].timeUs);
    const linked = page.logs.find((l) => l.traceId === traceId)!;
    expect(linked.traceLink).toBe(`/api/traces/${traceId}`);
  });

  it("filters by trace id, attributes, regex and scope", async () => {
    const byTrace = (await (await call(`/api/logs?traceId=${traceId}`)).json()) as Page;
    expect(byTrace.logs.map((l) => l.body)).toEqual([DNS]);
    const byAttr = (await (await call(`/api/logs?${range}&tag=endpoint=/v2/process-payment`)).json()) as Page;
    expect(byAttr.logs.length).toBe(5);
    const byRe = (await (
      await call(`/api/logs?${range}&tag=${encodeURIComponent("endpoint=~/v2/c.*")}&limit=1000`)
    ).json()) as Page;
    expect(byRe.logs.length).toBe(30);
    const west = (await (await call(`/api/logs?${range}&scope=region=us-west-2`)).json()) as Page;
    expect(west.logs.map((l) => l.service)).toEqual(["payment-gateway"]);
    const warnUp = (await (await call(`/api/logs?${range}&severity=warn&limit=1000`)).json()) as Page;
    expect(warnUp.logs.length).toBe(6);
    const substring = (await (await call(`/api/logs?${range}&q=order%2012`)).json()) as Page;
    expect(substring.logs.map((l) => l.body)).toEqual(["processed order 12"]);
  });

  it("pages through everything with a cursor", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const url: string = `/api/logs?${range}&limit=7${cursor ? `&cursor=${cursor}` : ""}`;
      const page = (await (await call(url)).json()) as Page;
      seen.push(...page.logs.map((l) => l.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 20);
    expect(seen.length).toBe(36);
    expect(new Set(seen).size).toBe(36);
  });

  it("rejects bad parameters", async () => {
    for (const q of ["severity=loud", "traceId=xyz", "limit=5000", "start=never", "cursor=zz"]) {
      const res = await call(`/api/logs?${q}`);
      expect(res.status, q).toBe(400);
    }
  });
});

describe("logs histogram", () => {
  it("counts per severity over time buckets", async () => {
    const res = await call(`/api/logs/histogram?${range}&step=10m&service=checkout-service`);
    expect(res.status).toBe(200);
    const h = (await res.json()) as { buckets: number[]; counts: Record<string, number[]> };
    expect(h.buckets.length).toBe(7);
    expect(h.counts.error.reduce((a, b) => a + b, 0)).toBe(5);
    expect(h.counts.info.reduce((a, b) => a + b, 0)).toBe(30);
    expect(h.counts.warn.reduce((a, b) => a + b, 0)).toBe(0);
    const re = (await (
      await call(`/api/logs/histogram?${range}&step=10m&tag=${encodeURIComponent("endpoint=~/v2/p.*")}`)
    ).json()) as { counts: Record<string, number[]> };
    expect(re.counts.error.reduce((a, b) => a + b, 0)).toBe(5);
    expect(re.counts.info.reduce((a, b) => a + b, 0)).toBe(0);
    expect((await call(`/api/logs/histogram?${range}&step=1s`)).status).toBe(400);
  });
});

describe("LogShard retention", () => {
  it("drops a day bucket once it is older than RETENTION_DAYS", async () => {
    const oldMs = NOW - 40 * 86_400_000;
    expect(
      (
        await json(
          "/v1/logs",
          logsJson([
            { timeMs: oldMs, service: "order-service", severityNumber: 9, severityText: "INFO", body: "ancient" },
          ]),
        )
      ).status,
    ).toBe(200);
    const name = logShardName(Math.floor(oldMs / 86_400_000), "order-service", Number(env.LOG_SHARDS ?? "4"));
    const stub = env.LOG_SHARD.get(env.LOG_SHARD.idFromName(name));
    const count = () => (stub as unknown as { count(): Promise<number> }).count();
    expect(await count()).toBe(1);
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(await count()).toBe(0);
  });
});
