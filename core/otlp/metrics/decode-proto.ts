// ExportMetricsServiceRequest from protobuf, read with the wire reader (field numbers from metrics.proto).
import { type BinaryReader, WireType } from "@bufbuild/protobuf/wire";
import { idFromBytes } from "../common/ids";
import { toBigInt } from "../common/int64";
import {
  checkEnd,
  decodeGuard,
  expectWire,
  newReader,
  readKeyValueInto,
  readResource,
  readScope,
  subEnd,
} from "../common/proto";
import { OtlpDecodeError, emptyAttributes, emptyResource, emptyScope } from "../common/types";
import type {
  ExponentialPoint,
  HistogramPoint,
  Metric,
  MetricData,
  MetricsRequest,
  NumberPoint,
  OtlpExemplar,
  ResourceMetrics,
  ScopeMetrics,
  SummaryPoint,
} from "./model";

const LEN = WireType.LengthDelimited;

/** Messages are iterated field by field; `on` handles known fields and returns false to skip the rest. */
function each(r: BinaryReader, end: number, on: (no: number, wt: WireType) => boolean): void {
  while (r.pos < end) {
    const [no, wt] = r.tag();
    if (!on(no, wt)) r.skip(wt, no);
  }
  checkEnd(r, end);
}

function u64(r: BinaryReader, wt: WireType, field: string): number {
  if (wt === WireType.Bit64) return Number(toBigInt(r.fixed64()));
  if (wt === WireType.Varint) return Number(toBigInt(r.uint64()));
  throw new OtlpDecodeError(`field ${field} has wire type ${wt}`);
}

/** A repeated scalar that may be packed (one LEN field) or not (one field per element). */
function repeated(r: BinaryReader, wt: WireType, elem: WireType, read: () => number, into: number[]): void {
  if (wt === LEN) {
    const end = subEnd(r);
    while (r.pos < end) into.push(read());
    checkEnd(r, end);
  } else if (wt === elem) into.push(read());
  else throw new OtlpDecodeError(`repeated field has wire type ${wt}`);
}

/** Exemplar: 7 = filtered_attributes, 2 = time_unix_nano, 3 = as_double, 6 = as_int, 4 = span_id, 5 = trace_id. */
function exemplar(r: BinaryReader, end: number): OtlpExemplar {
  const x: OtlpExemplar = { filteredAttributes: emptyAttributes(), timeNs: 0n, value: 0, traceId: "", spanId: "" };
  each(r, end, (no, wt) => {
    if (no === 7)
      expectWire(wt, LEN, "Exemplar.filtered_attributes"), readKeyValueInto(r, subEnd(r), x.filteredAttributes);
    else if (no === 2) expectWire(wt, WireType.Bit64, "Exemplar.time_unix_nano"), (x.timeNs = toBigInt(r.fixed64()));
    else if (no === 3) expectWire(wt, WireType.Bit64, "Exemplar.as_double"), (x.value = r.double());
    else if (no === 6) expectWire(wt, WireType.Bit64, "Exemplar.as_int"), (x.value = Number(toBigInt(r.sfixed64())));
    else if (no === 4)
      expectWire(wt, LEN, "Exemplar.span_id"), (x.spanId = idFromBytes(r.bytes(), 8, "Exemplar.span_id"));
    else if (no === 5)
      expectWire(wt, LEN, "Exemplar.trace_id"), (x.traceId = idFromBytes(r.bytes(), 16, "Exemplar.trace_id"));
    else return false;
    return true;
  });
  return x;
}

function pushExemplar(r: BinaryReader, wt: WireType, p: { exemplars?: OtlpExemplar[] }, field: string): void {
  expectWire(wt, LEN, field);
  (p.exemplars ??= []).push(exemplar(r, subEnd(r)));
}

function numberPoint(r: BinaryReader, end: number): NumberPoint {
  const p: NumberPoint = { attributes: emptyAttributes(), timeNs: 0n, value: 0, flags: 0 };
  each(r, end, (no, wt) => {
    if (no === 7) expectWire(wt, LEN, "NumberDataPoint.attributes"), readKeyValueInto(r, subEnd(r), p.attributes);
    else if (no === 3)
      expectWire(wt, WireType.Bit64, "NumberDataPoint.time_unix_nano"), (p.timeNs = toBigInt(r.fixed64()));
    else if (no === 4) expectWire(wt, WireType.Bit64, "NumberDataPoint.as_double"), (p.value = r.double());
    else if (no === 6)
      expectWire(wt, WireType.Bit64, "NumberDataPoint.as_int"), (p.value = Number(toBigInt(r.sfixed64())));
    else if (no === 8) expectWire(wt, WireType.Varint, "NumberDataPoint.flags"), (p.flags = r.uint32());
    else if (no === 5) pushExemplar(r, wt, p, "NumberDataPoint.exemplars");
    else return false;
    return true;
  });
  return p;
}

