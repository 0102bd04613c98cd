import { describe, expect, it } from "vitest";
import { type SloInput, sloInputSchema } from "../../../../core/contracts/slos";
import { budgetTone, burn, emptyForm, fromDef, msToDuration, pct, timeLeft, toBody } from "./form";

describe("SLO form", () => {
  it("the default form with a ratio SLI is a valid body with the workbook's policies", () => {
    const f = emptyForm();
    f.name = "Checkout availability 99.5 %";
    f.eventsSelector = 'checkout_http_requests_total{status=~"5.."}';
    f.total = "checkout_http_requests_total";
    f.groupBy = "region, environment";
    const parsed = sloInputSchema.parse(toBody(f));
    expect(parsed.objective).toBe(0.995);
    expect(parsed.sli).toEqual({ kind: "ratio", bad: f.eventsSelector, total: f.total });
    expect(parsed.groupBy).toEqual(["region", "environment"]);
    expect(parsed.alerting.policies.map((p) => [p.burnRate, p.longWindow, p.shortWindow])).toEqual([
      [14.4, 3_600_000, 300_000],
      [6, 21_600_000, 1_800_000],
      [1, 259_200_000, 21_600_000],
    ]);
  });

  it("round-trips a stored definition", () => {
    const f = emptyForm();
    Object.assign(f, {
      name: "p99 latency",
      kind: "threshold",
      query: "histogram_quantile(0.99, sum by (le) (rate(x_bucket[5m])))",
      operator: "<",
      threshold: "0.3",
      objectivePct: "99.9",
      window: "7d",
    });
    f.policies = [{ name: "fast", severity: "critical", burnRate: "10", longWindow: "1h", shortWindow: "5m" }];
    const input: SloInput = sloInputSchema.parse(toBody(f));
    const def = {
      ...input,
      id: "slo_1",
      slug: "p99",
      version: 1,
      alerting: {
        ...input.alerting,
        policies: input.alerting.policies.map((p, i) => ({
          name: p.name,
          severity: p.severity,
          burnRate: p.burnRate,
          longWindowMs: p.longWindow,
          shortWindowMs: p.shortWindow,
          monitorId: `mon_${i}`,
        })),
      },
      createdBy: "ana",
      createdAt: 1,
      updatedAt: 1,
    };
    const back = fromDef(def);
    expect(back.objectivePct).toBe("99.9");
    expect(back.policies).toEqual(f.policies);
    expect(sloInputSchema.parse(toBody(back))).toEqual(input);
  });

  it("keeps what does not parse so the server can name the field", () => {
    const f = emptyForm();
    f.objectivePct = "ninety";
    expect(toBody(f).objective).toBe("ninety");
  });

  it("formats figures for people", () => {
    expect(msToDuration(3_600_000)).toBe("1h");
    expect(msToDuration(259_200_000)).toBe("3d");
    expect(msToDuration(5_400_000)).toBe("90m");
    expect(pct(0.99512)).toBe("99.51 %");
    expect(pct(null)).toBe("no data");
    expect(burn(14.43)).toBe("14x");
    expect(burn(6.25)).toBe("6.3x");
    expect(burn(0.2)).toBe("0.20x");
    expect(timeLeft(50 * 3_600_000)).toBe("2 d 2 h");
    expect(timeLeft(45 * 60_000)).toBe("45 min");
    expect(timeLeft(null)).toBe("never at this rate");
    expect(timeLeft(0)).toBe("exhausted");
    expect([budgetTone(0.8), budgetTone(0.1), budgetTone(-0.2), budgetTone(null)]).toEqual([
      "ok",
      "warn",
      "bad",
      "none",
    ]);
  });
});
