// API bodies and live-feed messages of the alerting feature, shared by worker, durable objects and web.
import { z } from "zod";
import { pushChannelConfigSchema } from "./push";
import { isValidRegex, parseDuration } from "../alerting/muting";

const labelName = z.string().min(1).max(200);
const labelsSchema = z
  .record(labelName, z.string().max(1000))
  .refine((o) => Object.keys(o).length <= 50, "at most 50 labels");

/** `"3m"`, `"1h30m"` or a number of seconds, as milliseconds. */
export const durationMs = z.unknown().transform((v, ctx): number => {
  if (typeof v === "number" && Number.isFinite(v) && v >= 0 && v <= 30 * 86400) return Math.round(v * 1000);
  const ms = typeof v !== "string" ? null : v.trim() === "0" ? 0 : parseDuration(v.trim());
  if (ms === null) {
    ctx.addIssue({
      code: "custom",
      message: `${JSON.stringify(v)} is not a duration like 30s, 5m or 1h (or seconds as a number up to 30 days)`,
    });
    return z.NEVER;
  }
  return ms;
});

export const severitySchema = z.enum(["critical", "warning"]);
export const conditionSchema = z.object({
  severity: severitySchema,
  operator: z.enum([">", ">=", "<", "<=", "==", "!="]),
  threshold: z.number().finite(),
  sustain: durationMs.default(0),
  resolveWindow: durationMs.default(0),
});

export const signalBySchema = z.union([
  z.object({ mode: z.literal("labels"), keys: z.array(labelName).min(1).max(10) }),
  z.object({ mode: z.literal("series") }),
  z.object({ mode: z.literal("monitor") }),
]);

/**
 * Flap handling (off by default): a signal that fires and resolves `changes` times within `window` is flapping;
 * it pages once marked flapping, stays quiet, and pages normally once a breach holds for the sustain window.
 */
export const flappingSchema = z.object({
  enabled: z.boolean().default(false),
  changes: z.number().int().min(2).max(100).default(6),
  window: durationMs
    .default(3_600_000)
    .refine((ms) => ms >= 60_000 && ms <= 6 * 3_600_000, "flapping window: between 1m and 6h"),
});

const slug = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[a-z0-9][a-z0-9-]*$/, "lowercase letters, digits and - only");

export const monitorInputSchema = z.object({
  name: z.string().trim().min(1).max(200),
  slug: slug.optional(),
  collection: z.string().trim().max(200).default(""),
  team: z.string().trim().max(200).default(""),
  query: z.string().trim().min(1).max(10_000),
  /** What the query's values are in ("%", "ms", "req/s"): the alert page and its chart say it. */
  unit: z.string().trim().max(24).optional(),
  intervalSeconds: z.union([z.literal(15), z.literal(30), z.literal(60)]).default(60),
  conditions: z
    .array(conditionSchema)
    .min(1)
    .max(2)
    .refine((cs) => new Set(cs.map((c) => c.severity)).size === cs.length, "one condition per severity"),
  signals: signalBySchema.default({ mode: "monitor" }),
  /** See core/alerting/types.ts NoDataPolicy: `nodata` holds a firing alert's page until data shows it is over. */
  noData: z.enum(["nodata", "ok", "keep", "alerting"]).default("nodata"),
  flapping: flappingSchema.default({ enabled: false, changes: 6, window: 3_600_000 }),
  annotations: z.record(z.string().min(1).max(100), z.string().max(4000)).default({}),
  channels: z.array(z.string().min(1).max(100)).max(20).default([]),
  repeatInterval: durationMs.default(3_600_000),
  labels: labelsSchema.default({}),
  enabled: z.boolean().default(true),
});
export type MonitorInput = z.infer<typeof monitorInputSchema>;

/** A stored monitor definition: the input plus identity and bookkeeping. */
export interface MonitorDef extends Omit<MonitorInput, "slug" | "conditions" | "repeatInterval" | "flapping"> {
  id: string;
  slug: string;
  version: number;
  conditions: {
    severity: "critical" | "warning";
    operator: ">" | ">=" | "<" | "<=" | "==" | "!=";
    threshold: number;
    sustainMs: number;
    resolveWindowMs: number;
  }[];
  repeatIntervalMs: number;
  /** The owning team and collection as objects (issue 20); `team` and `collection` hold their names. */
  teamId?: string | null;
  collectionId?: string | null;
  /** Set on the burn-rate monitors an SLO generates and owns: the check reads the SLO's roll-ups instead of
   * evaluating `query` (which states the same condition on raw data, for charts and DDx). */
  slo?: { id: string; name: string; policy: string; longWindowMs: number; shortWindowMs: number };
  /** Absent on definitions saved before flap handling was a setting: treated as off. */
  flapping?: { enabled: boolean; changes: number; windowMs: number };
  createdBy: string;
  createdAt: number;
  updatedAt: number;
}