function histogramPoint(r: BinaryReader, end: number): HistogramPoint {
  const p: HistogramPoint = {
    attributes: emptyAttributes(),
    timeNs: 0n,
    count: 0,
    sum: undefined,
    bucketCounts: [],
    explicitBounds: [],
    flags: 0,
  };
  each(r, end, (no, wt) => {
    if (no === 9) expectWire(wt, LEN, "HistogramDataPoint.attributes"), readKeyValueInto(r, subEnd(r), p.attributes);
    else if (no === 3)
      expectWire(wt, WireType.Bit64, "HistogramDataPoint.time_unix_nano"), (p.timeNs = toBigInt(r.fixed64()));
    else if (no === 4) p.count = u64(r, wt, "HistogramDataPoint.count");
    else if (no === 5) expectWire(wt, WireType.Bit64, "HistogramDataPoint.sum"), (p.sum = r.double());
    else if (no === 6) repeated(r, wt, WireType.Bit64, () => Number(toBigInt(r.fixed64())), p.bucketCounts);
    else if (no === 7) repeated(r, wt, WireType.Bit64, () => r.double(), p.explicitBounds);
    else if (no === 10) expectWire(wt, WireType.Varint, "HistogramDataPoint.flags"), (p.flags = r.uint32());
    else if (no === 8) pushExemplar(r, wt, p, "HistogramDataPoint.exemplars");
    else return false;
    return true;
  });
  return p;
}

function expBuckets(r: BinaryReader, end: number, into: { offset: number; bucketCounts: number[] }): void {
  each(r, end, (no, wt) => {
    if (no === 1) expectWire(wt, WireType.Varint, "Buckets.offset"), (into.offset = r.sint32());
    else if (no === 2) repeated(r, wt, WireType.Varint, () => Number(toBigInt(r.uint64())), into.bucketCounts);
    else return false;
    return true;
  });
}

function exponentialPoint(r: BinaryReader, end: number): ExponentialPoint {
  const p: ExponentialPoint = {
    attributes: emptyAttributes(),
    timeNs: 0n,
    count: 0,
    sum: undefined,
    scale: 0,
    zeroCount: 0,
    zeroThreshold: 0,
    positive: { offset: 0, bucketCounts: [] },
    negative: { offset: 0, bucketCounts: [] },
    flags: 0,
  };
  each(r, end, (no, wt) => {
    if (no === 1)
      expectWire(wt, LEN, "ExponentialHistogramDataPoint.attributes"), readKeyValueInto(r, subEnd(r), p.attributes);
    else if (no === 3)
      expectWire(wt, WireType.Bit64, "ExponentialHistogramDataPoint.time_unix_nano"),
        (p.timeNs = toBigInt(r.fixed64()));
    else if (no === 4) p.count = u64(r, wt, "ExponentialHistogramDataPoint.count");
    else if (no === 5) expectWire(wt, WireType.Bit64, "ExponentialHistogramDataPoint.sum"), (p.sum = r.double());
    else if (no === 6) expectWire(wt, WireType.Varint, "ExponentialHistogramDataPoint.scale"), (p.scale = r.sint32());
    else if (no === 7) p.zeroCount = u64(r, wt, "ExponentialHistogramDataPoint.zero_count");
    else if (no === 8)
      expectWire(wt, LEN, "ExponentialHistogramDataPoint.positive"), expBuckets(r, subEnd(r), p.positive);
    else if (no === 9)
      expectWire(wt, LEN, "ExponentialHistogramDataPoint.negative"), expBuckets(r, subEnd(r), p.negative);
    else if (no === 10) expectWire(wt, WireType.Varint, "ExponentialHistogramDataPoint.flags"), (p.flags = r.uint32());
    else if (no === 14)
      expectWire(wt, WireType.Bit64, "ExponentialHistogramDataPoint.zero_threshold"), (p.zeroThreshold = r.double());
    else return false;
    return true;
  });
  return p;
}

function summaryPoint(r: BinaryReader, end: number): SummaryPoint {
  const p: SummaryPoint = { attributes: emptyAttributes(), timeNs: 0n, count: 0, sum: 0, quantiles: [], flags: 0 };
  each(r, end, (no, wt) => {
    if (no === 7) expectWire(wt, LEN, "SummaryDataPoint.attributes"), readKeyValueInto(r, subEnd(r), p.attributes);
    else if (no === 3)
      expectWire(wt, WireType.Bit64, "SummaryDataPoint.time_unix_nano"), (p.timeNs = toBigInt(r.fixed64()));
    else if (no === 4) p.count = u64(r, wt, "SummaryDataPoint.count");
    else if (no === 5) expectWire(wt, WireType.Bit64, "SummaryDataPoint.sum"), (p.sum = r.double());
    else if (no === 6) {
      expectWire(wt, LEN, "SummaryDataPoint.quantile_values");
      const q = { quantile: 0, value: 0 };
      each(r, subEnd(r), (qn, qw) => {
        if (qn === 1) expectWire(qw, WireType.Bit64, "ValueAtQuantile.quantile"), (q.quantile = r.double());
        else if (qn === 2) expectWire(qw, WireType.Bit64, "ValueAtQuantile.value"), (q.value = r.double());
        else return false;
        return true;
      });
      p.quantiles.push(q);
    } else if (no === 8) expectWire(wt, WireType.Varint, "SummaryDataPoint.flags"), (p.flags = r.uint32());
    else return false;
    return true;
  });
  return p;
}

