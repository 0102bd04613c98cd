// The accuracy suite of issue 14 (test/fixtures/ddx-faults: six failure kinds the old generator never made), with
// DDx through the real API (remote_write into Vigil on workerd, then POST /api/ddx/metrics) and in memory, beside
// the naive share-shift ranking and N-sigma on the same draws. AC@1, AC@3, Avg@5 overall and AC@1 per kind.
import { nSigmaRank, shareShiftRank } from "../../core/ddx/baselines";
import { rankMetrics } from "../../core/ddx/metric-ddx";
import { acAtK, avgAtK, type RcaCase } from "../../core/ddx/rca-metrics";
import { faultSuite, gridOf, SCRAPE_MS, type FaultScenario } from "../../test/fixtures/ddx-faults/suite";
import { ddxRequest, writeScenario } from "../../test/integration/lib/fault-suite";

export type Methods = "ddx (API)" | "ddx (in memory)" | "share shift" | "n-sigma";
export interface FaultReport {
  scenarios: number;
  kinds: Record<string, number>;
  methods: Record<string, { "AC@1": number; "AC@3": number; "Avg@5": number }>;
  byKind: Record<string, Record<string, number>>;
  misses: string[];
}

const key = (r: { label: string; value: string }) => `${r.label}=${r.value}`;

export interface Api {
  url: string;
  token: string;
  fetchRetry: (u: string, i: RequestInit) => Promise<Response>;
}

export async function faultAccuracy(perKind: number, api?: Api): Promise<FaultReport> {
  const hour = 3_600_000;
  const suite = faultSuite(perKind, Math.floor(Date.now() / hour) * hour - 2 * hour, 1414);
  const cases: Record<string, RcaCase[]> = {};
  const push = (m: Methods, s: FaultScenario, ranked: string[]) => (cases[m] ??= []).push({ ranked, truth: s.truth });
  const misses: string[] = [];
  if (api) {
    const post = (body: Uint8Array) =>
      api.fetchRetry(`${api.url}/api/v1/write`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${api.token}`,
          "content-type": "application/x-protobuf",
          "content-encoding": "snappy",
        },
        body: body as unknown as BodyInit,
      });
    const t = performance.now();
    for (const s of suite) await writeScenario(s, post);
    console.log(`fault suite: wrote ${suite.length} scenarios in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }
  for (const s of suite) {
    const ew = gridOf(s, s.window, true);
    const eb = gridOf(s, s.baseline, true);
    const sec = SCRAPE_MS / 1000;
    const mem = rankMetrics(ew, eb, {
      traffic: { window: gridOf(s, s.window, false), baseline: gridOf(s, s.baseline, false) },
      stepSeconds: { window: sec, baseline: sec },
      symptomLabels: ["status"],
      top: 20,
    }).ranked.map(key);
    push("ddx (in memory)", s, mem);
    if (api) {
      const res = await api.fetchRetry(`${api.url}/api/ddx/metrics`, {
        method: "POST",
        headers: { authorization: `Bearer ${api.token}`, "content-type": "application/json" },
        body: JSON.stringify(ddxRequest(s)),
      });
      if (res.status !== 200) throw new Error(`ddx ${s.id}: ${res.status} ${await res.text()}`);
      const ranked = ((await res.json()) as { output: { ranked: { label: string; value: string }[] } }).output.ranked;
      push("ddx (API)", s, ranked.map(key));
      if (!s.truth.includes(key(ranked[0] ?? { label: "", value: "" })))
        misses.push(
          `${s.id} (${s.note}): truth ${s.truth.join(", ")}; top 3 ${ranked.slice(0, 3).map(key).join(" | ")}`,
        );
    }
    push("share shift", s, shareShiftRank(ew, eb, ["status"]).map(key));
    push("n-sigma", s, nSigmaRank(ew, eb, ["status"]).map(key));
  }
  const kinds: Record<string, number> = {};
  for (const s of suite) kinds[s.kind] = (kinds[s.kind] ?? 0) + 1;
  const byKind: FaultReport["byKind"] = {};
  for (const kind of Object.keys(kinds))
    byKind[kind] = Object.fromEntries(
      Object.entries(cases).map(([m, c]) => [
        m,
        acAtK(
          c.filter((_, i) => suite[i].kind === kind),
          1,
        ),
      ]),
    );
  return {
    scenarios: suite.length,
    kinds,
    methods: Object.fromEntries(
      Object.entries(cases).map(([m, c]) => [m, { "AC@1": acAtK(c, 1), "AC@3": acAtK(c, 3), "Avg@5": avgAtK(c, 5) }]),
    ),
    byKind,
    misses,
  };
}

export function printFaults(r: FaultReport): void {
  const f = (x: number) => x.toFixed(3);
  console.log(`\nDDx accuracy, failure kinds of issue 14: ${r.scenarios} scenarios ${JSON.stringify(r.kinds)}`);
  console.log("method            AC@1   AC@3   Avg@5");
  for (const [m, s] of Object.entries(r.methods))
    console.log(`${m.padEnd(17)} ${f(s["AC@1"])}  ${f(s["AC@3"])}  ${f(s["Avg@5"])}`);
  console.log("AC@1 by kind:");
  for (const [k, v] of Object.entries(r.byKind))
    console.log(
      `  ${k.padEnd(26)} ${Object.entries(v)
        .map(([m, x]) => `${m} ${x.toFixed(2)}`)
        .join("  ")}`,
    );
  for (const m of r.misses) console.log(`  DDx (API) top-1 miss ${m}`);
}
