import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { snappyWriteRequest } from "../compat/promql/remote-write";
import { call } from "./helpers";

const metric = `promapi_requests_${Math.random().toString(36).slice(2, 8)}`;
const now = Math.floor(Date.now() / 1000) * 1000;
const t0 = now - 10 * 60_000;
const ts = Array.from({ length: 41 }, (_, i) => t0 + i * 15_000);

async function write(
  series: { labels: Record<string, string>; timestamps: number[]; values: number[] }[],
): Promise<void> {
  const body = snappyWriteRequest(series.map((s) => ({ ...s, values: Float64Array.from(s.values) })));
  const res = await call("/api/v1/write", {
    method: "POST",
    headers: {
      "content-type": "application/x-protobuf",
      "content-encoding": "snappy",
      "x-prometheus-remote-write-version": "0.1.0",
    },
    body,
  });
  expect(res.status).toBeLessThan(300);
}

type Envelope = { status: string; data?: any; errorType?: string; error?: string };
async function get(
  path: string,
  params: Record<string, string | string[]> = {},
): Promise<{ status: number; body: Envelope }> {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) for (const x of [v].flat()) u.append(k, x);
  const res = await call(`${path}?${u}`);
  return { status: res.status, body: (await res.json()) as Envelope };
}
async function post(path: string, params: Record<string, string>): Promise<{ status: number; body: Envelope }> {
  const res = await call(path, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(params),
  });
  return { status: res.status, body: (await res.json()) as Envelope };
}

