// Handlers of the Prometheus HTTP API (query, query_range, series, labels, label values, metadata, ...).
import type { Context } from "hono";
import type { Expr } from "../../core/promql/ast";
import { Annotations, annotationStrings } from "../../core/promql/annotations";
import { PromQLError } from "../../core/promql/errors";
import { formatJsonValue } from "../../core/promql/format-float";
import { formatExpr, parsePromQL, selectorsOf } from "../../core/promql/parse";
import { dotAllPattern } from "../../core/promql/regex";
import type { LabelMatcher } from "../../core/promql/types";
import type { AppEnv } from "../app-env";
import { promqlSemantics, queryEngine, QUERY_LIMITS } from "../../platform/metrics/engine";
import { selectExemplars } from "../../platform/exemplars/client";
import { shardedSeriesSource } from "../../platform/metrics/source";
import { parseDurationParam, parseTimeParam, PromParams, unescapeLabelName } from "./params";
import { promQueryResult, promSuccess } from "./respond";

const MIN_TIME = 0;
const MAX_TIME = 8.64e15;
const MAX_MATCH_SETS = 100;

function engineFor(c: Context<AppEnv>, p: PromParams) {
  const t = p.get("timeout");
  const timeoutMs = t ? Math.min(parseDurationParam("timeout", t), QUERY_LIMITS.timeoutMs) : undefined;
  return queryEngine(c.env, timeoutMs ? { timeoutMs } : {});
}

function timeOr(p: PromParams, name: string, fallback: number): number {
  const raw = p.get(name);
  return raw === undefined || raw === "" ? fallback : parseTimeParam(name, raw);
}

function required(p: PromParams, name: string): string {
  const v = p.get(name);
  if (v === undefined || v === "") throw new PromQLError("bad_data", `invalid parameter "${name}": missing`);
  return v;
}

function matcherSets(c: Context<AppEnv>, p: PromParams, requiredSet: boolean): LabelMatcher[][] {
  const { prometheus3 } = promqlSemantics(c.env);
  const raw = p.all("match[]");
  if (requiredSet && raw.length === 0) throw new PromQLError("bad_data", "no match[] parameter provided");
  if (raw.length > MAX_MATCH_SETS)
    throw new PromQLError("bad_data", `at most ${MAX_MATCH_SETS} match[] parameters are allowed`);
  return raw.map((m) => {
    let e: Expr;
    try {
      e = parsePromQL(m, { prometheus3 });
    } catch (err) {
      throw new PromQLError("bad_data", `invalid parameter "match[]": ${(err as Error).message}`);
    }
    if (e.kind !== "vector")
      throw new PromQLError("bad_data", `invalid parameter "match[]": ${m} is not an instant vector selector`);
    // Prometheus 3 lets `.` match a newline in label regexes.
    if (!prometheus3) return e.matchers;
    return e.matchers.map((x) => (x.op === "=~" || x.op === "!~" ? { ...x, value: dotAllPattern(x.value) } : x));
  });
}

export async function query(c: Context<AppEnv>): Promise<Response> {
  const p = await PromParams.from(c.req.raw);
  const q = p.get("query") ?? "";
  const time = timeOr(p, "time", Date.now());
  const notes = new Annotations();
  const data = await engineFor(c, p).instantQuery(q, time, notes);
  return promQueryResult(c, data, annotationStrings(notes.list(), q, promqlSemantics(c.env).prometheus3));
}

export async function queryRange(c: Context<AppEnv>): Promise<Response> {
  const p = await PromParams.from(c.req.raw);
  const start = parseTimeParam("start", required(p, "start"));
  const end = parseTimeParam("end", required(p, "end"));
  if (end < start)
    throw new PromQLError("bad_data", `invalid parameter "end": end timestamp must not be before start time`);
  const step = parseDurationParam("step", required(p, "step"));
  if (!(step > 0))
    throw new PromQLError(
      "bad_data",
      `invalid parameter "step": zero or negative query resolution step widths are not accepted. Try a positive integer`,
    );
  const q = p.get("query") ?? "";
  const notes = new Annotations();
  const data = await engineFor(c, p).rangeQuery(q, start, end, step, notes);
  return promQueryResult(c, data, annotationStrings(notes.list(), q, promqlSemantics(c.env).prometheus3));
}

