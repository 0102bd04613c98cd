import { describe, expect, it } from "vitest";
import { monitorInputSchema, type MonitorDef } from "../../../../core/contracts/alerting";
import { emptyForm, fromDef, msToDuration, parseLabels, previewSignals, toBody } from "./form";

const def: MonitorDef = {
  id: "mon_1",
  slug: "checkout-error-budget-burn",
  version: 3,
  name: "checkout-error-budget-burn",
  collection: "",
  team: "Payments",
  query: "sum by (region) (rate(x[5m]))",
  intervalSeconds: 15,
  conditions: [
    { severity: "critical", operator: ">", threshold: 5, sustainMs: 180_000, resolveWindowMs: 300_000 },
    { severity: "warning", operator: ">=", threshold: 2, sustainMs: 0, resolveWindowMs: 0 },
  ],
  signals: { mode: "labels", keys: ["region"] },
  noData: "ok",
  annotations: { dashboard: "/dashboards/dash_commerce_checkout", runbook: "https://runbooks.example/checkout" },
  channels: ["ch_1"],
  repeatIntervalMs: 5_400_000,
  labels: { service: "checkout-service" },
  enabled: true,
  createdBy: "u",
  createdAt: 0,
  updatedAt: 0,
};

describe("monitor form", () => {
  it("formats durations the API parses back", () => {
    expect(msToDuration(0)).toBe("0");
    expect(msToDuration(180_000)).toBe("3m");
    expect(msToDuration(5_400_000)).toBe("1h30m");
    expect(msToDuration(90_061_000)).toBe("1d1h1m1s");
  });

  it("round-trips a stored monitor through the form into a body the API schema accepts unchanged", () => {
    const body = toBody(fromDef(def));
    const parsed = monitorInputSchema.parse(body);
    expect(parsed.conditions).toEqual([
      { severity: "critical", operator: ">", threshold: 5, sustain: 180_000, resolveWindow: 300_000 },
      { severity: "warning", operator: ">=", threshold: 2, sustain: 0, resolveWindow: 0 },
    ]);
    expect(parsed.signals).toEqual({ mode: "labels", keys: ["region"] });
    expect(parsed.repeatInterval).toBe(5_400_000);
    expect(parsed.annotations).toEqual(def.annotations);
    expect(parsed.labels).toEqual(def.labels);
    expect(parsed.channels).toEqual(["ch_1"]);
    expect(parsed.intervalSeconds).toBe(15);
    // Saved from the editor, a monitor keeps its no-data policy, its flap setting and every annotation.
    expect(parsed.noData).toBe("ok");
    expect(parsed.flapping).toEqual({ enabled: false, changes: 6, window: 3_600_000 });
  });

  it("keeps annotations the form has no field for, and the flap setting", () => {
    const withMore: MonitorDef = {
      ...def,
      noData: "nodata",
      annotations: { ...def.annotations, summary: "rate {{ $value }}", runbook_url: "https://r.example/x" },
      flapping: { enabled: true, changes: 4, windowMs: 1_800_000 },
    };
    const parsed = monitorInputSchema.parse(toBody(fromDef(withMore)));
    expect(parsed.annotations).toEqual(withMore.annotations);
    expect(parsed.noData).toBe("nodata");
    expect(parsed.flapping).toEqual({ enabled: true, changes: 4, window: 1_800_000 });
    expect(emptyForm().noData).toBe("nodata");
  });

  it("leaves a bad threshold for the API to name, and omits disabled conditions", () => {
    const f = emptyForm();
    f.name = "x";
    f.query = "up";
    f.critical.threshold = "lots";
    const r = monitorInputSchema.safeParse(toBody(f));
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.path).toEqual(["conditions", 0, "threshold"]);
    expect((toBody(f).conditions as unknown[]).length).toBe(1);
  });

  it("parses labels leniently", () => {
    expect(parseLabels("a=1, b = two,, junk, c=x=y")).toEqual({ a: "1", b: "two", c: "x=y" });
  });

  it("previews which signals breach now, worst severity first", () => {
    const f = fromDef(def);
    const out = previewSignals(
      [
        { metric: { region: "us-west-2" }, value: 0.1 },
        { metric: { region: "us-east-1" }, value: 12.5 },
        { metric: { region: "eu-west-1" }, value: 3 },
        { metric: { region: "ap" }, value: Number.NaN },
      ],
      f,
    );
    expect(out).toEqual([
      { signal: "region=us-east-1", value: 12.5, severity: "critical" },
      { signal: "region=eu-west-1", value: 3, severity: "warning" },
      { signal: "region=us-west-2", value: 0.1, severity: null },
    ]);
    f.signalMode = "monitor";
    expect(
      previewSignals(
        [
          { metric: { region: "a" }, value: 1 },
          { metric: { region: "b" }, value: 9 },
        ],
        f,
      ),
    ).toEqual([{ signal: def.name, value: 9, severity: "critical" }]);
  });
});
