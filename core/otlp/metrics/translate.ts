// OTLP metrics -> Prometheus series, as Prometheus' OTLP receiver does: resource attributes promoted to
// labels with `job`/`instance` from service.namespace/service.name and service.instance.id, gauges and
// cumulative sums as samples, histograms as `_bucket{le}`/`_sum`/`_count`, summaries as quantile series plus
// `_sum`/`_count`. Delta sums and histograms are converted to cumulative series as Prometheus' OTLP receiver does
// with otlp-deltatocumulative: each point is marked delta and the metric shard adds it to the series' last value
// (a point not newer than that value is refused as out of order, never counted twice). Cumulative exponential
// histograms become native histogram samples (core/histogram/convert.ts, as Prometheus converts them), delta ones
// too, marked delta for the shard to add up as it does sums; points flagged "no recorded value" and unspecified
// temporality are refused with a partialSuccess reason.
import type { SeriesExemplars } from "../../exemplars/model";
import type { Labels } from "../../promql/types";
import type { HistogramSeries, MetricMetadata, SeriesSamples } from "../../remote-write/types";
import { fromOtlpExponential } from "../../histogram/convert";
import { type FloatHistogram, HistogramError } from "../../histogram/float-histogram";
import { checkLabels, checkTimestamp } from "../../tsdb/limits";
import { seriesKey } from "../../tsdb/labels";
import { flattenAttributes } from "../common/flatten";
import { nanosToMillis } from "../common/int64";
import type { Attributes } from "../common/types";
import { bucketOf, promExemplar } from "./exemplars";
import { FLAG_NO_RECORDED_VALUE, type Metric, type MetricsRequest, type OtlpExemplar, Temporality } from "./model";
import { type MetricKind, formatFloatPlain, metricName } from "./naming";

/** Prometheus' stale marker, written for points flagged "no recorded value". */
const STALE_BITS: [number, number] = [0x7ff00000, 0x00000002];

export interface Translated {
  series: SeriesSamples[];
  /** Native histogram series (OTLP exponential histograms), samples in time order. */
  histogramSeries: HistogramSeries[];
  metadata: MetricMetadata[];
  acceptedPoints: number;
  rejectedPoints: number;
  errors: string[];
  /** Exemplars of accepted points, attached to the series they belong to. */
  exemplars: SeriesExemplars[];
}

const SERVICE_KEYS = new Set(["service.name", "service.namespace", "service.instance.id"]);

export function resourceLabels(attrs: Attributes): Labels {
  const flat = flattenAttributes(attrs);
  const out: Labels = {};
  for (const k of Object.keys(flat)) if (!SERVICE_KEYS.has(k)) out[k] = flat[k];
  return out;
}

function jobInstance(attrs: Attributes, into: Labels): void {
  const flat = flattenAttributes(attrs);
  const name = flat["service.name"];
  if (name) into.job = flat["service.namespace"] ? `${flat["service.namespace"]}/${name}` : name;
  if (flat["service.instance.id"]) into.instance = flat["service.instance.id"];
}

class Collector {
  private readonly byKey = new Map<string, { labels: Labels; t: number[]; bits: number[]; delta: boolean }>();
  private readonly exemplarsByKey = new Map<string, SeriesExemplars>();
  readonly out: Translated = {
    series: [],
    histogramSeries: [],
    metadata: [],
    acceptedPoints: 0,
    rejectedPoints: 0,
    errors: [],
    exemplars: [],
  };

  constructor(private readonly now: number) {}

  reject(points: number, why: string): void {
    this.out.rejectedPoints += points;
    if (this.out.errors.length < 5 && !this.out.errors.includes(why)) this.out.errors.push(why);
  }

