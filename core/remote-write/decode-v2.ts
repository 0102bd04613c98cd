// Prometheus remote_write 2.0 (io.prometheus.write.v2.Request): label names and values are references into
// one symbols table; each series may carry metadata, exemplars and native histograms. Sample values are
// copied as raw bytes (as in 1.0) so stale-marker NaNs keep their bits.
import { BinaryReader, WireType } from "@bufbuild/protobuf/wire";
import type { Exemplar, SeriesExemplars } from "../exemplars/model";
import type { Labels } from "../promql/types";
import { decodeString, end, readExemplar, readTimestamp, want } from "./decode";
import { type HistogramBatch, HistogramCollector } from "./histogram";
import type { HistSample } from "../tsdb/hist-chunk";
import { METRIC_TYPES, type MetricMetadata, RemoteWriteDecodeError, type SeriesSamples } from "./types";

export interface WriteBatchV2 extends HistogramBatch {
  series: SeriesSamples[];
  metadata: MetricMetadata[];
  exemplars: SeriesExemplars[];
}

function readRefs(r: BinaryReader, wt: WireType, out: number[]): void {
  if (wt === WireType.LengthDelimited) {
    const e = end(r);
    while (r.pos < e) out.push(r.uint32());
  } else {
    want(wt, WireType.Varint, "TimeSeries.labels_refs");
    out.push(r.uint32());
  }
}

function symbol(symbols: string[], ref: number, what: string): string {
  if (ref >= symbols.length)
    throw new RemoteWriteDecodeError(`${what} refers to symbol ${ref}, but the symbols table has ${symbols.length}`);
  return symbols[ref];
}

function toLabels(refs: number[], symbols: string[]): Labels {
  if (refs.length % 2 !== 0)
    throw new RemoteWriteDecodeError(`labels_refs has an odd length (${refs.length}): refs come in name/value pairs`);
  const labels: Labels = {};
  for (let i = 0; i < refs.length; i += 2) {
    const name = symbol(symbols, refs[i], "a label name");
    const value = symbol(symbols, refs[i + 1], "a label value");
    if (Object.hasOwn(labels, name))
      throw new RemoteWriteDecodeError(`duplicate label name ${JSON.stringify(name.slice(0, 64))} in a series`);
    // `__proto__` must become an own property, not the object's prototype.
    if (name === "__proto__")
      Object.defineProperty(labels, name, { value, enumerable: true, writable: true, configurable: true });
    else labels[name] = value;
  }
  return labels;
}

function readMetadata(r: BinaryReader, e: number, symbols: string[], metric: string): MetricMetadata | null {
  let type = 0;
  let help = 0;
  let unit = 0;
  while (r.pos < e) {
    const [no, wt] = r.tag();
    if (no === 1) want(wt, WireType.Varint, "Metadata.type"), (type = r.int32());
    else if (no === 3) want(wt, WireType.Varint, "Metadata.help_ref"), (help = r.uint32());
    else if (no === 4) want(wt, WireType.Varint, "Metadata.unit_ref"), (unit = r.uint32());
    else r.skip(wt, no);
  }
  if (type === 0 && help === 0 && unit === 0) return null;
  return {
    metric,
    type: METRIC_TYPES[type] ?? "unknown",
    help: symbol(symbols, help, "Metadata.help_ref"),
    unit: symbol(symbols, unit, "Metadata.unit_ref"),
  };
}

