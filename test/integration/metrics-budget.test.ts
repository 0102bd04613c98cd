// A query over its byte budget answers 422 with what to narrow, through the real Prometheus API: never a 500,
// never a dropped connection. The same data aggregated to a few series answers normally. What must still move raw
// samples moves in pages bounded in bytes, far below the 32 MiB limit on one RPC value.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call } from "./helpers";
import { remoteWrite, uniq } from "./ingest-helpers";

async function rangeQuery(q: string, start: number, end: number, step: number) {
  const res = await call("/api/v1/query_range", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      query: q,
      start: String(start / 1000),
      end: String(end / 1000),
      step: String(step / 1000),
    }),
  });
  return {
    status: res.status,
    body: (await res.json()) as { status: string; errorType?: string; error?: string; data?: { result: unknown[] } },
  };
}

describe("query memory budgets", () => {
  it("answers 422 with what to narrow when one query's answers would outgrow the budget", async () => {
    const name = uniq("budget");
    // Yesterday, so the whole window lies in one day's generation (pushdown runs inside one generation).
    const day = Math.floor(Date.now() / 86_400_000) - 1;
    const end = (day + 1) * 86_400_000 - 60_000;
    const t = end - 3_600_000;
    const res = await remoteWrite(
      Array.from({ length: 800 }, (_, i) => ({
        labels: { __name__: name, i: String(i), job: `j${i % 4}` },
        samples: [{ t, v: i }],
      })),
    );
    expect(res.status).toBe(204);
    const start = end - 10_999 * 5_000;
    // 800 groups x 11,000 five-second steps: far past one shard's reply cap, refused before anything is sent.
    const over = await rangeQuery(`sum by (i) (${name})`, start, end, 5_000);
    expect(over.status).toBe(422);
    expect(over.body).toMatchObject({ status: "error", errorType: "execution" });
    expect(over.body.error).toMatch(/aggregate by fewer labels/);
    expect(over.body.error).toMatch(/shorten the time range or raise the step/);
    const ok = await rangeQuery(`sum by (job) (${name})`, start, end, 5_000);
    expect(ok.status).toBe(200);
    expect(ok.body.data?.result).toHaveLength(4);
  });
  it("moves raw samples in pages bounded in bytes that together hold the whole selection", async () => {
    const name = uniq("pages");
    const s = env.METRIC_SHARD.get(env.METRIC_SHARD.idFromName(uniq("page-shard")));
    const t0 = Date.now() - 3_600_000;
    const ts = Array.from({ length: 200 }, (_, i) => t0 + i * 15_000);
    const series = Array.from({ length: 60 }, (_, i) => ({
      labels: { __name__: name, i: String(i) },
      timestamps: ts,
      values: Float64Array.from(ts, (_, k) => k * (i + 1)),
    }));
    const appended = await s.append({ series });
    expect(appended.error).toBeUndefined();
    const matchers = [{ name: "__name__", op: "=" as const, value: name }];
    const maxBytes = 16_000;
    const got = new Map<string, number[]>();
    let pages = 0;
    let after: number | undefined;
    for (;;) {
      const r = await s.selectPage(matchers, t0, Date.now(), { after, maxBytes });
      if (r.error !== undefined) throw new Error(r.error);
      pages++;
      // What actually crossed RPC: the typed arrays' bytes stay within the page's budget.
      const wire = r.value.series.reduce((n, x) => n + x.timestamps.byteLength + x.values.byteLength, 0);
      expect(wire).toBeLessThanOrEqual(maxBytes);
      for (const x of r.value.series) got.set(x.labels.i, Array.from(x.values));
      if (r.value.next === null) break;
      after = r.value.next;
    }
    expect(pages).toBeGreaterThan(10);
    expect(got.size).toBe(60);
    for (const x of series) expect(got.get(x.labels.i)).toEqual(Array.from(x.values));
    // A single series larger than a page is refused with a limit error, not sent whole.
    const tooBig = await s.selectPage(matchers, t0, Date.now(), { maxBytes: 1000 });
    expect(tooBig).toMatchObject({ limit: true });
  });

  it("caps index answers (series, label values) in bytes and says what to narrow", async () => {
    const name = uniq("index-cap");
    const s = env.METRIC_SHARD.get(env.METRIC_SHARD.idFromName(uniq("index-shard")));
    const t = Date.now() - 60_000;
    const long = "x".repeat(200);
    const appended = await s.append({
      series: Array.from({ length: 50 }, (_, i) => ({
        labels: { __name__: name, pod: `${long}-${i}` },
        timestamps: [t],
        values: Float64Array.of(i),
      })),
    });
    expect(appended.error).toBeUndefined();
    const sets = [[{ name: "__name__", op: "=" as const, value: name }]];
    const all = await s.series(sets, t - 1, t + 1);
    expect(all.error === undefined && all.value).toHaveLength(50);
    // 50 label sets of ~450 bytes each do not fit in 8 KiB: refused as a limit, not cut short.
    const capped = await s.series(sets, t - 1, t + 1, { maxBytes: 8192 });
    expect(capped).toMatchObject({ limit: true });
    expect(capped.error).toMatch(
      /query limit exceeded: the matching series' label sets exceed 8 KiB in one shard: narrow the matchers/,
    );
    const values = await s.labelValues("pod", sets, t - 1, t + 1, { maxBytes: 8192 });
    expect(values).toMatchObject({ limit: true });
    expect(values.error).toMatch(/values of label "pod" exceed 8 KiB/);
    expect((await s.labelValues("pod", sets, t - 1, t + 1)).error).toBeUndefined();
    // The cap itself is bounded: a caller cannot lift it past 16 MiB.
    expect(await s.series(sets, t - 1, t + 1, { maxBytes: 64 * 1024 * 1024 })).toMatchObject({ limit: false });
  });
});
