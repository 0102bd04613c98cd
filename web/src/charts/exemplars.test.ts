import { describe, expect, it } from "vitest";
import { exemplarPoints, traceIdOf } from "./exemplars";

const series = (exemplars: { labels: Record<string, string>; value: string; timestamp: number }[]) => ({
  seriesLabels: { __name__: "http_request_duration_seconds_bucket", le: "0.5" },
  exemplars,
});

describe("exemplars on charts", () => {
  it("finds the trace id under Prometheus', OpenTelemetry's and Grafana's names, and only a hex id", () => {
    expect(traceIdOf({ trace_id: "4BF92F3577B34DA6A3CE929D0E0E4736" })).toBe("4bf92f3577b34da6a3ce929d0e0e4736");
    expect(traceIdOf({ traceID: "a3ce929d0e0e4736" })).toBe("0000000000000000a3ce929d0e0e4736");
    expect(traceIdOf({ traceId: "00f067aa0ba902b7" })).toBe("000000000000000000f067aa0ba902b7");
    expect(traceIdOf({ trace_id: "not-a-trace" })).toBeUndefined();
    expect(traceIdOf({ span_id: "00f067aa0ba902b7" })).toBeUndefined();
  });

  it("keeps the range's finite points, scaled like the chart, and the newest when there are too many", () => {
    const s = series([
      { labels: { trace_id: "01" }, value: "0.25", timestamp: 100 },
      { labels: { trace_id: "02" }, value: "NaN", timestamp: 110 },
      { labels: { trace_id: "03" }, value: "0.5", timestamp: 120 },
      { labels: {}, value: "1.5", timestamp: 130 },
      { labels: { trace_id: "05" }, value: "2", timestamp: 500 },
    ]);
    const all = exemplarPoints([s], 100_000, 200_000, 1000);
    expect(all.total).toBe(3);
    expect(all.points.map((p) => [p.time, p.value, p.traceId])).toEqual([
      [100_000, 250, "00000000000000000000000000000001"],
      [120_000, 500, "00000000000000000000000000000003"],
      [130_000, 1500, undefined],
    ]);
    const capped = exemplarPoints([s], 0, 1e9, 1, 2);
    expect(capped.total).toBe(4);
    expect(capped.points.map((p) => p.time)).toEqual([130_000, 500_000]);
    expect(capped.points[0].series.le).toBe("0.5");
  });
});
