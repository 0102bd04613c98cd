import { describe, expect, it } from "vitest";
import { seededRng } from "../random";
import { checkTimestamp, LIMITS } from "./limits";
import { validateSeries } from "./validate";

describe("validateSeries timestamps", () => {
  const now = 1_765_000_000_000;
  const latest = now + LIMITS.creationGracePeriodMs;
  // Fine ones, the grace period's edge on both sides, and every kind checkTimestamp refuses.
  const kinds = [now, now - 15_000, 0, -5, latest, latest + 1, 1.5, Number.NaN, 2 ** 53, -(2 ** 53), Infinity];
  const rnd = seededRng(9);

  it("keeps exactly the samples checkTimestamp accepts, with their values, and counts the rest", () => {
    for (let k = 0; k < 2000; k++) {
      const ts = Array.from({ length: Math.floor(rnd() * 6) }, () =>
        rnd() < 0.85 ? now - Math.floor(rnd() * 1e6) : kinds[Math.floor(rnd() * kinds.length)],
      );
      const values = Float64Array.from(ts, (_, i) => i + 0.5);
      const v = validateSeries([{ labels: { __name__: "m" }, timestamps: ts, values }], now);
      const ok = ts.map((t) => checkTimestamp(t, now) === null);
      const kept = ts.filter((_, i) => ok[i]);
      expect(v.accepted, `${ts}`).toBe(kept.length);
      expect(v.rejected, `${ts}`).toBe(ts.length - kept.length);
      // A series without samples passes as it came (nothing to store); one whose samples were all refused goes.
      if (kept.length === 0) expect(v.series.length).toBe(ts.length === 0 ? 1 : 0);
      else {
        expect(Array.from(v.series[0].timestamps)).toEqual(kept);
        expect(Array.from(v.series[0].values)).toEqual(Array.from(values).filter((_, i) => ok[i]));
      }
      expect(v.errors.length > 0).toBe(kept.length < ts.length);
    }
  });
});
