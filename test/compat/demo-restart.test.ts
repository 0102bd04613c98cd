// Restarting the demo over the data it wrote before: the second run's backfill reaches back over the first
// run's history, yet no counter goes down anywhere (a drop reads as a counter reset: rate() spikes and alerts
// fire falsely). Its series continue from their stored values.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startVigil, type RunningVigil } from "./harness";
import { until } from "./poll";
import { startSimulator, type RunningSimulator } from "./simulator";

const CONTROL = 18621;
const PAGER = 18622;

let vigil: RunningVigil;
let sim: RunningSimulator | null = null;

interface SimStatus {
  live: boolean;
  remoteWrite: { requests: number; failed: number; lastError: string };
}
const status = async () => (await (await fetch(`http://127.0.0.1:${CONTROL}/status`)).json()) as SimStatus;

async function query(q: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]> {
  const res = await fetch(`${vigil.url}/api/v1/query?query=${encodeURIComponent(q)}&time=${Date.now() / 1000}`, {
    headers: { authorization: `Bearer ${vigil.token}` },
  });
  const body = (await res.json()) as {
    data: { result: { metric: Record<string, string>; value: [number, string] }[] };
  };
  if (!res.ok) throw new Error(`${q}: ${res.status} ${JSON.stringify(body)}`);
  return body.data.result;
}

/** Run the simulator until it is live and has sent `sends` more remote_write requests after that, then stop. */
async function runOnce(backfill: string, sends: number): Promise<string> {
  const s = startSimulator(vigil, { at: "baseline", speed: 12, backfill, controlPort: CONTROL, pagerPort: PAGER });
  sim = s;
  const abortIf = () => (s.process.exitCode !== null ? `simulator exited:\n${s.log()}` : null);
  await until("the simulator to go live", async () => (await status()).live, { abortIf });
  const from = (await status()).remoteWrite.requests;
  await until(`${sends} live remote_write sends`, async () => (await status()).remoteWrite.requests >= from + sends, {
    abortIf,
  });
  expect((await status()).remoteWrite.failed).toBe(0);
  const log = s.log();
  await s.stop();
  sim = null;
  return log;
}

beforeAll(async () => {
  vigil = await startVigil({ port: 18620 });
});
afterAll(async () => {
  await sim?.stop();
  await vigil?.stop();
});

describe("restarting the demo over existing data", () => {
  it("continues every counter from its stored value and never writes a reset", async () => {
    await runOnce("10m", 3);
    const before = await query("sum(last_over_time(rpc_client_requests_total[1h]))");
    // The second run's backfill window (30 min) covers all of the first run's history.
    const second = await runOnce("30m", 3);
    expect(second).toMatch(/found history up to .*: continuing \d+ series from their stored values/);
    for (const family of [
      "rpc_client_requests_total",
      "checkout_http_requests_total",
      "payment_gateway_http_requests_total",
      // No histogram here: since the semantic-convention metrics every histogram moves to the OTel SDK at the
      // live switch and starts from zero there, so resets() would read that switch, not this restart. A seeded
      // histogram continuing is shown in scripts/demo/metric-store.test.ts.
    ]) {
      const series = await query(`resets(${family}[1h])`);
      expect(series.length, family).toBeGreaterThan(0);
      expect(
        series.filter((s) => s.value[1] !== "0").map((s) => s.metric),
        family,
      ).toEqual([]);
    }
    const after = await query("sum(last_over_time(rpc_client_requests_total[1h]))");
    expect(Number(after[0].value[1])).toBeGreaterThan(Number(before[0].value[1]));
  });
});