/** Gauge, Sum, Histogram, ExponentialHistogram and Summary share: 1 = data points, 2 = temporality, 3 = monotonic. */
function metricData(r: BinaryReader, end: number, kind: MetricData["kind"]): MetricData {
  const numbers: NumberPoint[] = [];
  const hists: HistogramPoint[] = [];
  const sums: SummaryPoint[] = [];
  const exps: ExponentialPoint[] = [];
  let temporality = 0;
  let monotonic = false;
  each(r, end, (no, wt) => {
    if (no === 1) {
      expectWire(wt, LEN, `${kind}.data_points`);
      const e = subEnd(r);
      if (kind === "gauge" || kind === "sum") numbers.push(numberPoint(r, e));
      else if (kind === "histogram") hists.push(histogramPoint(r, e));
      else if (kind === "summary") sums.push(summaryPoint(r, e));
      else exps.push(exponentialPoint(r, e));
    } else if (no === 2 && kind !== "gauge" && kind !== "summary")
      expectWire(wt, WireType.Varint, `${kind}.aggregation_temporality`), (temporality = r.int32());
    else if (no === 3 && kind === "sum") expectWire(wt, WireType.Varint, "sum.is_monotonic"), (monotonic = r.bool());
    else return false;
    return true;
  });
  switch (kind) {
    case "gauge":
      return { kind, points: numbers };
    case "sum":
      return { kind, points: numbers, temporality, monotonic };
    case "histogram":
      return { kind, points: hists, temporality };
    case "summary":
      return { kind, points: sums };
    default:
      return { kind: "exponentialHistogram", points: exps, temporality };
  }
}

const DATA_FIELDS: Record<number, MetricData["kind"]> = {
  5: "gauge",
  7: "sum",
  9: "histogram",
  10: "exponentialHistogram",
  11: "summary",
};

function metric(r: BinaryReader, end: number): Metric {
  const m: Metric = { name: "", description: "", unit: "", data: { kind: "none" } };
  each(r, end, (no, wt) => {
    if (no === 1) expectWire(wt, LEN, "Metric.name"), (m.name = r.string());
    else if (no === 2) expectWire(wt, LEN, "Metric.description"), (m.description = r.string());
    else if (no === 3) expectWire(wt, LEN, "Metric.unit"), (m.unit = r.string());
    else if (DATA_FIELDS[no])
      expectWire(wt, LEN, `Metric.${DATA_FIELDS[no]}`), (m.data = metricData(r, subEnd(r), DATA_FIELDS[no]));
    else return false;
    return true;
  });
  return m;
}

function scopeMetrics(r: BinaryReader, end: number): ScopeMetrics {
  const sm: ScopeMetrics = { scope: emptyScope(), metrics: [] };
  each(r, end, (no, wt) => {
    if (no === 1) expectWire(wt, LEN, "ScopeMetrics.scope"), (sm.scope = readScope(r, subEnd(r)));
    else if (no === 2) expectWire(wt, LEN, "ScopeMetrics.metrics"), sm.metrics.push(metric(r, subEnd(r)));
    else return false;
    return true;
  });
  return sm;
}

function resourceMetrics(r: BinaryReader, end: number): ResourceMetrics {
  const rm: ResourceMetrics = { resource: emptyResource(), scopeMetrics: [] };
  each(r, end, (no, wt) => {
    if (no === 1) expectWire(wt, LEN, "ResourceMetrics.resource"), (rm.resource = readResource(r, subEnd(r)));
    else if (no === 2)
      expectWire(wt, LEN, "ResourceMetrics.scope_metrics"), rm.scopeMetrics.push(scopeMetrics(r, subEnd(r)));
    else return false;
    return true;
  });
  return rm;
}

export function decodeMetricsProto(bytes: Uint8Array): MetricsRequest {
  return decodeGuard("ExportMetricsServiceRequest", () => {
    const r = newReader(bytes);
    const req: MetricsRequest = { resourceMetrics: [] };
    each(r, bytes.length, (no, wt) => {
      if (no !== 1) return false;
      expectWire(wt, LEN, "ExportMetricsServiceRequest.resource_metrics");
      req.resourceMetrics.push(resourceMetrics(r, subEnd(r)));
      return true;
    });
    return req;
  });
}