  /** Emit all samples of one data point, or none when any of its series or its time is invalid. Exemplars go
   * with the sample at `exemplarsAt(value)` (a histogram's bucket), or with the first sample. */
  point(
    samples: { labels: Labels; value: number }[],
    timeNs: bigint,
    stale: boolean,
    exemplars?: OtlpExemplar[],
    exemplarsAt?: (value: number) => number,
    delta = false,
  ): void {
    const t = nanosToMillis(timeNs);
    const badTime = checkTimestamp(t, this.now);
    if (badTime) return this.reject(1, badTime);
    for (const s of samples) {
      const bad = checkLabels(s.labels);
      if (bad) return this.reject(1, bad);
      const seen = this.byKey.get(seriesKey(s.labels));
      if (seen && seen.delta !== delta)
        return this.reject(1, `series ${seriesKey(s.labels)} has both delta and cumulative points in one request`);
    }
    for (const x of exemplars ?? []) {
      const ex = promExemplar(x);
      const target = samples[exemplarsAt ? exemplarsAt(ex.value) : 0]?.labels;
      if (!target) continue;
      const key = seriesKey(target);
      let acc = this.exemplarsByKey.get(key);
      if (!acc) this.exemplarsByKey.set(key, (acc = { series: target, exemplars: [] }));
      acc.exemplars.push(ex);
    }
    const f = new Float64Array(1);
    const u = new Uint32Array(f.buffer);
    for (const s of samples) {
      const key = seriesKey(s.labels);
      let acc = this.byKey.get(key);
      if (!acc) this.byKey.set(key, (acc = { labels: s.labels, t: [], bits: [], delta }));
      acc.t.push(t);
      if (stale) acc.bits.push(STALE_BITS[1], STALE_BITS[0]);
      else {
        f[0] = s.value;
        acc.bits.push(u[0], u[1]);
      }
    }
    this.out.acceptedPoints++;
  }

  private readonly histByKey = new Map<string, HistogramSeries>();

  /** One native histogram sample, or a rejection when its labels or time are invalid. */
  histogram(labels: Labels, timeNs: bigint, h: FloatHistogram, delta: boolean): void {
    const t = nanosToMillis(timeNs);
    const bad = checkTimestamp(t, this.now) ?? checkLabels(labels);
    if (bad) return this.reject(1, bad);
    const key = seriesKey(labels);
    if (this.byKey.has(key)) return this.reject(1, `series ${key} has both float and histogram points in one request`);
    let acc = this.histByKey.get(key);
    if (acc && (acc.delta ?? false) !== delta)
      return this.reject(1, `series ${key} has both delta and cumulative points in one request`);
    if (!acc) this.histByKey.set(key, (acc = { labels, samples: [], ...(delta ? { delta } : {}) }));
    acc.samples.push({ t, h });
    this.out.acceptedPoints++;
  }

  finish(): Translated {
    for (const s of this.histByKey.values()) {
      s.samples.sort((a, b) => a.t - b.t);
      this.out.histogramSeries.push(s);
    }
    for (const { labels, t, bits, delta } of this.byKey.values()) {
      // Points of one series may arrive in any order within a request; storage needs them ascending.
      const order = t.map((_, i) => i).sort((a, b) => t[a] - t[b]);
      const values = new Float64Array(order.length);
      const u = new Uint32Array(values.buffer);
      order.forEach((j, i) => {
        u[2 * i] = bits[2 * j];
        u[2 * i + 1] = bits[2 * j + 1];
      });
      this.out.series.push({ labels, timestamps: order.map((j) => t[j]), values, ...(delta ? { delta } : {}) });
    }
    for (const se of this.exemplarsByKey.values()) {
      se.exemplars.sort((a, b) => a.ts - b.ts);
      this.out.exemplars.push(se);
    }
    return this.out;
  }
}

interface Base {
  resource: Labels;
  /** job/instance from the service attributes: they win over data point attributes, as in Prometheus. */
  service: Labels;
}

function withName(base: Base, attrs: Attributes, name: string, extra?: [string, string]): Labels {
  const l: Labels = { ...base.resource, ...flattenAttributes(attrs), ...base.service };
  l.__name__ = name;
  if (extra) l[extra[0]] = extra[1];
  return l;
}

