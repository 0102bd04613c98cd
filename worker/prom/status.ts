// The Prometheus API's rules, alerts, targets and status endpoints. Rules and alerts come from Vigil's monitors
// (core/prometheus/rules.ts); the rest describe Vigil honestly: it scrapes nothing (remote_write and OTLP push),
// so there are no targets, and its flags are the query limits it applies.
import type { Context } from "hono";
import { PromQLError } from "../../core/promql/errors";
import { alertsBody, rulesBody } from "../../core/prometheus/rules";
import { monitorViews } from "../../platform/alerting/rule-views";
import { config } from "../../platform/env";
import { QUERY_LIMITS } from "../../platform/metrics/engine";
import { liveMetricObjects } from "../../platform/metrics/shards";
import type { AppEnv } from "../app-env";
import type { PromParams } from "./params";
import { promSuccess } from "./respond";

const STARTED = new Date().toISOString();

export async function rules(c: Context<AppEnv>, p: PromParams): Promise<Response> {
  const type = p.get("type");
  if (type !== undefined && type !== "" && type !== "alert" && type !== "record")
    throw new PromQLError("bad_data", `invalid parameter "type": not supported value "${type}"`);
  const excl = p.get("exclude_alerts");
  if (excl !== undefined && excl !== "" && excl !== "true" && excl !== "false")
    throw new PromQLError("bad_data", `invalid parameter "exclude_alerts": parsing "${excl}": invalid syntax`);
  return promSuccess(
    c,
    rulesBody(await monitorViews(c.env), {
      type: type === "alert" || type === "record" ? type : undefined,
      ruleNames: p.all("rule_name[]"),
      groupNames: p.all("rule_group[]"),
      files: p.all("file[]"),
      excludeAlerts: excl === "true",
    }),
  );
}

export async function alerts(c: Context<AppEnv>): Promise<Response> {
  return promSuccess(c, alertsBody(await monitorViews(c.env)));
}

export async function targets(c: Context<AppEnv>): Promise<Response> {
  return promSuccess(c, { activeTargets: [], droppedTargets: [], droppedTargetCounts: {} });
}

function flags(c: Context<AppEnv>): Record<string, string> {
  const cfg = config(c.env);
  return {
    "query.lookback-delta": "5m",
    "query.max-samples": String(QUERY_LIMITS.maxSamples),
    "query.timeout": `${QUERY_LIMITS.timeoutMs / 1000}s`,
    "storage.tsdb.retention.time": `${cfg.retentionDays}d`,
    "web.enable-remote-write-receiver": "true",
    "vigil.promql-mode": String(cfg.promqlMode),
  };
}

export async function statusConfig(c: Context<AppEnv>): Promise<Response> {
  const cfg = config(c.env);
  const yaml = [
    "# Vigil does not scrape: series arrive by remote_write and OTLP. Rules are Vigil monitors (/api/v1/rules).",
    "global:",
    "  evaluation_interval: 1m",
    `  query_log_file: ""`,
    "storage:",
    `  tsdb_retention: ${cfg.retentionDays}d`,
    "scrape_configs: []",
    "",
  ].join("\n");
  return promSuccess(c, { yaml });
}

export async function statusFlags(c: Context<AppEnv>): Promise<Response> {
  return promSuccess(c, flags(c));
}

export async function statusRuntimeInfo(c: Context<AppEnv>): Promise<Response> {
  return promSuccess(c, {
    startTime: STARTED,
    CWD: "/",
    reloadConfigSuccess: true,
    lastConfigTime: STARTED,
    corruptionCount: 0,
    goroutineCount: 0,
    GOMAXPROCS: 0,
    GOMEMLIMIT: 0,
    GOGC: "",
    GODEBUG: "",
    storageRetention: `${config(c.env).retentionDays}d`,
  });
}

export async function statusTsdb(c: Context<AppEnv>): Promise<Response> {
  // Every live object: a series alive on several days counts once in each day's generation.
  const stats = await Promise.all((await liveMetricObjects(c.env)).map((o) => o.stub.stats()));
  const sum = (k: "series" | "chunks") => stats.reduce((n, s) => n + s[k], 0);
  return promSuccess(c, {
    headStats: { numSeries: sum("series"), numLabelPairs: 0, chunkCount: sum("chunks"), minTime: 0, maxTime: 0 },
    seriesCountByMetricName: [],
    labelValueCountByLabelName: [],
    memoryInBytesByLabelName: [],
    seriesCountByLabelValuePair: [],
  });
}

export async function statusWalReplay(c: Context<AppEnv>): Promise<Response> {
  return promSuccess(c, { min: 0, max: 0, current: 0 });
}
