// The running simulator: a story clock, the story's events, backfill (remote_write with explicit timestamps,
// spans and logs through the SDK exporters with explicit times), then live emission every second.
import { announce } from "./changes.mjs";
import { liveSteps } from "./clock.mjs";
import { generate, badVersionLive } from "./model.mjs";
import { MetricStore, mergeSnapshots } from "./metric-store.mjs";
import { storedHistory } from "./resume.mjs";
import { exportStats, startOtelMetrics, startOtelTracesAndLogs } from "./otel.mjs";
import { sendRemoteWrite } from "./remote-write.mjs";
import { NativeHistograms } from "./native-histogram.mjs";
import { makeRng } from "./rng.mjs";
import { sampleRequests } from "./sampling.mjs";
import { emitCheckoutTrace } from "./traces.mjs";
import { NAMESPACE, SERVICES } from "./topology.mjs";
import {
  asLabels,
  BUCKETS_MS,
  clientAttributes,
  RPC_CLIENT_DURATION,
  SEMCONV_BUCKETS,
  SERVER_DURATION,
  serverAttributes,
} from "./semconv.mjs";

/** @typedef {import("./model.mjs").StoryEvent & { announced?: boolean }} Event */
/**
 * @typedef {{ url: string, token: string, at: "start" | "incident" | "baseline", rate: number, speed: number,
 *   backfillMs: number, stepMs: number, metricsIntervalMs: number, tracesPerSecond: number, seed: number,
 *   log: (line: string) => void, api: import("./api.mjs").VigilApi }} SimOptions
 */

const SEND_BATCH_STEPS = 20; // backfill steps per remote_write request
const STORY_T0_HOUR_MS = 9 * 3_600_000;
const jobOf = (/** @type {string} */ service) => `${NAMESPACE}/${service}`;

export class Simulator {
  /** @param {SimOptions} o */
  constructor(o) {
    this.o = o;
    this.rand = makeRng(o.seed);
    this.anchor = Date.now();
    // The story's figures are those at T0: its clock puts T0 where the diurnal swing crosses 1 (09:00 of a story
    // day), so payment-gateway serves ~1,240 req/min whatever the hour the demo starts.
    const t0 = this.anchor + (o.at === "start" ? 60_000 : o.at === "incident" ? -10 * 60_000 : 0);
    this.offset = STORY_T0_HOUR_MS - (t0 % 86_400_000);
    /** @type {Event[]} */
    this.events = [];
    if (o.at === "start") this.events.push({ kind: "deploy", at: this.story(this.anchor) + 60_000 });
    if (o.at === "incident") this.events.push({ kind: "deploy", at: this.story(this.anchor) - 10 * 60_000 });
    this.store = new MetricStore(); // everything during backfill, the RPC edge series afterwards
    this.native = new NativeHistograms(); // checkout's latencies as native histograms, backfill and live
    this.live = false;
    this.stats = {
      remoteWrite: { requests: 0, samples: 0, failed: 0, lastError: "" },
      traces: 0,
      steps: 0,
      backfilledUntil: 0,
    };
    /** @type {ReturnType<typeof startOtelMetrics> | null} */
    this.metrics = null;
    this.tel = startOtelTracesAndLogs({ url: o.url, token: o.token });
    /** @type {NodeJS.Timeout | null} */
    this.timer = null;
    this.lastTick = 0;
    this.lastMetricsSend = 0;
  }

  /** Story time for a wall time: the story runs `speed` times faster than the wall clock from the anchor. @param {number} wall */
  story(wall) {
    return this.anchor + this.offset + (wall - this.anchor) * this.o.speed;
  }
  /**
   * The time of day behind the traffic's diurnal swing: it starts at the story's clock but runs at 1x. The story's
   * speed compresses the incident, not the day: at 12x a day would otherwise pass in two hours, and a long-running
   * demo would read payment-gateway ~12 % under the story's figures at its story night. @param {number} wall
   */
  day(wall) {
    return this.anchor + this.offset + (wall - this.anchor);
  }
  /** @param {number} story */
  wall(story) {
    return this.anchor + (story - this.anchor - this.offset) / this.o.speed;
  }

  async sendSeries(/** @type {import("./remote-write.mjs").TimeSeries[]} */ series) {
    if (series.length === 0) return;
    const r = await sendRemoteWrite(`${this.o.url}/api/v1/write`, this.o.token, series);
    const st = this.stats.remoteWrite;
    st.requests++;
    if (r.status >= 200 && r.status < 300)
      st.samples += series.reduce((s, x) => s + x.samples.length + (x.histograms?.length ?? 0), 0);
    else {
      st.failed++;
      st.lastError = `HTTP ${r.status} ${r.text}`;
      let body = r.text;
      try {
        body = JSON.parse(r.text);
      } catch {
        // plain text error (the remote_write spec's envelope)
      }
      if (r.status === 404 || r.status === 0)
        this.o.api.report("remote_write", { status: r.status, body }, "remote_write");
      else if (st.failed <= 3 || st.failed % 100 === 0)
        this.o.log(`warning: remote_write answered HTTP ${r.status}: ${r.text.slice(0, 200)}`);
    }
  }

