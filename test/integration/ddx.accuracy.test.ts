// The DDx accuracy suite of issue 14 in its quick mode, through the real API: two scenarios of each failure kind
// (a fault older than the baseline, a traffic shift confounder, a fault needing two labels, a low-traffic value,
// a diurnal swing, a gradual degradation) written through remote_write, ranked by POST /api/ddx/metrics, and
// scored beside the naive share-shift ranking and N-sigma on the same data. `npm run bench -- ddx` runs more.
import { beforeAll, describe, expect, it } from "vitest";
import { nSigmaRank, shareShiftRank } from "../../core/ddx/baselines";
import { acAtK, avgAtK, type RcaCase } from "../../core/ddx/rca-metrics";
import { faultSuite, gridOf } from "../fixtures/ddx-faults/suite";
import { call, json } from "./helpers";
import { ddxRequest, writeScenario } from "./lib/fault-suite";

const HOUR = 3_600_000;
const suite = faultSuite(2, Math.floor(Date.now() / HOUR) * HOUR - 2 * HOUR);
const cases: Record<"ddx" | "share-shift" | "n-sigma", RcaCase[]> = { ddx: [], "share-shift": [], "n-sigma": [] };
const misses: string[] = [];

const post = (body: Uint8Array) =>
  call("/api/v1/write", {
    method: "POST",
    headers: { "content-type": "application/x-protobuf", "content-encoding": "snappy" },
    body,
  });
const key = (r: { label: string; value: string }) => `${r.label}=${r.value}`;

beforeAll(async () => {
  for (const s of suite) await writeScenario(s, post);
  for (const s of suite) {
    const res = await json("/api/ddx/metrics", ddxRequest(s));
    if (res.status !== 200) throw new Error(`${s.id}: ${res.status} ${await res.text()}`);
    const body = (await res.json()) as { output: { ranked: { label: string; value: string }[]; mode: string } };
    expect(body.output.mode).toBe("rate");
    const ddx = body.output.ranked.map(key);
    if (!s.truth.includes(ddx[0]))
      misses.push(`${s.id} (${s.note}): truth ${s.truth.join(", ")}; got ${ddx.slice(0, 3).join(" | ")}`);
    const errorsW = gridOf(s, s.window, true);
    const errorsB = gridOf(s, s.baseline, true);
    cases.ddx.push({ ranked: ddx, truth: s.truth });
    cases["share-shift"].push({ ranked: shareShiftRank(errorsW, errorsB, ["status"]).map(key), truth: s.truth });
    cases["n-sigma"].push({ ranked: nSigmaRank(errorsW, errorsB, ["status"]).map(key), truth: s.truth });
  }
}, 600_000);

describe("DDx accuracy on the failure kinds of issue 14, through remote_write and the API", () => {
  it("ranks the culprit first in at least 95 % of the scenarios", () => {
    console.log(
      Object.entries(cases)
        .map(
          ([m, c]) =>
            `${m}: AC@1 ${acAtK(c, 1).toFixed(3)} AC@3 ${acAtK(c, 3).toFixed(3)} Avg@5 ${avgAtK(c, 5).toFixed(3)}`,
        )
        .join("\n"),
    );
    expect(misses.length, misses.join("\n")).toBeLessThanOrEqual(Math.floor(0.05 * suite.length));
    expect(acAtK(cases.ddx, 1)).toBeGreaterThanOrEqual(0.95);
  });

  it("beats the naive share-shift ranking and N-sigma on AC@1 and Avg@5", () => {
    for (const m of ["share-shift", "n-sigma"] as const) {
      expect(acAtK(cases.ddx, 1)).toBeGreaterThan(acAtK(cases[m], 1));
      expect(avgAtK(cases.ddx, 5)).toBeGreaterThan(avgAtK(cases[m], 5));
    }
  });

  it("covers every failure kind", () => {
    expect(new Set(suite.map((s) => s.kind)).size).toBe(6);
  });
});
