import { describe, expect, it } from "vitest";
import { distinctLabels, shortLabel, toAlignedData } from "./aligned";
import { buildUplotOptions, formatValue, timeTicks } from "./options";

describe("toAlignedData", () => {
  it("aligns series on a shared, sorted x axis with nulls for gaps", () => {
    const d = toAlignedData([
      {
        metric: { status: "503" },
        values: [
          [10, "1"],
          [20, "2"],
        ],
      },
      {
        metric: { status: "504" },
        values: [
          [20, "5"],
          [30, "NaN"],
        ],
      },
    ]);
    expect(d).toEqual([
      [10, 20, 30],
      [1, 2, null],
      [null, 5, null],
    ]);
  });
  it("labels series by what differs", () => {
    const s = [
      { metric: { __name__: "x", job: "a", status: "503" } },
      { metric: { __name__: "x", job: "a", status: "504" } },
    ];
    const keys = distinctLabels(s);
    expect(keys).toEqual(["status"]);
    expect(shortLabel(s[0].metric, keys)).toBe("status=503");
    expect(shortLabel({ __name__: "up" }, [])).toBe("up");
  });
});

describe("buildUplotOptions", () => {
  it("one uPlot series per label, units on the axis and in the legend, drag to select", () => {
    let picked: [number, number] | null = null;
    const o = buildUplotOptions({
      width: 400,
      height: 200,
      labels: ["a", "b"],
      unit: "%",
      thresholds: [{ value: 5, label: "critical > 5%" }],
      onSelect: (a, b) => (picked = [a, b]),
    });
    expect(o.series).toHaveLength(3);
    expect(o.series[1].label).toBe("a");
    expect(o.cursor?.drag?.x).toBe(true);
    expect(o.plugins).toHaveLength(1);
    const fakeU = { select: { left: 10, width: 100 }, posToVal: (p: number) => p, setSelect: () => undefined };
    (o.hooks!.setSelect![0] as (u: unknown) => void)(fakeU);
    expect(picked).toEqual([10_000, 110_000]);
  });
  it("formats values with units", () => {
    expect(formatValue(7.234, "%")).toBe("7.23%");
    expect(formatValue(0.18, "s")).toBe("180 ms");
    expect(formatValue(4.2, "s")).toBe("4.20 s");
    expect(formatValue(1240)).toBe("1.24k");
    expect(formatValue(null)).toBe("–");
  });
});

describe("value axis width", () => {
  it("grows with the longest tick label so units are not clipped", async () => {
    const { yAxisSize } = await import("./options");
    expect(yAxisSize(null, ["0", "10"])).toBe(40);
    expect(yAxisSize(null, ["40 req/s", "1.2K req/s"])).toBeGreaterThan(yAxisSize(null, ["40", "80"]));
    expect(yAxisSize(null, ["1.2K req/s"])).toBeGreaterThanOrEqual(10 * 7);
  });
});

describe("timeTicks", () => {
  const t0 = Date.UTC(2026, 10, 25, 2, 12, 0) / 1000;
  it("shows seconds when ticks are under a minute apart", () => {
    expect(timeTicks([t0, t0 + 15, t0 + 30], true)).toEqual(["02:12:00", "02:12:15", "02:12:30"]);
  });
  it("shows hours and minutes within a day, and the date across days", () => {
    expect(timeTicks([t0, t0 + 600], true)).toEqual(["02:12", "02:22"]);
    expect(timeTicks([t0, t0 + 43_200, t0 + 86_400], true)).toEqual(["11-25 02:12", "11-25 14:12", "11-26 02:12"]);
  });
});
