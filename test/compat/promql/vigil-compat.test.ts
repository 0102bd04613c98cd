// Section 5 proof: the same data set written by remote_write to Vigil (workerd, real Durable Objects) and to a
// real Prometheus 2.42, then every compat expression compared over HTTP as instant and range queries.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEngine } from "../../../core/promql/engine";
import { MemorySource } from "../../../core/promql/memory-source";
import { startPrometheus, startVigil, type Running, type RunningVigil } from "../harness";
import { diffData } from "./compare";
import { buildDataSet } from "./dataset";
import { writeDataSet } from "./load";
import { promQuery, promQueryRange } from "./prom-client";
import { printReport, runSuite, type QueryApi } from "./suite";

const end = Math.floor(Date.now() / 60_000) * 60_000 - 60_000;
const ds = buildDataSet(end);

describe("Vigil PromQL API vs Prometheus over the same remote_write data", () => {
  let vigil: RunningVigil;
  let prom: Running;
  beforeAll(async () => {
    [vigil, prom] = await Promise.all([startVigil({ port: 18110 }), startPrometheus({ port: 18111 })]);
    await Promise.all([
      writeDataSet(`${prom.url}/api/v1/write`, ds),
      writeDataSet(`${vigil.url}/api/v1/write`, ds, vigil.token, { utf8: true }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([vigil?.stop(), prom?.stop()]);
  });

  it("answers every compat expression like Prometheus", async () => {
    const subject: QueryApi = {
      instant: (q, t) => promQuery(vigil.url, q, t, vigil.token),
      range: (q, s, e, step) => promQueryRange(vigil.url, q, s, e, step, vigil.token),
    };
    const reference: QueryApi = {
      instant: (q, t) => promQuery(prom.url, q, t),
      range: (q, s, e, step) => promQueryRange(prom.url, q, s, e, step),
    };
    const report = await runSuite(subject, reference, ds.start, ds.end);
    printReport("Vigil (remote_write -> Durable Objects -> PromQL API) vs Prometheus 2.42", report);
    expect(report.expressions).toBeGreaterThanOrEqual(200);
    expect(report.nonEmpty).toBeGreaterThan(report.total * 0.8);
    expect(report.failures).toEqual([]);
  });

  // Prometheus 2.42 cannot parse quoted UTF-8 names, so these compare Vigil with the engine over memory.
  it("answers Prometheus 3 UTF-8 name queries like the reference engine", async () => {
    const src = new MemorySource();
    for (const s of ds.series) src.add(s.labels, s.timestamps, s.values);
    const engine = createEngine(src);
    const queries = [
      '{"deployment.version"="v3.41.0"}',
      '{"deploy_requests_total", "service.name"="checkout"}',
      'sum by ("deployment.version") (rate(deploy_requests_total[5m]))',
      'deploy_requests_total{"deployment.version"=~"v3[.]4[12].*"} offset 10m',
      'label_join(deploy_requests_total, "svc", "/", "service.name", "deployment.version")',
      'count without ("deployment.version") (deploy_requests_total)',
    ];
    let passed = 0;
    for (const q of queries) {
      for (const t of [ds.end, ds.end - 1800_000]) {
        const want = JSON.parse(JSON.stringify(await engine.instantQuery(q, t)));
        const got = await promQuery(vigil.url, q, t, vigil.token);
        expect(got.status, q).toBe("success");
        if (got.status !== "success") continue;
        expect(want.result.length, q).toBeGreaterThan(0);
        expect(diffData(got.data, want), q).toBeNull();
        passed++;
      }
    }
    console.log(`[promql-compat] UTF-8 names: ${passed}/${queries.length * 2} Vigil vs reference engine`);
  });
});
