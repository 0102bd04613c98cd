// ExportMetricsServiceRequest from OTLP/JSON (lowerCamelCase keys, int64 as string or number, integer enums).
import {
  asArray,
  asBool,
  asDouble,
  asInt,
  asInt64,
  asObject,
  asString,
  attributesFromJson,
  parseJsonBody,
  resourceFromJson,
  scopeFromJson,
} from "../common/json";
import { idFromJson } from "../common/ids";
import type {
  ExponentialPoint,
  HistogramPoint,
  Metric,
  MetricData,
  MetricsRequest,
  NumberPoint,
  OtlpExemplar,
  SummaryPoint,
} from "./model";

function exemplars(v: unknown, at: string): OtlpExemplar[] | undefined {
  if (v === undefined || v === null) return undefined;
  return asArray(v, at).map((x, i) => {
    const o = asObject(x, `${at}[${i}]`);
    return {
      filteredAttributes: attributesFromJson(o.filteredAttributes, `${at}[${i}].filteredAttributes`),
      timeNs: asInt64(o.timeUnixNano, `${at}[${i}].timeUnixNano`),
      value:
        o.asDouble !== undefined
          ? asDouble(o.asDouble, `${at}[${i}].asDouble`)
          : Number(asInt64(o.asInt, `${at}[${i}].asInt`)),
      traceId: idFromJson(o.traceId, 16, `${at}[${i}].traceId`),
      spanId: idFromJson(o.spanId, 8, `${at}[${i}].spanId`),
    };
  });
}

function numberPoint(v: unknown, at: string): NumberPoint {
  const o = asObject(v, at);
  const value =
    o.asDouble !== undefined ? asDouble(o.asDouble, `${at}.asDouble`) : Number(asInt64(o.asInt, `${at}.asInt`));
  return {
    attributes: attributesFromJson(o.attributes, `${at}.attributes`),
    timeNs: asInt64(o.timeUnixNano, `${at}.timeUnixNano`),
    value,
    flags: asInt(o.flags, `${at}.flags`),
    exemplars: exemplars(o.exemplars, `${at}.exemplars`),
  };
}

function histogramPoint(v: unknown, at: string): HistogramPoint {
  const o = asObject(v, at);
  return {
    attributes: attributesFromJson(o.attributes, `${at}.attributes`),
    timeNs: asInt64(o.timeUnixNano, `${at}.timeUnixNano`),
    count: Number(asInt64(o.count, `${at}.count`)),
    sum: o.sum === undefined || o.sum === null ? undefined : asDouble(o.sum, `${at}.sum`),
    bucketCounts: asArray(o.bucketCounts, `${at}.bucketCounts`).map((c, i) =>
      Number(asInt64(c, `${at}.bucketCounts[${i}]`)),
    ),
    explicitBounds: asArray(o.explicitBounds, `${at}.explicitBounds`).map((b, i) =>
      asDouble(b, `${at}.explicitBounds[${i}]`),
    ),
    flags: asInt(o.flags, `${at}.flags`),
    exemplars: exemplars(o.exemplars, `${at}.exemplars`),
  };
}

function expBuckets(v: unknown, at: string): { offset: number; bucketCounts: number[] } {
  if (v === undefined || v === null) return { offset: 0, bucketCounts: [] };
  const o = asObject(v, at);
  return {
    offset: asInt(o.offset, `${at}.offset`),
    bucketCounts: asArray(o.bucketCounts, `${at}.bucketCounts`).map((c, i) =>
      Number(asInt64(c, `${at}.bucketCounts[${i}]`)),
    ),
  };
}

function exponentialPoint(v: unknown, at: string): ExponentialPoint {
  const o = asObject(v, at);
  return {
    attributes: attributesFromJson(o.attributes, `${at}.attributes`),
    timeNs: asInt64(o.timeUnixNano, `${at}.timeUnixNano`),
    count: Number(asInt64(o.count, `${at}.count`)),
    sum: o.sum === undefined || o.sum === null ? undefined : asDouble(o.sum, `${at}.sum`),
    scale: asInt(o.scale, `${at}.scale`),
    zeroCount: Number(asInt64(o.zeroCount, `${at}.zeroCount`)),
    zeroThreshold: asDouble(o.zeroThreshold, `${at}.zeroThreshold`),
    positive: expBuckets(o.positive, `${at}.positive`),
    negative: expBuckets(o.negative, `${at}.negative`),
    flags: asInt(o.flags, `${at}.flags`),
  };
}

