// Writes the DDx accuracy suite (test/fixtures/ddx-faults) through Prometheus remote_write into Vigil and asks
// POST /api/ddx/metrics, as a client would. Each scenario carries its own `scenario` label and is asked for under
// that pinned scope, so one Vigil holds them all.
import { remoteWriteBody, type EncodeSeries } from "../../../core/remote-write/encode";
import { cumulative, type FaultScenario, SCRAPE_MS } from "../../fixtures/ddx-faults/suite";

export function encodeScenario(s: FaultScenario): EncodeSeries[] {
  return s.series.map((x) => {
    const total = cumulative(x.counts);
    return {
      labels: { ...x.labels, scenario: s.id },
      samples: Array.from(total, (v, j) => ({ t: s.from + (j + 1) * SCRAPE_MS, v })),
    };
  });
}

export async function writeScenario(
  s: FaultScenario,
  post: (body: Uint8Array) => Promise<Response>,
  batch = 200,
): Promise<void> {
  const series = encodeScenario(s);
  for (let i = 0; i < series.length; i += batch) {
    const res = await post(remoteWriteBody(series.slice(i, i + batch)));
    if (res.status !== 204) throw new Error(`remote_write ${s.id}: ${res.status} ${await res.text()}`);
  }
}

export function ddxRequest(s: FaultScenario) {
  return {
    query: s.query,
    window: s.window,
    baseline: { mode: "explicit", ...s.baseline },
    scope: { scenario: s.id },
    top: 20,
    changeEvents: false,
  };
}
