// DDx benchmark: accuracy on the original generator's scenarios and on the failure kinds of issue 14 (through the
// API, beside the naive share-shift ranking and N-sigma), and speed beside plain full scans of the same data in
// Node. Prints tables and ratios and writes bench/out/ddx.json. No assertion on time.
import { cpSync, writeFileSync } from "node:fs";
import { it } from "vitest";
import { evaluate, type AccuracyReport } from "./accuracy";
import { buildScenarios } from "./generator";
import { startVigil } from "../../test/compat/harness";
import { faultAccuracy, printFaults } from "./faults";
import { fetchRetry, ingestAccuracy } from "./ingest";
import { traceApiLatency } from "./ingest-traces";
import { metricSpeed } from "./speed";
import { latency } from "./latency";
import { benchOut, sized } from "../quick";

const fmt = (x: number) => x.toFixed(3);

function printAccuracy(r: AccuracyReport): void {
  console.log(`\nDDx accuracy (${r.mode}): ${r.scenarios} scenarios, kinds ${JSON.stringify(r.kinds)}`);
  console.log("method        AC@1   AC@3   Avg@5");
  for (const [m, s] of Object.entries(r.methods))
    console.log(`${m.padEnd(12)} ${fmt(s["AC@1"])}  ${fmt(s["AC@3"])}  ${fmt(s["Avg@5"])}`);
  console.log(
    `${"random k/M".padEnd(12)} ${fmt(r.random["AC@1"])}  ${fmt(r.random["AC@3"])}  ${fmt(r.random["Avg@5"])}   (M = ${r.random.meanCandidates.toFixed(1)} label=value candidates on average)`,
  );
  console.log(
    "AC@1 by kind: " +
      Object.entries(r.byKind)
        .map(
          ([k, v]) =>
            `${k} ${Object.values(v)
              .map((x) => x.toFixed(1))
              .join("/")}`,
        )
        .join("; "),
  );
  for (const m of r.misses)
    console.log(`  DDx top-1 miss ${m.id}: truth ${m.truth.join(", ")}; top-3 ${m.top3.join(" | ")}`);
}

it("DDx accuracy and latency", async () => {
  const out: Record<string, unknown> = { when: new Date().toISOString() };
  // DDX_BENCH_ONLY=traces runs the trace speed figure alone (the other parts take minutes and load the machine).
  if (process.env.DDX_BENCH_ONLY === "traces") {
    const vigil = await startVigil({ port: 18800 });
    try {
      out.traceSpeed = await traceApiLatency(
        vigil.url,
        vigil.token,
        fetchRetry,
        Number(process.env.DDX_BENCH_TRACE_SCALE ?? sized(2, 1)),
      );
      if (process.env.DDX_BENCH_KEEP_STATE)
        cpSync(vigil.stateDir, process.env.DDX_BENCH_KEEP_STATE, { recursive: true });
    } finally {
      await vigil.stop();
    }
    writeFileSync(benchOut("ddx-traces"), JSON.stringify(out, null, 2));
    return;
  }
  // The original generator's 55 scenarios (volume mode: an error counter alone), in memory.
  const scenarios = buildScenarios(Number(process.env.DDX_BENCH_SCENARIOS ?? sized(55, 12)));
  const memory = await evaluate(scenarios, "in-memory");
  printAccuracy(memory);
  out.accuracyInMemory = memory;
  // Everything else through a real Vigil on workerd: the failure kinds of issue 14, the speed ratios.
  const vigil = await startVigil({ port: 18800, vars: { METRIC_SHARDS: "4" } });
  try {
    const api = { url: vigil.url, token: vigil.token, fetchRetry };
    const faults = await faultAccuracy(Number(process.env.DDX_BENCH_PER_KIND ?? sized(8, 2)), api);
    printFaults(faults);
    out.failureKinds = faults;
    out.metricSpeed = await metricSpeed(api, sized(5000, 250));
    out.traceSpeed = await traceApiLatency(
      vigil.url,
      vigil.token,
      fetchRetry,
      Number(process.env.DDX_BENCH_TRACE_SCALE ?? sized(2, 1)),
    );
    if (process.env.DDX_BENCH_INGEST === "1") {
      const live = await ingestAccuracy(scenarios, api);
      printAccuracy(live);
      out.accuracyIngest = live;
    }
  } finally {
    await vigil.stop();
  }
  out.latency = await latency();
  writeFileSync(benchOut("ddx"), JSON.stringify(out, null, 2));
});