describe("Prometheus HTTP API", () => {
  beforeAll(async () => {
    await write([
      { labels: { __name__: metric, job: "api", instance: "a" }, timestamps: ts, values: ts.map((_, i) => i * 10) },
      { labels: { __name__: metric, job: "web", instance: "b" }, timestamps: ts, values: ts.map((_, i) => i * 2) },
      {
        labels: { __name__: `${metric}_info`, "deployment.version": "v3.41.0" },
        timestamps: ts,
        values: ts.map(() => 1),
      },
    ]);
  });

  it("answers an instant query with Prometheus' vector shape", async () => {
    const { status, body } = await get("/api/v1/query", {
      query: `sum by (job) (${metric})`,
      time: String(now / 1000),
    });
    expect(status).toBe(200);
    expect(body.status).toBe("success");
    expect(body.data.resultType).toBe("vector");
    const byJob = Object.fromEntries(body.data.result.map((r: any) => [r.metric.job, r.value]));
    expect(byJob).toEqual({ api: [now / 1000, "400"], web: [now / 1000, "80"] });
  });

  it("answers a form-POST range query with rate()", async () => {
    const { status, body } = await post("/api/v1/query_range", {
      query: `rate(${metric}{job="api"}[1m])`,
      start: new Date(now - 5 * 60_000).toISOString(),
      end: String(now / 1000),
      step: "1m",
    });
    expect(status).toBe(200);
    expect(body.data.resultType).toBe("matrix");
    expect(body.data.result).toHaveLength(1);
    expect(body.data.result[0].metric).toEqual({ instance: "a", job: "api" });
    expect(body.data.result[0].values).toHaveLength(6);
    for (const [, v] of body.data.result[0].values) expect(Number(v)).toBeCloseTo(10 / 15, 9);
  });

  it("queries UTF-8 label names with Prometheus 3 quoting", async () => {
    const { body } = await get("/api/v1/query", {
      query: `{"${metric}_info", "deployment.version"="v3.41.0"}`,
      time: String(now / 1000),
    });
    expect(body.data.result).toHaveLength(1);
    expect(body.data.result[0].metric["deployment.version"]).toBe("v3.41.0");
  });

  it("applies RE2-only regex syntax ((?i), POSIX classes) correctly", async () => {
    const ci = await get("/api/v1/query", { query: `${metric}{job=~"(?i)API"}`, time: String(now / 1000) });
    expect(ci.status).toBe(200);
    expect(ci.body.data.result.map((r: any) => r.metric.job)).toEqual(["api"]);
    const posix = await get("/api/v1/query", {
      query: `${metric}{instance=~"[[:alpha:]]", job!~"(?i)WEB"}`,
      time: String(now / 1000),
    });
    expect(posix.body.data.result.map((r: any) => r.metric.instance)).toEqual(["a"]);
  });

  it("returns scalars and strings", async () => {
    expect((await get("/api/v1/query", { query: "1 + 2", time: "100" })).body.data).toEqual({
      resultType: "scalar",
      result: [100, "3"],
    });
    expect((await get("/api/v1/query", { query: '"hi"', time: "100" })).body.data).toEqual({
      resultType: "string",
      result: [100, "hi"],
    });
  });

  it("rejects bad queries and parameters with bad_data", async () => {
    const bad = await get("/api/v1/query", { query: "sum(rate(x[5m])" });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ status: "error", errorType: "bad_data" });
    expect(bad.body.error).toMatch(/parse error/);
    expect((await get("/api/v1/query", { query: "up", time: "yesterday" })).body.error).toMatch(
      /invalid parameter "time"/,
    );
    const res = await get("/api/v1/query_range", { query: "up", start: "0", end: "100000", step: "1" });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatch(/exceeded maximum resolution of 11,000 points per timeseries/);
    expect((await get("/api/v1/query_range", { query: "up", start: "10", end: "0", step: "1" })).status).toBe(400);
    expect((await get("/api/v1/query_range", { query: "up", start: "0", end: "10", step: "-1" })).status).toBe(400);
  });

  it("reports runtime errors as 422 execution", async () => {
    const many = await get("/api/v1/query", { query: `${metric} + on() ${metric}`, time: String(now / 1000) });
    expect(many.status).toBe(422);
    expect(many.body.error).toMatch(/many-to-many matching not allowed/);
    const dup = await get("/api/v1/query", {
      query: `label_replace(label_replace(${metric}, "job", "x", "job", ".*"), "instance", "x", "instance", ".*")`,
      time: String(now / 1000),
    });
    expect(dup.status).toBe(422);
    expect(dup.body).toMatchObject({ status: "error", errorType: "execution" });
  });

  it("lists series, label names and label values (U__ escaped names too)", async () => {
    const series = await get("/api/v1/series", { "match[]": metric, start: String((now - 3600_000) / 1000) });
    expect(series.body.data).toEqual(expect.arrayContaining([{ __name__: metric, job: "api", instance: "a" }]));
    expect((await get("/api/v1/series", {})).status).toBe(400);
    const names = await get("/api/v1/labels", { "match[]": `{__name__=~"${metric}.*"}` });
    expect(names.body.data).toEqual(expect.arrayContaining(["__name__", "deployment.version", "instance", "job"]));
    const values = await get("/api/v1/label/job/values", { "match[]": metric });
    expect(values.body.data).toEqual(["api", "web"]);
    const ci = await get("/api/v1/series", {
      "match[]": `${metric}{job=~"(?i)WEB"}`,
      start: String((now - 3600_000) / 1000),
    });
    expect(ci.body.data).toEqual([{ __name__: metric, job: "web", instance: "b" }]);
    expect((await get("/api/v1/label/instance/values", { "match[]": `${metric}{job=~"(?i)WEB"}` })).body.data).toEqual([
      "b",
    ]);
    expect((await get("/api/v1/labels", { "match[]": `${metric}{job=~"(?i)WEB"}` })).body.data).toEqual([
      "__name__",
      "instance",
      "job",
    ]);
    const utf8 = await get("/api/v1/label/U__deployment_2e_version/values", { "match[]": `${metric}_info` });
    expect(utf8.body.data).toEqual(["v3.41.0"]);
  });

  it("serves metadata, buildinfo, format_query, exemplars, rules and alerts", async () => {
    expect((await get("/api/v1/metadata")).body.status).toBe("success");
    expect((await get("/api/v1/status/buildinfo")).body.data.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect((await get("/api/v1/format_query", { query: "sum by(job)(rate(x[5m]))" })).body.data).toBe(
      "sum by (job) (rate(x[5m]))",
    );
    expect((await get("/api/v1/query_exemplars", { query: "up" })).body.data).toEqual([]);
    expect((await get("/api/v1/rules")).body.data).toEqual({ groups: [] });
    expect((await get("/api/v1/alerts")).body.data).toEqual({ alerts: [] });
  });

  it("never answers random queries with a 5xx", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ maxLength: 40 }),
          fc.constantFrom("sum(", "rate(x[5m]", "{", "1/0", "x[5m:1m] @ start()", 'label_replace(x,"a","b","c","(")'),
        ),
        async (q) => {
          const res = await call(`/api/v1/query?${new URLSearchParams({ query: q, time: String(now / 1000) })}`);
          expect(res.status).toBeLessThan(500);
          const body = (await res.json()) as Envelope;
          if (res.status !== 200) expect(body.status).toBe("error");
          const series = await call(`/api/v1/series?${new URLSearchParams({ "match[]": q })}`);
          expect(series.status).toBeLessThan(500);
        },
      ),
      { numRuns: 60 },
    );
  }, 120_000);

  it("matches hostile regexes against long label values in linear time (RE2), on every read path", async () => {
    const v = `${"a".repeat(2000)}!`;
    await write([{ labels: { __name__: `${metric}_redos`, v }, timestamps: ts, values: ts.map(() => 1) }]);
    for (const re of ["(a+)+b", "(a|aa)*b", "(a*)*b", "(.*a){25}b", "(a|a?)+!x"]) {
      const q = await get("/api/v1/query", { query: `${metric}_redos{v=~"${re}"}`, time: String(now / 1000) });
      expect(q.status, re).toBe(200);
      expect(q.body.data.result, re).toEqual([]);
      const neg = await get("/api/v1/query", { query: `count(${metric}_redos{v!~"${re}"})`, time: String(now / 1000) });
      expect(neg.body.data.result[0].value[1], re).toBe("1");
      const lr = await get("/api/v1/query", {
        query: `label_replace(${metric}_redos, "x", "$1", "v", "${re}")`,
        time: String(now / 1000),
      });
      expect(lr.body.data.result[0].metric.x, re).toBeUndefined();
      const series = await get("/api/v1/series", { "match[]": `{__name__="${metric}_redos", v=~"${re}"}` });
      expect(series.body.data, re).toEqual([]);
    }
    const ok = await get("/api/v1/query", { query: `count(${metric}_redos{v=~"a+!"})`, time: String(now / 1000) });
    expect(ok.body.data.result[0].value[1]).toBe("1");
  });
});