export async function series(c: Context<AppEnv>): Promise<Response> {
  const p = await PromParams.from(c.req.raw);
  const sets = matcherSets(c, p, true);
  const [start, end] = [timeOr(p, "start", MIN_TIME), timeOr(p, "end", MAX_TIME)];
  return promSuccess(c, await shardedSeriesSource(c.env).series(sets, start, end));
}

export async function labels(c: Context<AppEnv>): Promise<Response> {
  const p = await PromParams.from(c.req.raw);
  const sets = matcherSets(c, p, false);
  const [start, end] = [timeOr(p, "start", MIN_TIME), timeOr(p, "end", MAX_TIME)];
  return promSuccess(c, await shardedSeriesSource(c.env).labelNames(sets, start, end));
}

export async function labelValues(c: Context<AppEnv>): Promise<Response> {
  const p = await PromParams.from(c.req.raw);
  const name = unescapeLabelName(c.req.param("name") ?? "");
  if (name === "") throw new PromQLError("bad_data", `invalid label name: ""`);
  const sets = matcherSets(c, p, false);
  const [start, end] = [timeOr(p, "start", MIN_TIME), timeOr(p, "end", MAX_TIME)];
  return promSuccess(c, await shardedSeriesSource(c.env).labelValues(name, sets, start, end));
}

export async function metadata(c: Context<AppEnv>): Promise<Response> {
  const p = await PromParams.from(c.req.raw);
  const limitRaw = p.get("limit");
  const limit = limitRaw === undefined || limitRaw === "" ? undefined : Number(limitRaw);
  if (limit !== undefined && !Number.isInteger(limit))
    throw new PromQLError("bad_data", `invalid parameter "limit": ${limitRaw} is not an integer`);
  const metric = p.get("metric") || undefined;
  return promSuccess(
    c,
    await shardedSeriesSource(c.env).metadata(metric, limit !== undefined && limit >= 0 ? limit : undefined),
  );
}

export async function formatQuery(c: Context<AppEnv>): Promise<Response> {
  const p = await PromParams.from(c.req.raw);
  return promSuccess(c, formatExpr(parsePromQL(p.get("query") ?? "", promqlSemantics(c.env))));
}

export async function buildInfo(c: Context<AppEnv>): Promise<Response> {
  // The Prometheus release whose PromQL Vigil answers like (clients such as Grafana gate features on it).
  return promSuccess(c, {
    version: promqlSemantics(c.env).prometheus3 ? "3.0.0" : "2.53.5",
    revision: "vigil",
    branch: "main",
    buildUser: "vigil",
    buildDate: "20260101-00:00:00",
    goVersion: "workerd",
  });
}

/** GET|POST /api/v1/query_exemplars: the exemplars of every series a selector of `query` matches, in
 * [start, end], sorted by series labels (Prometheus' API and JSON: value a string, timestamp in seconds). */
export async function exemplars(c: Context<AppEnv>): Promise<Response> {
  const p = await PromParams.from(c.req.raw);
  const [start, end] = [timeOr(p, "start", MIN_TIME), timeOr(p, "end", MAX_TIME)];
  if (end < start) throw new PromQLError("bad_data", "end timestamp must not be before start timestamp");
  const { prometheus3 } = promqlSemantics(c.env);
  let expr: Expr;
  try {
    expr = parsePromQL(p.get("query") ?? "", { prometheus3 });
  } catch (err) {
    throw new PromQLError("bad_data", (err as Error).message);
  }
  const sets = selectorsOf(expr).map((s) =>
    prometheus3
      ? s.matchers.map((x) => (x.op === "=~" || x.op === "!~" ? { ...x, value: dotAllPattern(x.value) } : x))
      : s.matchers,
  );
  // Like Prometheus, a query without a selector has nothing to look at: it answers 204 with no body.
  if (sets.length === 0) return c.body(null, 204);
  const found = await selectExemplars(c.env, sets, start, end);
  return promSuccess(
    c,
    found.map((s) => ({
      seriesLabels: s.seriesLabels,
      exemplars: s.exemplars.map((e) => ({
        labels: e.labels,
        value: formatJsonValue(e.value),
        timestamp: e.ts / 1000,
      })),
    })),
  );
}
