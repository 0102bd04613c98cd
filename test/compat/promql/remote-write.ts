// A minimal Prometheus remote_write 1.0 client: WriteRequest protobuf by hand (BinaryWriter), snappy block.
import { BinaryWriter, WireType } from "@bufbuild/protobuf/wire";
import { compress } from "snappyjs";
import { isStaleNaN, STALE_NAN_BITS } from "../../../core/promql/stale";
import type { DataSeries } from "./dataset";

export function encodeWriteRequest(
  series: { labels: Record<string, string>; timestamps: ArrayLike<number>; values: ArrayLike<number> }[],
): Uint8Array {
  const w = new BinaryWriter();
  for (const s of series) {
    w.tag(1, WireType.LengthDelimited).fork();
    const names = Object.keys(s.labels).sort();
    for (const n of names) {
      w.tag(1, WireType.LengthDelimited).fork();
      w.tag(1, WireType.LengthDelimited).string(n);
      w.tag(2, WireType.LengthDelimited).string(s.labels[n]);
      w.join();
    }
    for (let i = 0; i < s.timestamps.length; i++) {
      w.tag(2, WireType.LengthDelimited).fork();
      const v = s.values[i];
      // Write stale markers as raw bits: a NaN passed through a JS number may lose its payload.
      if (isStaleNaN(v)) w.tag(1, WireType.Bit64).fixed64(STALE_NAN_BITS);
      else w.tag(1, WireType.Bit64).double(v);
      w.tag(2, WireType.Varint).int64(s.timestamps[i]);
      w.join();
    }
    w.join();
  }
  return w.finish();
}

export function snappyWriteRequest(series: Parameters<typeof encodeWriteRequest>[0]): Uint8Array {
  return compress(encodeWriteRequest(series));
}

/** Cut the data set into time slices, all series per slice, so receivers see samples in time order. */
export function* timeSlices(series: DataSeries[], sliceMs: number, start: number, end: number) {
  const cursors = series.map(() => 0);
  for (let from = start; from <= end; from += sliceMs) {
    const to = from + sliceMs > end ? Infinity : from + sliceMs;
    const batch: { labels: Record<string, string>; timestamps: number[]; values: Float64Array }[] = [];
    series.forEach((s, k) => {
      let i = cursors[k];
      const begin = i;
      while (i < s.timestamps.length && s.timestamps[i] < to) i++;
      cursors[k] = i;
      if (i > begin)
        batch.push({ labels: s.labels, timestamps: s.timestamps.slice(begin, i), values: s.values.subarray(begin, i) });
    });
    if (batch.length) yield batch;
  }
}

export async function remoteWrite(url: string, body: Uint8Array, token?: string): Promise<Response> {
  const headers: Record<string, string> = {
    "content-type": "application/x-protobuf",
    "content-encoding": "snappy",
    "x-prometheus-remote-write-version": "0.1.0",
  };
  if (token) headers.authorization = `Bearer ${token}`;
  return fetch(url, { method: "POST", headers, body });
}
