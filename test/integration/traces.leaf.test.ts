// The leaf-error flag kept at ingest: it must equal the full self-join whatever order spans arrive in,
// and a shard created before the flag existed must get it (and its indexes) by the forward migration.
import { env } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { migrateTraceSchema, TRACE_SCHEMA, TRACE_SCHEMA_VERSION } from "../../durable/trace-shard/schema";
import { LEAF_ERROR_SQL } from "../../durable/trace-shard/stats-query";
import { call, json } from "./helpers";
import { checkoutTrace, randomHex, toOtlpJson } from "./traces-fixtures";

const SELF_JOIN_LEAF = `(a.status = 2 AND NOT EXISTS (SELECT 1 FROM spans c WHERE c.trace_id = a.trace_id AND c.parent_id = a.span_id AND c.status = 2))`;

type Row = { key: Record<string, string>; current: { errors: number; leafErrors: number } };

describe("leaf-error flag", () => {
  it("is the same whether children arrive before or after their parents", async () => {
    const startMs = Date.now() - 10 * 60_000;
    const forward = checkoutTrace({ traceId: randomHex(16), startMs, failing: true });
    const backward = checkoutTrace({ traceId: randomHex(16), startMs, failing: true });
    expect((await json("/v1/traces", toOtlpJson(forward))).status).toBe(200);
    // One span per request, children first: every parent finds its failing child already stored.
    for (const s of [...backward].reverse()) expect((await json("/v1/traces", toOtlpJson([s]))).status).toBe(200);
    const res = await call(
      `/api/traces/stats?start=${startMs - 60_000}&end=${startMs + 60_000}&groupBy=service,operation`,
    );
    const rows = ((await res.json()) as { rows: Row[] }).rows;
    const charge = rows.find((r) => r.key.operation === "grpc.PaymentProcessor/ChargeCard")!;
    expect(charge.current).toMatchObject({ errors: 4, leafErrors: 2 });
    expect(rows.reduce((n, r) => n + r.current.leafErrors, 0)).toBe(2);
  });

  it("is added to a version-1 shard by the migration, with the covering indexes", async () => {
    const stub = env.TRACE_SHARD.get(env.TRACE_SHARD.idFromName("migration-v1"));
    await runInDurableObject(stub, async (_obj, state) => {
      const sql = state.storage.sql;
      // Rebuild the shard as version 1 created it.
      for (const t of ["spans", "span_attrs", "resources", "resource_attrs", "trace_meta", "err_children"])
        sql.exec(`DROP TABLE IF EXISTS ${t}`);
      for (const stmt of TRACE_SCHEMA) sql.exec(stmt);
      const add = (span: string, parent: string, status: number) =>
        sql.exec(
          `INSERT INTO spans (trace_id, span_id, parent_id, resource_id, service, name, kind, start_us, dur_us, status, status_msg, attrs, events, links, scope)
          VALUES ('t1', ?, ?, 1, 's', 'n', 2, 1, 1, ?, '', '{}', '[]', '[]', 'x')`,
          span,
          parent,
          status,
        );
      add("root", "", 2);
      add("mid", "root", 2);
      add("leaf", "mid", 2);
      add("ok", "root", 0);
      migrateTraceSchema(state.storage);
      migrateTraceSchema(state.storage); // idempotent: a restarted shard does not migrate twice
      const flagged = (where: string) =>
        sql
          .exec<{ span_id: string }>(`SELECT span_id FROM spans a WHERE ${where} ORDER BY span_id`)
          .toArray()
          .map((r) => r.span_id);
      expect(flagged(LEAF_ERROR_SQL)).toEqual(["leaf"]);
      expect(flagged(LEAF_ERROR_SQL)).toEqual(flagged(SELF_JOIN_LEAF));
      const indexes = sql
        .exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'spans'")
        .toArray()
        .map((r) => r.name);
      expect(indexes).toEqual(expect.arrayContaining(["spans_time_cov", "spans_service_cov"]));
      expect(indexes).not.toContain("spans_start");
      expect(sql.exec<{ value: number }>("SELECT value FROM trace_meta WHERE key = 'version'").one().value).toBe(
        TRACE_SCHEMA_VERSION,
      );
      // Spans stored before sampling weights existed count once, unweighted.
      expect(sql.exec("SELECT DISTINCT adjusted_count, weighted FROM spans").toArray()).toEqual([
        { adjusted_count: 1, weighted: 0 },
      ]);
    });
  });
});