  /** Record one step's HTTP and edge observations in the remote_write store. @param {ReturnType<typeof generate>} g @param {boolean} http */
  storeStep(g, http) {
    if (http) {
      for (const o of g.http) {
        // `job` is what Vigil (like Prometheus' OTLP receiver) derives from the SDK's resource, so the live
        // OTel series continue these backfilled ones instead of starting new ones.
        const labels = { ...o.labels, job: jobOf(o.service) };
        for (const [status, n] of Object.entries(o.counts))
          this.store.add(`${o.metric}_http_requests_total`, { ...labels, status }, n);
        this.store.observe(`${o.metric}_http_request_duration_seconds`, labels, o.latencies);
        for (const [status, ls] of Object.entries(o.byStatus ?? {}))
          this.store.observe(
            `${SERVER_DURATION}_seconds`,
            { ...asLabels(serverAttributes(o, status)), job: jobOf(o.service) },
            ls,
            SEMCONV_BUCKETS,
          );
      }
      // The calls' semantic-convention metrics; live, the OTel SDK records them (recordCalls).
      for (const e of g.edges)
        for (const [status, ls] of Object.entries(e.byStatus)) {
          const c = clientAttributes(e, status);
          const rpc = c.instrument === RPC_CLIENT_DURATION;
          this.store.observe(
            rpc ? `${c.instrument}_milliseconds` : `${c.instrument}_seconds`,
            { ...asLabels(c.attributes), job: jobOf(e.caller) },
            rpc ? ls.map((l) => l * 1000) : ls,
            rpc ? BUCKETS_MS : SEMCONV_BUCKETS,
          );
        }
    }
    for (const o of g.http)
      if (o.service === "checkout-service") {
        const { service, environment, region } = o.labels;
        this.native.observe({ job: jobOf(o.service), service, environment, region }, o.latencies);
      }
    for (const e of g.edges) {
      const labels = {
        job: jobOf(e.caller),
        service: e.caller,
        peer_service: e.peer,
        operation: e.operation,
        environment: e.environment,
        region: e.region,
      };
      if (e.ok) this.store.add("rpc_client_requests_total", { ...labels, status: "ok" }, e.ok);
      if (e.error) this.store.add("rpc_client_requests_total", { ...labels, status: "error" }, e.error);
    }
  }

  /** History from now - backfill to now, batched; keeps going until it has caught up with the wall clock. Over
   * an earlier run's data it starts after the newest stored sample and continues every series from its value. */
  async backfill() {
    const step = this.o.stepMs;
    let t = Math.floor((this.anchor - this.o.backfillMs) / step) * step;
    const began = Date.now();
    const stored = await storedHistory(this.o.api, this.anchor);
    if (stored.newest !== null) {
      this.store.seed(stored);
      t = Math.max(t, Math.floor(stored.newest / step) * step + step);
      this.o.log(
        `found history up to ${new Date(stored.newest).toLocaleTimeString()}: continuing ${stored.counters.length + stored.histograms.length} series from their stored values`,
      );
    }
    /** @type {import("./remote-write.mjs").TimeSeries[][]} */
    let pending = [];
    let steps = 0;
    const tracesPerSecond = Math.max(0.05, this.o.tracesPerSecond / 10);
    while (t + step <= Date.now()) {
      const g = generate(this.story(t), step / 1000, this.events, this.rand, this.o.rate, this.day(t));
      this.storeStep(g, true);
      pending.push([...this.store.snapshot(t + step), ...this.native.snapshot(t + step)]);
      for (const req of sampleRequests(g.http, t, step / 1000, tracesPerSecond, this.rand)) {
        emitCheckoutTrace(this.tel, req, this.rand);
        this.stats.traces++;
      }
      t += step;
      steps++;
      if (pending.length >= SEND_BATCH_STEPS) {
        await this.sendSeries(mergeSnapshots(pending));
        pending = [];
        await this.tel.flush();
      }
    }
    await this.sendSeries(mergeSnapshots(pending));
    await this.tel.flush();
    this.stats.backfilledUntil = t;
    this.lastTick = t;
    this.lastMetricsSend = t;
    // Story events already in the past get their change events now, stamped with when they happened.
    for (const e of this.events) {
      if (this.wall(e.at) <= Date.now()) {
        e.announced = true;
        await announce(this.o.api, e.kind, this.wall(e.at));
      }
    }
    const samples = this.stats.remoteWrite.samples;
    this.o.log(
      `backfilled ${Math.round((steps * step) / 60_000)} min of history: ${steps} steps, ${samples.toLocaleString("en-US")} samples via remote_write, ${this.stats.traces} traces via OTLP, in ${((Date.now() - began) / 1000).toFixed(1)} s`,
    );
  }

