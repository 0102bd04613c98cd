// Types for remote-write.mjs.
export interface TimeSeries {
  labels: Record<string, string>;
  samples: { value: number; timestamp: number }[];
  histograms?: Uint8Array[];
}
export function encodeWriteRequest(series: TimeSeries[]): Uint8Array;
export function sendRemoteWrite(
  url: string,
  token: string,
  series: TimeSeries[],
): Promise<{ status: number; text: string }>;
