// Trace DDx's sampling walk must page through the narrow spans_sample index (service, time, status, duration and
// the thinning hash) and never compute a hash per span or read the wide covering index: what SQLite plans for the
// statement the shard really runs, on a real shard.
import { env } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import { expect, it } from "vitest";
import { walkStatement } from "../../durable/trace-shard/sample-query";

it("walks a service's window through spans_sample", async () => {
  const stub = env.TRACE_SHARD.get(env.TRACE_SHARD.idFromName("sample-plan"));
  const plan = await runInDurableObject(stub, (_o, state) => {
    const sql = state.storage.sql;
    const { stmt } = walkStatement(
      sql,
      {
        startUs: 1_000_000,
        endUs: 2_000_000_000,
        service: "checkout-service",
        matchers: [],
        seed: 0x5eed,
        parts: [
          { status: "error", limit: 1250 },
          { status: "ok", limit: 1250 },
        ],
      },
      [40_000, 900_000],
    );
    return sql
      .exec<{ detail: string }>(`EXPLAIN QUERY PLAN ${stmt.sql}`, ...stmt.params)
      .toArray()
      .map((r) => r.detail);
  });
  expect(plan.join("\n")).toMatch(/USING INDEX spans_sample \(service=\? AND start_us>\? AND start_us<\?\)/);
});