  /** Hand the HTTP counters to the OTel SDK, seeded with the backfilled totals so the series continue. */
  startLive() {
    this.metrics = startOtelMetrics({ url: this.o.url, token: this.o.token, intervalMs: this.o.metricsIntervalMs });
    const byMetric = Object.fromEntries(SERVICES.map((s) => [`${s.metric}_http_requests_total`, s.name]));
    /** @type {import("./model.mjs").HttpObservation[]} */
    const seed = [];
    for (const [k, c] of this.store.counters) {
      const service = byMetric[c.labels.__name__];
      // Dormant ones too: an earlier run's series that this backfill did not reach (it may have had no step
      // at all after a quick restart) must continue from their stored values, not start again from zero.
      if (!service) continue;
      const { __name__: _n, job: _j, status, ...labels } = c.labels;
      seed.push({ service, metric: "", labels, counts: { [status]: c.value }, latencies: [] });
      this.store.counters.delete(k);
    }
    this.metrics.record(seed);
    this.store.histograms.clear();
    this.live = true;
    this.timer = setInterval(() => void this.tick(), 1000);
  }

  async tick() {
    const now = Date.now();
    const { steps, skippedMs } = liveSteps(this.lastTick, now);
    if (!steps.length) return;
    this.lastTick = now;
    if (skippedMs > 0)
      this.o.log(`warning: skipped ${Math.round(skippedMs / 1000)} s of traffic (the demo was paused that long)`);
    const storyNow = this.story(now);
    for (const e of this.events) {
      if (!e.announced && e.at <= storyNow) {
        e.announced = true;
        const line =
          e.kind === "deploy"
            ? "deployed checkout-service v3.41.0 to production/us-east-1 (errors start when pods pass readiness)"
            : "rolled checkout-service back to v3.40.2";
        this.o.log(`▶ ${line}`);
        void announce(this.o.api, e.kind, now);
      }
    }
    // Each step's traffic at its own story time; the SDK stamps it at its next export.
    for (const { from, to } of steps) {
      this.stats.steps++;
      const dtSec = (to - from) / 1000;
      const g = generate(this.story(to), dtSec, this.events, this.rand, this.o.rate, this.day(to));
      this.metrics?.record(g.http);
      this.metrics?.recordCalls(g.edges);
      this.storeStep(g, false);
      for (const req of sampleRequests(g.http, from, dtSec, this.o.tracesPerSecond, this.rand)) {
        emitCheckoutTrace(this.tel, req, this.rand);
        this.stats.traces++;
      }
    }
    if (now - this.lastMetricsSend >= this.o.metricsIntervalMs) {
      this.lastMetricsSend = now;
      await this.sendSeries([...this.store.snapshot(now), ...this.native.snapshot(now)]);
    }
  }

  /** @param {"deploy-bad" | "rollback" | "reset"} action */
  control(action) {
    const storyNow = this.story(Date.now());
    if (action === "reset") {
      this.events = [];
      return { ok: true, message: "reset: checkout-service v3.40.2 everywhere, no incident" };
    }
    const kind = action === "deploy-bad" ? "deploy" : "rollback";
    // An event scheduled in the future (the default story's deploy) is replaced by this one.
    this.events = this.events.filter((e) => e.announced);
    this.events.push({ kind, at: storyNow });
    return {
      ok: true,
      message:
        kind === "deploy"
          ? "deploying checkout-service v3.41.0 to production/us-east-1; errors start in 2 (story) minutes"
          : "rolling checkout-service back to v3.40.2; errors stop in 1 (story) minute",
    };
  }

  status() {
    const now = Date.now();
    const storyNow = this.story(now);
    return {
      live: this.live,
      speed: this.o.speed,
      rate: this.o.rate,
      storyTime: new Date(storyNow).toISOString(),
      incident: badVersionLive(storyNow, this.events),
      events: this.events.map((e) => ({
        kind: e.kind,
        storyAt: new Date(e.at).toISOString(),
        wallAt: new Date(this.wall(e.at)).toISOString(),
        announced: Boolean(e.announced),
      })),
      remoteWrite: this.stats.remoteWrite,
      otlp: exportStats,
      tracesEmitted: this.stats.traces,
      skipped: [...this.o.api.skipped],
    };
  }

  async stop() {
    if (this.timer) clearInterval(this.timer);
    await Promise.allSettled([this.metrics?.shutdown(), this.tel.shutdown()]);
  }
}
