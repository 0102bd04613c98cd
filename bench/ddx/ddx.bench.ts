// DDx benchmark: accuracy on >= 40 fault-injection scenarios (DDx vs N-sigma vs median/IQR vs random) and
// latency beside a full in-memory scan reference. Prints a table and writes bench/out/ddx.json. No assertions on time.
import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { it } from "vitest";
import { evaluate, type AccuracyReport } from "./accuracy";
import { buildScenarios } from "./generator";
import { ingestAccuracy } from "./ingest";
import { latency } from "./latency";

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
  const scenarios = buildScenarios(Number(process.env.DDX_BENCH_SCENARIOS ?? 55));
  const out: Record<string, unknown> = { when: new Date().toISOString() };
  const memory = await evaluate(scenarios, "in-memory");
  printAccuracy(memory);
  out.accuracyInMemory = memory;
  if (process.env.DDX_BENCH_INGEST === "1") {
    const live = await ingestAccuracy(scenarios);
    if (live) {
      printAccuracy(live);
      out.accuracyIngest = live;
    }
  }
  out.latency = await latency();
  const dir = fileURLToPath(new URL("../out/", import.meta.url));
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${dir}ddx.json`, JSON.stringify(out, null, 2));
});
