import { describe, expect, it } from "vitest";
import { seededRng } from "../../core/random";
import type { SeriesSamples } from "../../core/remote-write/types";
import { splitByDay } from "../../core/shard-map/day-split";
import { DAY_MS, GENERATION_OVERLAP_MS } from "../../core/shard-map/generations";
import { seriesIdentity, shardName } from "../../core/tsdb/labels";
import { metricGenerationName, type WriteRoute } from "./shards";
import { routeSeries } from "./write";

const D = 20_000;

type Routed = Record<string, { key: string; fingerprint: number; t: number[]; v: number[]; delta?: boolean }[]>;

/** The routing spelled out the slow way: every series through splitByDay, each part to its object by name. */
function reference(route: WriteRoute, series: SeriesSamples[]): { routed: Routed; tooOld: number } {
  const routed: Routed = {};
  let tooOld = 0;
  for (const s of series) {
    const { key, fingerprint } = seriesIdentity(s.labels);
    const index = fingerprint % route.shards;
    const split = route.daily
      ? splitByDay(s.timestamps, route.oldestDay, !s.delta)
      : { parts: [{ day: 0, copy: false, indices: null }], tooOld: 0 };
    tooOld += split.tooOld;
    for (const p of split.parts) {
      const name = route.daily ? metricGenerationName(p.day, index) : shardName(index);
      const at = p.indices ?? s.timestamps.map((_, i) => i);
      (routed[p.copy ? `${name}+` : name] ??= []).push({
        key,
        fingerprint,
        t: at.map((i) => s.timestamps[i]),
        v: at.map((i) => s.values[i]),
        delta: s.delta,
      });
    }
  }
  return { routed, tooOld };
}

describe("routeSeries", () => {
  const rnd = seededRng(3);
  const edge = DAY_MS - GENERATION_OVERLAP_MS;
  const near = [0, 1, edge - 1, edge, edge + 1, DAY_MS - 1, 3_600_000];

  it("sends each sample where splitByDay says, the one-day and all-in-overlap fast paths included", () => {
    for (const daily of [true, false])
      for (let k = 0; k < 200; k++) {
        // Most series of a write share one day (the fast paths), some straddle edges or days retention dropped.
        const base = D + [-16, -1, 0, 0, 0, 1][Math.floor(rnd() * 6)];
        const series: SeriesSamples[] = Array.from({ length: 1 + Math.floor(rnd() * 40) }, (_, i) => {
          const mixed = rnd() < 0.2;
          const step = near[Math.floor(rnd() * near.length)];
          const ts = Array.from(
            { length: Math.floor(rnd() * 5) },
            (_, j) =>
              (mixed ? base + Math.floor(rnd() * 2) : base) * DAY_MS + (mixed ? near[(j + i) % near.length] : step + j),
          );
          return {
            labels: { __name__: "m", i: String(i % 7), k: String(k) },
            timestamps: ts,
            values: Float64Array.from(ts, (_, j) => j + i / 10),
            ...(rnd() < 0.2 ? { delta: true } : {}),
          };
        });
        const route: WriteRoute = { shards: 3, daily, oldestDay: D - 15, retentionDays: 15 };
        const want = reference(route, series);
        const got = routeSeries(route, series);
        const routed: Routed = {};
        for (const [name, t] of got.targets.all)
          routed[name] = t.items.map((x) => ({
            key: x.key,
            fingerprint: x.fingerprint,
            t: Array.from(x.timestamps),
            v: Array.from(x.values),
            delta: x.delta,
          }));
        expect(routed).toEqual(want.routed);
        expect(got.tooOld).toBe(want.tooOld);
      }
  });
});