function readTimeSeries(
  r: BinaryReader,
  e: number,
  bytes: Uint8Array,
  symbols: string[],
  out: WriteBatchV2,
  hc: HistogramCollector,
): void {
  const refs: number[] = [];
  const histograms: HistSample[] = [];
  const timestamps: number[] = [];
  const valueOffsets: number[] = [];
  const exemplars: Exemplar[] = [];
  let metaRange: [number, number] | null = null;
  while (r.pos < e) {
    const [no, wt] = r.tag();
    if (no === 1) readRefs(r, wt, refs);
    else if (no === 2) {
      want(wt, WireType.LengthDelimited, "TimeSeries.samples");
      const se = end(r);
      let off = -1;
      let t = 0;
      while (r.pos < se) {
        const [sno, swt] = r.tag();
        if (sno === 1) want(swt, WireType.Bit64, "Sample.value"), (off = r.pos), r.skip(WireType.Bit64);
        else if (sno === 2) want(swt, WireType.Varint, "Sample.timestamp"), (t = readTimestamp(r, bytes));
        else r.skip(swt, sno);
      }
      timestamps.push(t);
      valueOffsets.push(off);
    } else if (no === 3) want(wt, WireType.LengthDelimited, "TimeSeries.histograms"), hc.read(r, histograms, undefined);
    else if (no === 4) {
      want(wt, WireType.LengthDelimited, "TimeSeries.exemplars");
      const refsOf: number[] = [];
      const ex = readExemplar(r, end(r), (lwt) => readRefs(r, lwt, refsOf));
      ex.labels = toLabels(refsOf, symbols);
      exemplars.push(ex);
    } else if (no === 5) {
      want(wt, WireType.LengthDelimited, "TimeSeries.metadata");
      const me = end(r);
      metaRange = [r.pos, me];
      r.pos = me;
    } else r.skip(wt, no);
  }
  const labels = toLabels(refs, symbols);
  if (metaRange) {
    const mr = new BinaryReader(bytes.subarray(0, metaRange[1]), decodeString);
    mr.pos = metaRange[0];
    const md = readMetadata(mr, metaRange[1], symbols, labels.__name__ ?? "");
    if (md && md.metric !== "" && !out.metadata.some((m) => m.metric === md.metric)) out.metadata.push(md);
  }
  const values = new Float64Array(valueOffsets.length);
  const dst = new Uint8Array(values.buffer);
  valueOffsets.forEach((off, i) => {
    // An absent value field is 0.0 in proto3: the zero bytes are already there.
    if (off >= 0) dst.set(bytes.subarray(off, off + 8), i * 8);
  });
  if (timestamps.length > 0 || (refs.length > 0 && histograms.length === 0))
    out.series.push({ labels, timestamps, values });
  if (histograms.length > 0) hc.series.push({ labels, samples: histograms });
  if (exemplars.length > 0) out.exemplars.push({ series: labels, exemplars });
}

/** Decode an uncompressed v2 Request. Throws RemoteWriteDecodeError on malformed input. */
export function decodeWriteRequestV2(bytes: Uint8Array): WriteBatchV2 {
  const r = new BinaryReader(bytes, decodeString);
  const hc = new HistogramCollector();
  const out: WriteBatchV2 = {
    series: [],
    metadata: [],
    histograms: 0,
    histogramSeries: hc.series,
    histogramsInvalid: 0,
    histogramErrors: hc.errors,
    exemplars: [],
  };
  try {
    // Symbols may follow the series on the wire: collect both first, then resolve.
    const symbols: string[] = [];
    const series: [number, number][] = [];
    while (r.pos < r.len) {
      const [no, wt] = r.tag();
      if (no === 4) want(wt, WireType.LengthDelimited, "Request.symbols"), symbols.push(r.string());
      else if (no === 5) {
        want(wt, WireType.LengthDelimited, "Request.timeseries");
        const e = end(r);
        series.push([r.pos, e]);
        r.pos = e;
      } else if (no >= 1 && no <= 3)
        throw new RemoteWriteDecodeError(
          `field ${no} is a remote_write 1.0 field: this body is a prometheus.WriteRequest, send it without proto=io.prometheus.write.v2.Request`,
        );
      else r.skip(wt, no);
    }
    if (symbols.length > 0 && symbols[0] !== "")
      throw new RemoteWriteDecodeError("symbols[0] must be the empty string");
    for (const [from, to] of series) {
      r.pos = from;
      readTimeSeries(r, to, bytes, symbols, out, hc);
    }
    out.histograms = hc.received;
    out.histogramsInvalid = hc.invalid;
  } catch (e) {
    if (e instanceof RemoteWriteDecodeError) throw e;
    throw new RemoteWriteDecodeError(`invalid protobuf v2 Request: ${e instanceof Error ? e.message : String(e)}`);
  }
  return out;
}
