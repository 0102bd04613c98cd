// Prometheus remote_write 1.0: WriteRequest protobuf (hand-encoded with @bufbuild/protobuf's BinaryWriter),
// snappy block compression, the headers the spec asks for.
import { BinaryWriter, WireType } from "@bufbuild/protobuf/wire";
import snappy from "snappyjs";

/** `histograms`: encoded Histogram messages (native-histogram.mjs), the series' native histogram samples.
 * @typedef {{ labels: Record<string, string>, samples: { value: number, timestamp: number }[], histograms?: Uint8Array[] }} TimeSeries */

/** @param {TimeSeries[]} series @returns {Uint8Array} */
export function encodeWriteRequest(series) {
  const w = new BinaryWriter();
  for (const ts of series) {
    w.tag(1, WireType.LengthDelimited).fork();
    // Prometheus wants label names sorted; `__name__` sorts first by byte order.
    for (const name of Object.keys(ts.labels).sort()) {
      w.tag(1, WireType.LengthDelimited)
        .fork()
        .tag(1, WireType.LengthDelimited)
        .string(name)
        .tag(2, WireType.LengthDelimited)
        .string(ts.labels[name])
        .join();
    }
    for (const s of ts.samples) {
      w.tag(2, WireType.LengthDelimited)
        .fork()
        .tag(1, WireType.Bit64)
        .double(s.value)
        .tag(2, WireType.Varint)
        .int64(s.timestamp)
        .join();
    }
    for (const h of ts.histograms ?? []) w.tag(4, WireType.LengthDelimited).bytes(h);
    w.join();
  }
  return w.finish();
}

/**
 * POST one WriteRequest. Resolves to the HTTP status (0 when the server could not be reached).
 * @param {string} url full URL of the receiver (…/api/v1/write) @param {string} token @param {TimeSeries[]} series
 */
export async function sendRemoteWrite(url, token, series) {
  const body = snappy.compress(encodeWriteRequest(series));
  // As Prometheus does: retry 5xx, 429 and network errors with backoff; never retry other 4xx.
  let last = { status: 0, text: "" };
  for (let attempt = 0; attempt < 4; attempt++) {
    if (attempt > 0) await new Promise((r) => setTimeout(r, 500 * 2 ** attempt));
    last = await postOnce(url, token, body);
    if (last.status !== 0 && last.status !== 429 && last.status < 500) return last;
  }
  return last;
}

/** @param {string} url @param {string} token @param {Uint8Array} body */
async function postOnce(url, token, body) {
  try {
    const res = await fetch(url, {
      method: "POST",
      headers: {
        authorization: `Bearer ${token}`,
        "content-type": "application/x-protobuf",
        "content-encoding": "snappy",
        "x-prometheus-remote-write-version": "0.1.0",
        "user-agent": "vigil-demo/0.1",
      },
      body,
    });
    const text = res.ok ? "" : (await res.text()).slice(0, 300);
    return { status: res.status, text };
  } catch (e) {
    return { status: 0, text: /** @type {Error} */ (e).message };
  }
}
