// The PromQL engine over the in-memory source vs a real Prometheus 2.42, same data set (written to
// Prometheus by remote_write), every compat expression as instant and range queries.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEngine, PromQLError } from "../../../core/promql/engine";
import { MemorySource } from "../../../core/promql/memory-source";
import { startPrometheus, type Running } from "../harness";
import { buildDataSet } from "./dataset";
import { writeDataSet } from "./load";
import { promQuery, promQueryRange, type ApiResult } from "./prom-client";
import { printReport, runSuite, type QueryApi } from "./suite";

const end = Math.floor(Date.now() / 60_000) * 60_000 - 60_000;
const ds = buildDataSet(end);

describe("PromQL engine (memory source) vs Prometheus", () => {
  let prom: Running;
  beforeAll(async () => {
    prom = await startPrometheus({ port: 18101 });
    await writeDataSet(`${prom.url}/api/v1/write`, ds);
  });
  afterAll(async () => {
    await prom?.stop();
  });

  it("answers every compat expression like Prometheus", async () => {
    const src = new MemorySource();
    for (const s of ds.series) src.add(s.labels, s.timestamps, s.values);
    const engine = createEngine(src);
    const wrap = async (f: () => Promise<unknown>): Promise<ApiResult> => {
      try {
        return { status: "success", data: JSON.parse(JSON.stringify(await f())) };
      } catch (e) {
        if (e instanceof PromQLError) return { status: "error", errorType: e.errorType, error: e.message };
        throw e;
      }
    };
    const subject: QueryApi = {
      instant: (q, t) => wrap(() => engine.instantQuery(q, t)),
      range: (q, s, e, step) => wrap(() => engine.rangeQuery(q, s, e, step)),
    };
    const reference: QueryApi = {
      instant: (q, t) => promQuery(prom.url, q, t),
      range: (q, s, e, step) => promQueryRange(prom.url, q, s, e, step),
    };
    const report = await runSuite(subject, reference, ds.start, ds.end);
    printReport("engine over memory source vs Prometheus 2.42", report);
    expect(report.expressions).toBeGreaterThanOrEqual(200);
    expect(report.nonEmpty).toBeGreaterThan(report.total * 0.8);
    expect(report.failures).toEqual([]);
  });
});