function summaryPoint(v: unknown, at: string): SummaryPoint {
  const o = asObject(v, at);
  return {
    attributes: attributesFromJson(o.attributes, `${at}.attributes`),
    timeNs: asInt64(o.timeUnixNano, `${at}.timeUnixNano`),
    count: Number(asInt64(o.count, `${at}.count`)),
    sum: asDouble(o.sum, `${at}.sum`),
    quantiles: asArray(o.quantileValues, `${at}.quantileValues`).map((q, i) => {
      const qo = asObject(q, `${at}.quantileValues[${i}]`);
      return {
        quantile: asDouble(qo.quantile, `${at}.quantileValues[${i}].quantile`),
        value: asDouble(qo.value, `${at}.quantileValues[${i}].value`),
      };
    }),
    flags: asInt(o.flags, `${at}.flags`),
  };
}

function points<T>(data: Record<string, unknown>, at: string, one: (v: unknown, at: string) => T): T[] {
  return asArray(data.dataPoints, `${at}.dataPoints`).map((p, i) => one(p, `${at}.dataPoints[${i}]`));
}

function metricData(o: Record<string, unknown>, at: string): MetricData {
  if (o.gauge !== undefined)
    return { kind: "gauge", points: points(asObject(o.gauge, `${at}.gauge`), `${at}.gauge`, numberPoint) };
  if (o.sum !== undefined) {
    const s = asObject(o.sum, `${at}.sum`);
    return {
      kind: "sum",
      points: points(s, `${at}.sum`, numberPoint),
      temporality: asInt(s.aggregationTemporality, `${at}.sum.aggregationTemporality`),
      monotonic: asBool(s.isMonotonic, `${at}.sum.isMonotonic`),
    };
  }
  if (o.histogram !== undefined) {
    const h = asObject(o.histogram, `${at}.histogram`);
    return {
      kind: "histogram",
      points: points(h, `${at}.histogram`, histogramPoint),
      temporality: asInt(h.aggregationTemporality, `${at}.histogram.aggregationTemporality`),
    };
  }
  if (o.exponentialHistogram !== undefined) {
    const e = asObject(o.exponentialHistogram, `${at}.exponentialHistogram`);
    return {
      kind: "exponentialHistogram",
      points: points(e, `${at}.exponentialHistogram`, exponentialPoint),
      temporality: asInt(e.aggregationTemporality, `${at}.exponentialHistogram.aggregationTemporality`),
    };
  }
  if (o.summary !== undefined)
    return { kind: "summary", points: points(asObject(o.summary, `${at}.summary`), `${at}.summary`, summaryPoint) };
  return { kind: "none" };
}

function metric(v: unknown, at: string): Metric {
  const o = asObject(v, at);
  return {
    name: asString(o.name, `${at}.name`),
    description: asString(o.description, `${at}.description`),
    unit: asString(o.unit, `${at}.unit`),
    data: metricData(o, at),
  };
}

export function decodeMetricsJson(bytes: Uint8Array): MetricsRequest {
  const body = parseJsonBody(bytes);
  return {
    resourceMetrics: asArray(body.resourceMetrics, "resourceMetrics").map((rm, i) => {
      const at = `resourceMetrics[${i}]`;
      const o = asObject(rm, at);
      return {
        resource: resourceFromJson(o.resource, `${at}.resource`),
        scopeMetrics: asArray(o.scopeMetrics, `${at}.scopeMetrics`).map((sm, j) => {
          const sat = `${at}.scopeMetrics[${j}]`;
          const so = asObject(sm, sat);
          return {
            scope: scopeFromJson(so.scope, `${sat}.scope`),
            metrics: asArray(so.metrics, `${sat}.metrics`).map((m, k) => metric(m, `${sat}.metrics[${k}]`)),
          };
        }),
      };
    }),
  };
}