function translateMetric(c: Collector, m: Metric, base: Base): MetricMetadata | null {
  const d = m.data;
  const meta = (metric: string, type: MetricMetadata["type"]): MetricMetadata => ({
    metric,
    type,
    help: m.description,
    unit: m.unit,
  });
  if (!m.name) {
    c.reject(d.kind === "none" ? 0 : d.points.length, "metric without a name");
    return null;
  }
  switch (d.kind) {
    case "none":
      return null;
    case "exponentialHistogram": {
      if (d.temporality !== Temporality.Cumulative && d.temporality !== Temporality.Delta) {
        c.reject(
          d.points.length,
          `exponential histogram ${m.name} has unspecified aggregation temporality (must be delta or cumulative)`,
        );
        return null;
      }
      const delta = d.temporality === Temporality.Delta;
      const name = metricName(m.name, m.unit, "histogram");
      for (const p of d.points) {
        if ((p.flags & FLAG_NO_RECORDED_VALUE) !== 0) {
          c.reject(1, `exponential histogram ${m.name}: points with no recorded value are not stored`);
          continue;
        }
        let h: FloatHistogram;
        try {
          h = fromOtlpExponential(p);
        } catch (e) {
          if (!(e instanceof HistogramError)) throw e;
          c.reject(1, `exponential histogram ${m.name}: ${e.message}`);
          continue;
        }
        c.histogram(withName(base, p.attributes, name), p.timeNs, h, delta);
      }
      return meta(name, "histogram");
    }
    case "gauge":
    case "sum": {
      if (d.kind === "sum" && d.temporality !== Temporality.Cumulative && d.temporality !== Temporality.Delta) {
        c.reject(
          d.points.length,
          `sum ${m.name} has unspecified aggregation temporality (must be delta or cumulative)`,
        );
        return null;
      }
      const delta = d.kind === "sum" && d.temporality === Temporality.Delta;
      const kind: MetricKind = d.kind === "sum" && d.monotonic ? "counter" : "gauge";
      const name = metricName(m.name, m.unit, kind);
      for (const p of d.points)
        c.point(
          [{ labels: withName(base, p.attributes, name), value: p.value }],
          p.timeNs,
          (p.flags & FLAG_NO_RECORDED_VALUE) !== 0,
          p.exemplars,
          undefined,
          delta,
        );
      return meta(name, kind);
    }
    case "histogram": {
      if (d.temporality !== Temporality.Cumulative && d.temporality !== Temporality.Delta) {
        c.reject(
          d.points.length,
          `histogram ${m.name} has unspecified aggregation temporality (must be delta or cumulative)`,
        );
        return null;
      }
      const delta = d.temporality === Temporality.Delta;
      const name = metricName(m.name, m.unit, "histogram");
      for (const p of d.points) {
        if (p.bucketCounts.length !== 0 && p.bucketCounts.length !== p.explicitBounds.length + 1) {
          c.reject(
            1,
            `histogram ${m.name}: ${p.bucketCounts.length} bucket counts for ${p.explicitBounds.length} bounds (expected bounds + 1)`,
          );
          continue;
        }
        const samples: { labels: Labels; value: number }[] = [];
        let cum = 0;
        p.explicitBounds.forEach((b, i) => {
          cum += p.bucketCounts[i] ?? 0;
          samples.push({
            labels: withName(base, p.attributes, `${name}_bucket`, ["le", formatFloatPlain(b)]),
            value: cum,
          });
        });
        samples.push({ labels: withName(base, p.attributes, `${name}_bucket`, ["le", "+Inf"]), value: p.count });
        samples.push({ labels: withName(base, p.attributes, `${name}_count`), value: p.count });
        if (p.sum !== undefined) samples.push({ labels: withName(base, p.attributes, `${name}_sum`), value: p.sum });
        // samples[0..bounds] are the buckets in bound order, the last one +Inf.
        c.point(
          samples,
          p.timeNs,
          (p.flags & FLAG_NO_RECORDED_VALUE) !== 0,
          p.exemplars,
          (v) => bucketOf(v, p.explicitBounds),
          delta,
        );
      }
      return meta(name, "histogram");
    }
    case "summary": {
      const name = metricName(m.name, m.unit, "summary");
      for (const p of d.points) {
        const samples = p.quantiles.map((q) => ({
          labels: withName(base, p.attributes, name, ["quantile", formatFloatPlain(q.quantile)]),
          value: q.value,
        }));
        samples.push({ labels: withName(base, p.attributes, `${name}_count`), value: p.count });
        samples.push({ labels: withName(base, p.attributes, `${name}_sum`), value: p.sum });
        c.point(samples, p.timeNs, (p.flags & FLAG_NO_RECORDED_VALUE) !== 0);
      }
      return meta(name, "summary");
    }
  }
}

export function translateMetrics(req: MetricsRequest, now: number): Translated {
  const c = new Collector(now);
  const metadata = new Map<string, MetricMetadata>();
  for (const rm of req.resourceMetrics) {
    const base: Base = { resource: resourceLabels(rm.resource.attributes), service: {} };
    jobInstance(rm.resource.attributes, base.service);
    for (const sm of rm.scopeMetrics) {
      for (const m of sm.metrics) {
        const md = translateMetric(c, m, base);
        if (md) metadata.set(md.metric, md);
      }
    }
  }
  const out = c.finish();
  out.metadata = [...metadata.values()];
  return out;
}
