// Alerting benchmark: evaluation cost per monitor check (pure, Node), checks/s one shard of monitors sustains
// and live fan-out latency to 1,000 WebSocket clients (both against a real Vigil on workerd, scripts/serve.mjs).
// Prints the figures and writes bench/out/alerting.json. No assertions on time.
import { writeFileSync } from "node:fs";
import { expect, it } from "vitest";
import { startVigil } from "../../test/compat/harness";
import { benchOut, sized } from "../quick";
import { sustainedChecks } from "./checks";
import { evalCost } from "./eval-cost";
import { fanout } from "./fanout";

const f = (x: number) => x.toFixed(2);

it("alerting: evaluation cost, sustained checks, fan-out latency", async () => {
  const out: Record<string, unknown> = { when: new Date().toISOString() };
  out.evaluation = [10, 100, 1000].map((n) => evalCost(n));
  console.log("\nevaluation per monitor check (state machine + notification plan, Node):");
  for (const e of out.evaluation as ReturnType<typeof evalCost>[]) {
    console.log(
      `  ${String(e.signals).padStart(5)} signals: ${f(e.perCheckUs)} µs/check (reference: state JSON round trip ${f(e.referenceUs)} µs, ratio ${f(e.ratio)}; state ${e.stateBytes} B), ${e.transitions} transitions`,
    );
  }
  const vigil = await startVigil({ port: 18410 });
  try {
    // 100 clients first: the pair shows how latency scales with the number of sockets.
    const small = await fanout(vigil, sized(100, 20), sized(10, 3));
    out.fanout100 = small;
    console.log(
      `fan-out to 100 WebSocket clients: stored->client p50 ${f(small.fromStoredP50Ms)} ms p99 ${f(small.fromStoredP99Ms)} ms; POST->client p50 ${f(small.p50Ms)} ms p99 ${f(small.p99Ms)} ms, ${small.missing} missing`,
    );
    const fan = await fanout(vigil, Number(process.env.ALERTING_BENCH_CLIENTS ?? sized(1000, 100)), sized(10, 3));
    out.fanout = fan;
    console.log(
      `fan-out to ${fan.clients} WebSocket clients, ${fan.events} events: stored->client p50 ${f(fan.fromStoredP50Ms)} ms p99 ${f(fan.fromStoredP99Ms)} ms; POST->client p50 ${f(fan.p50Ms)} ms, p99 ${f(fan.p99Ms)} ms, max ${f(fan.maxMs)} ms, ${fan.missing} missing (target p99 < 100 ms; /api/health p50 ${f(fan.healthP50Ms)} ms, p99/health ${f(fan.p99OverHealth)})`,
    );
    const sus = await sustainedChecks(
      vigil,
      Number(process.env.ALERTING_BENCH_MONITORS ?? sized(100, 10)),
      sized(45_000, 20_000),
    );
    out.sustained = sus;
    console.log(
      `one shard, ${sus.monitors} monitors at 15 s: demand ${f(sus.demandChecksPerSec)} checks/s, achieved ${f(sus.achievedChecksPerSec)} checks/s, check lag p50 ${f(sus.lagP50Ms)} ms p99 ${f(sus.lagP99Ms)} ms, ${sus.errors} errors`,
    );
  } finally {
    await vigil.stop();
  }
  writeFileSync(benchOut("alerting"), JSON.stringify(out, null, 2));
  // Correctness, never speed: every client got every event, and no monitor check failed.
  const fan = out.fanout as { missing: number };
  expect((out.fanout100 as { missing: number }).missing).toBe(0);
  expect(fan.missing).toBe(0);
  expect((out.sustained as { errors: number; achievedChecksPerSec: number }).errors).toBe(0);
  expect((out.sustained as { achievedChecksPerSec: number }).achievedChecksPerSec).toBeGreaterThan(0);
});
