// Write the data set to a remote_write endpoint in time order; UTF-8 label names go in their own requests
// because Prometheus 2.x may refuse them.
import type { DataSet } from "./dataset";
import { remoteWrite, snappyWriteRequest, timeSlices } from "./remote-write";

const isLegacy = (labels: Record<string, string>) =>
  Object.keys(labels).every((n) => /^[a-zA-Z_][a-zA-Z0-9_]*$/.test(n));

export async function writeDataSet(
  url: string,
  ds: DataSet,
  token?: string,
  opts: { utf8?: boolean; sliceMs?: number } = {},
): Promise<void> {
  const legacy = ds.series.filter((s) => isLegacy(s.labels));
  const utf8 = ds.series.filter((s) => !isLegacy(s.labels));
  for (const batch of timeSlices(legacy, opts.sliceMs ?? 10 * 60_000, ds.start, ds.end)) {
    const res = await remoteWrite(url, snappyWriteRequest(batch), token);
    if (!res.ok) throw new Error(`remote_write to ${url} failed: ${res.status} ${await res.text()}`);
  }
  if (!opts.utf8) return;
  for (const batch of timeSlices(utf8, 60 * 60_000, ds.start, ds.end)) {
    const res = await remoteWrite(url, snappyWriteRequest(batch), token);
    if (!res.ok) throw new Error(`remote_write (UTF-8 names) to ${url} failed: ${res.status} ${await res.text()}`);
  }
}
