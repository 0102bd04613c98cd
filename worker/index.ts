import { newApp } from "./app";
import type { Env } from "../platform/env";

export { MetricShard } from "../durable/metric-shard/metric-shard";
export { TraceShard } from "../durable/trace-shard/trace-shard";
export { LogShard } from "../durable/log-shard/log-shard";
export { MonitorObject } from "../durable/monitor/monitor-object";
export { LiveFeed } from "../durable/live-feed/live-feed";
export { SloObject } from "../durable/slo/slo-object";
export { ExemplarStore } from "../durable/exemplar-store/exemplar-store";

const app = newApp();

export default {
  fetch: (req, env, ctx) => app.fetch(req, env, ctx),
} satisfies ExportedHandler<Env>;
