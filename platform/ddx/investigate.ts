// Investigation at fire time (issue 14 §5): metric DDx on the alert's query for its signal, trace DDx on the affected
// service and the change events in the window, in parallel, under one time budget; the likely cause and a summary
// of each part are stored with the alert. Never throws: a part that fails or runs out of time is recorded as such.
import { type FiringAlert, investigationWindow, likelyCause, metricRequest } from "../../core/ddx/investigation";
import { listChangeEvents } from "../db/change-events";
import { type Investigation, type InvestigationBody, putInvestigation } from "../db/investigations";
import type { Env } from "../env";
import { runMetricDdx } from "./metrics";
import { runTraceDdx } from "./traces";

/** Wall time for all parts together. DDx's own limits (series, samples, label names) bound its memory. */
export const INVESTIGATION_BUDGET_MS = 20_000;

class OutOfTime extends Error {}

function within<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new OutOfTime(`out of time after ${ms} ms`)), ms);
  });
  return Promise.race([p, limit]).finally(() => clearTimeout(timer));
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e)).slice(0, 500);

export async function investigate(
  env: Env,
  a: FiringAlert,
  budgetMs = INVESTIGATION_BUDGET_MS,
  now = Date.now,
): Promise<Investigation> {
  const startedAt = now();
  const req = metricRequest(a);
  const window = investigationWindow(a);
  const metric = within(runMetricDdx(env, req, startedAt), budgetMs);
  const changes = within(
    listChangeEvents(env.DB, { from: window.start - 3_600_000, to: window.end, limit: 50 }),
    budgetMs,
  );
  // The service: the alert's own label, else the one value of `service` the metric series carry.
  const serviceOf = async () => {
    if (a.labels.service) return a.labels.service;
    const m = await metric.catch(() => null);
    const t = m?.output.labels.find((l) => l.label === "service");
    return t && t.cardinality === 1 ? t.values[0]?.value : undefined;
  };
  const traces = serviceOf().then((service) =>
    service
      ? within(
          runTraceDdx(env, {
            service,
            window,
            scope: req.scope.filter((m) => m.name !== "service"),
            comparison: "errors",
            baseline: { mode: "1h" },
            status: "all",
            sampleSize: 2_000,
            top: 5,
            changeEvents: false,
          }),
          budgetMs,
        ).then((r) => ({ service, r }))
      : null,
  );
  const [m, t, c] = await Promise.allSettled([metric, traces, changes]);
  const body: InvestigationBody = { changes: [] };
  const errors: string[] = [];
  body.metric = {
    request: { query: req.query, window: req.window, scope: req.scope.map(({ name, value }) => ({ name, value })) },
    top: [],
  };
  if (m.status === "fulfilled") {
    body.metric.mode = m.value.output.mode;
    body.metric.empty = m.value.output.empty;
    body.metric.top = m.value.output.ranked.slice(0, 5).map((r) => ({
      label: r.label,
      value: r.value,
      divergence: r.divergence,
      kind: r.kind,
      reason: r.reason,
      change: (r as { change?: unknown }).change,
    }));
  } else {
    body.metric.error = message(m.reason);
    errors.push(`metric DDx: ${body.metric.error}`);
  }
  if (t.status === "fulfilled" && t.value)
    body.traces = {
      service: t.value.service,
      top: t.value.r.output.ranked
        .filter((x) => x.supported && x.score > 0)
        .slice(0, 5)
        .map((x) => ({ key: x.key, value: x.value, score: x.score, confidence: x.confidence })),
    };
  else if (t.status === "rejected") errors.push(`trace DDx: ${message(t.reason)}`);
  if (c.status === "fulfilled")
    body.changes = c.value.events
      .filter((e) => e.category !== "alerts")
      .slice(0, 10)
      .map((e) => ({ id: e.id, title: e.title, category: e.category, source: e.source, happenedAt: e.happenedAt }));
  else errors.push(`change events: ${message(c.reason)}`);
  const cause = m.status === "fulfilled" ? likelyCause(m.value.output.ranked, a) : undefined;
  const out: Investigation = {
    alertId: a.alertId,
    monitorId: a.monitorId,
    status: m.status === "rejected" ? "failed" : errors.length ? "partial" : "done",
    startedAt,
    finishedAt: now(),
    likelyCause: cause ?? null,
    body,
    error: errors.length ? errors.join("; ") : null,
  };
  await putInvestigation(env.DB, out);
  return out;
}