/** A monitor's evaluation health (core/alerting/health.ts), as the API returns it. */
export const monitorHealthSchema = z.object({
  health: z.enum(["ok", "error", "nodata", "slow", "unknown"]),
  lastError: z.string().nullable(),
  lastErrorAt: z.number().nullable(),
  failures: z.number(),
  failingSince: z.number().nullable(),
  lastCheckAt: z.number().nullable(),
  lastRanAt: z.number().nullable(),
  evalMs: z.number().nullable(),
  series: z.number().nullable(),
});
export type MonitorHealthView = z.infer<typeof monitorHealthSchema>;

const httpUrl = z
  .string()
  .url({ error: "must be an http(s) URL, like https://hooks.example.com/…" })
  .max(2000)
  .refine((u) => /^https?:\/\//.test(u), "must be an http(s) URL");
/**
 * `alert` (the default): every alert pages on its own. `incident`: the first alert of an incident pages once, keyed by
 * the incident; alerts joining it later are recorded on its timeline instead of paging, and its resolve goes out when
 * its last alert on the channel resolves (like Alertmanager's group_by, Grafana OnCall's alert groups).
 */
export const NOTIFY_PER = ["alert", "incident"] as const;
export type NotifyPer = (typeof NOTIFY_PER)[number];
const notifyPerEnum = z.enum(NOTIFY_PER, {
  error: (i) => `must be "alert" or "incident", not ${JSON.stringify(i.input)}`,
});
const notifyPer = notifyPerEnum.default("alert");
/** What can change on a channel after it is made (its kind and secrets are set once). */
export const channelPatchSchema = z.strictObject({ notifyPer: notifyPerEnum });
const channelName = z.string().trim().min(1, "a channel needs a name").max(200);
export const channelInputSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("pagerduty"),
    name: channelName,
    notifyPer,
    config: z.object({ routingKey: z.string().min(1).max(200), eventsUrl: httpUrl.optional() }),
  }),
  z.object({
    kind: z.literal("slack"),
    name: channelName,
    notifyPer,
    config: z.object({ webhookUrl: httpUrl }),
  }),
  z.object({
    kind: z.literal("alertmanager"),
    name: channelName,
    notifyPer,
    config: z.object({ url: httpUrl }),
  }),
  z.object({
    kind: z.literal("push"),
    name: channelName,
    notifyPer,
    config: pushChannelConfigSchema,
  }),
]);
export type ChannelInput = z.infer<typeof channelInputSchema>;
export type Channel = ChannelInput & { id: string; createdAt: number };

export const matcherSchema = z
  .object({ name: labelName, op: z.enum(["=", "!=", "=~", "!~"]), value: z.string().max(1000) })
  .refine((m) => !m.op.includes("~") || isValidRegex(m.value), "invalid regular expression");

const instant = z.union([
  z.number().int().nonnegative(),
  z
    .string()
    .datetime({ offset: true })
    .transform((s) => Date.parse(s)),
]);

/** One recurring window in Alertmanager's `time_intervals` spelling (checked in core/oncall/time-intervals.ts). */
export const timeIntervalSpecSchema = z.strictObject({
  times: z
    .array(z.strictObject({ start_time: z.string().max(5), end_time: z.string().max(5) }))
    .max(24)
    .optional(),
  weekdays: z.array(z.string().max(30)).max(7).optional(),
  days_of_month: z.array(z.string().max(10)).max(31).optional(),
  months: z.array(z.string().max(30)).max(12).optional(),
  years: z.array(z.string().max(20)).max(20).optional(),
  location: z.string().max(100).optional(),
});

