// Checks per second one shard of monitors sustains on a real Vigil (wrangler dev, one workerd process):
// N monitors at 15 s, each a real PromQL query over remote_write data, state in each monitor's SQLite, mirror
// to D1. Measured over a window: checks completed per second and how late checks ran (ranAt - scheduled at).
import { remoteWriteBody } from "../../core/remote-write/encode";
import type { RunningVigil } from "../../test/compat/harness";

/** wrangler dev reloads when files in the tree change (others work in it): retry what it dropped. */
async function retrying(url: string, init: RequestInit): Promise<Response> {
  for (let i = 0; ; i++) {
    const res = await fetch(url, init);
    if (res.status !== 503 || i >= 5) return res;
    await new Promise((r) => setTimeout(r, 1000));
  }
}

const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

export async function sustainedChecks(v: RunningVigil, monitors: number, windowMs: number) {
  const auth = { authorization: `Bearer ${v.token}` };
  const now = Date.now();
  const series = Array.from({ length: 20 }, (_, i) => ({
    labels: { __name__: "bench_alert_gauge", region: `r${i % 4}`, pod: `p${i}` },
    samples: Array.from({ length: 40 }, (_, k) => ({
      t: now - 10 * 60_000 + k * 15_000 + 1,
      v: i % 3 === 0 ? 0.08 : 0.01,
    })),
  }));
  const w = await retrying(`${v.url}/api/v1/write`, {
    method: "POST",
    headers: { ...auth, "content-type": "application/x-protobuf", "content-encoding": "snappy" },
    body: remoteWriteBody(series),
  });
  if (w.status >= 300) throw new Error(`remote_write ${w.status}: ${await w.text()}`);
  const ids: string[] = [];
  for (let i = 0; i < monitors; i++) {
    const res = await retrying(`${v.url}/api/monitors`, {
      method: "POST",
      headers: { ...auth, "content-type": "application/json" },
      body: JSON.stringify({
        name: `Sustain ${i}`,
        query: "max by (region) (max_over_time(bench_alert_gauge[20m]))",
        intervalSeconds: 15,
        signals: { mode: "labels", keys: ["region"] },
        conditions: [{ severity: "critical", operator: ">", threshold: 0.05, sustain: "30s" }],
      }),
    });
    if (res.status !== 201) throw new Error(`monitor ${res.status}: ${await res.text()}`);
    ids.push(((await res.json()) as { id: string }).id);
  }
  const read = async () =>
    Promise.all(
      ids.map(
        async (id) =>
          (await (await fetch(`${v.url}/api/monitors/${id}/state`, { headers: auth })).json()) as {
            lastCheck: { at: number; ranAt: number; error: string | null } | null;
          },
      ),
    );
  await new Promise((r) => setTimeout(r, 20_000)); // every monitor through its first checks
  const a = await read();
  const t1 = Date.now();
  await new Promise((r) => setTimeout(r, windowMs));
  const b = await read();
  const elapsed = Date.now() - t1;
  let checks = 0;
  const lags: number[] = [];
  let errors = 0;
  b.forEach((s, i) => {
    if (!s.lastCheck || !a[i].lastCheck) return;
    checks += Math.round((s.lastCheck.at - a[i].lastCheck!.at) / 15_000);
    lags.push(s.lastCheck.ranAt - s.lastCheck.at);
    if (s.lastCheck.error) errors++;
  });
  return {
    monitors,
    intervalSeconds: 15,
    demandChecksPerSec: monitors / 15,
    achievedChecksPerSec: (checks * 1000) / elapsed,
    lagP50Ms: pct(lags, 50),
    lagP99Ms: pct(lags, 99),
    errors,
  };
}