export const muteInputSchema = z
  .object({
    matchers: z.array(matcherSchema).max(20).default([]),
    monitorId: z.string().min(1).max(100).nullable().default(null),
    startsAt: instant.optional(),
    endsAt: instant.optional(),
    /** Relative end: from startsAt (or now). */
    duration: durationMs.optional(),
    comment: z.string().trim().max(2000).default(""),
    /** Recurring: inside startsAt..endsAt the rule holds only inside these windows (Alertmanager semantics). */
    timeIntervals: z.array(timeIntervalSpecSchema).max(10).nullable().optional(),
  })
  .refine((r) => r.matchers.length > 0 || r.monitorId !== null, "give label matchers or a monitorId ('this monitor')")
  .refine((r) => r.endsAt !== undefined || r.duration !== undefined, "give endsAt or duration");
export type MuteInput = z.infer<typeof muteInputSchema>;

export const extendMuteSchema = z
  .object({ by: durationMs.optional(), endsAt: instant.optional() })
  .refine((b) => b.by !== undefined || b.endsAt !== undefined, "give by or endsAt");

export const commentInputSchema = z.object({ body: z.string().trim().min(1).max(20_000) });
export const resolutionNoteSchema = z.object({ note: z.string().trim().min(1).max(20_000) });

export const alertListQuerySchema = z.object({
  state: z.enum(["firing", "nodata", "pending", "resolved", "active", "all"]).default("all"),
  monitorId: z.string().max(100).optional(),
  since: z.coerce.number().int().nonnegative().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

// Alertmanager API v2 (its own wire shapes).
export const amMatcherSchema = z.object({
  name: labelName,
  value: z.string().max(1000),
  isRegex: z.boolean(),
  isEqual: z.boolean().default(true),
});
export const postableSilenceSchema = z.object({
  id: z.string().optional(),
  matchers: z.array(amMatcherSchema).min(1).max(20),
  startsAt: z.string().datetime({ offset: true }),
  endsAt: z.string().datetime({ offset: true }),
  createdBy: z.string().max(200),
  comment: z.string().max(2000),
});

// Live feed.
export const topicSchema = z
  .string()
  .regex(
    /^(alerts|changes|comments|mutes|monitor:[A-Za-z0-9_.-]{1,100}|user:[A-Za-z0-9_.@-]{1,100})$/,
    "topics: alerts, changes, comments, mutes, monitor:<id>, user:<your user id>",
  );
export const liveEventSchema = z.object({ kind: z.string().min(1).max(100), data: z.record(z.string(), z.unknown()) });
export type LiveEvent = z.infer<typeof liveEventSchema>;

export const clientMessageSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("subscribe"), topics: z.array(topicSchema).min(1).max(50) }),
  z.object({ type: z.literal("unsubscribe"), topics: z.array(topicSchema).min(1).max(50) }),
  z.object({ type: z.literal("ping"), nonce: z.string().max(100).optional() }),
]);
export type ClientMessage = z.infer<typeof clientMessageSchema>;

/** The exact heartbeat text: the LiveFeed answers it without waking (a hibernation auto-response). */
export const LIVE_PING = '{"type":"ping"}';
export const LIVE_PONG = '{"type":"pong"}';

export const serverMessageSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("hello"), lastId: z.number().int(), topics: z.array(z.string()) }),
  // The events after `resumeFrom` are no longer all kept (or the feed's history was reset): nothing is replayed,
  // the client refetches what it shows and continues from `lastId`.
  z.object({
    type: z.literal("gap"),
    resumeFrom: z.number().int(),
    oldestKept: z.number().int().nullable(),
    lastId: z.number().int(),
  }),
  z.object({
    type: z.literal("event"),
    id: z.number().int().positive(),
    topic: z.string(),
    at: z.number(),
    event: liveEventSchema,
  }),
  z.object({ type: z.literal("subscribed"), topics: z.array(z.string()) }),
  z.object({ type: z.literal("pong"), nonce: z.string().optional() }),
  z.object({ type: z.literal("error"), message: z.string() }),
]);
export type ServerMessage = z.infer<typeof serverMessageSchema>;

/** GET /api/monitors/:id/state: what the monitor's evaluator holds now. */
export const monitorStateSchema = z
  .object({
    health: monitorHealthSchema,
    nextCheckAt: z.number().nullable(),
    dataGapUntil: z.number().nullable().optional(),
  })
  .loose();
/** A notification channel as listed: its secrets are redacted, so only these fields are promised. */
export const channelSummarySchema = z
  .object({ id: z.string(), name: z.string(), kind: z.string(), notifyPer: z.enum(NOTIFY_PER).optional() })
  .loose();
export const channelListSchema = z.object({ channels: z.array(channelSummarySchema) });
export const channelDeletedSchema = z.object({ deleted: z.string() });
