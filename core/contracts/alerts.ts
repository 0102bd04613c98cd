// Alerts: the answers of /api/alerts, shared by the worker's contract tests and the web app.
// Loose objects: the web app reads what it knows and tolerates fields added later.
import { z } from "zod";
import { monitorHealthSchema } from "./alerting";
import { changeEventSchema } from "./change-events";
import { incidentRefSchema } from "./incidents";
import { alertAckSchema, inhibitorSchema } from "./oncall";
import { personSchema } from "./people";

export const alertSchema = z
  .object({
    id: z.string(),
    monitorId: z.string(),
    monitorSlug: z.string(),
    monitorName: z.string(),
    signalLabels: z.record(z.string(), z.string()),
    labels: z.record(z.string(), z.string()),
    annotations: z.record(z.string(), z.string()),
    severity: z.enum(["critical", "warning"]),
    state: z.enum(["ok", "pending", "firing", "nodata", "resolved"]),
    /** Firing, then its data stopped arriving at this time: the page is held until data shows it is over. */
    noDataSince: z.number().nullable().optional(),
    muted: z.boolean(),
    flapping: z.boolean(),
    startedAt: z.number(),
    firingAt: z.number().nullable(),
    resolvedAt: z.number().nullable(),
    lastValue: z.number().nullable(),
    updatedAt: z.number(),
    resolutionNote: z.object({ note: z.string(), by: z.string(), at: z.number() }).nullable().optional(),
    ack: alertAckSchema.nullable().optional(),
    inhibitedBy: z.array(z.string()).optional(),
  })
  .loose();
export type Alert = z.infer<typeof alertSchema>;

export const commentSchema = z
  .object({
    id: z.string(),
    author: z.string(),
    by: personSchema.nullable().optional(),
    body: z.string(),
    html: z.string(),
    createdAt: z.number(),
  })
  .loose();
export type Comment = z.infer<typeof commentSchema>;
export const commentListSchema = z.object({ comments: z.array(commentSchema) });

export const alertDetailSchema = z.object({
  alert: alertSchema,
  inhibitors: z.array(inhibitorSchema).default([]),
  incident: incidentRefSchema.nullable().default(null),
  monitor: z
    .object({
      id: z.string(),
      slug: z.string(),
      name: z.string(),
      query: z.string(),
      unit: z.string().default(""),
      intervalSeconds: z.number(),
    })
    .nullable(),
  thresholds: z.array(
    z
      .object({ severity: z.string(), operator: z.string(), threshold: z.number(), sustainMs: z.number().optional() })
      .loose(),
  ),
  window: z.object({ from: z.number(), to: z.number() }),
  history: z.array(
    z
      .object({ id: z.string(), from: z.string(), to: z.string(), at: z.number(), value: z.number().nullable() })
      .loose(),
  ),
  comments: z.array(commentSchema),
  changeEvents: z.array(changeEventSchema),
  /** The monitor's evaluation health: live while the alert is open. */
  monitorHealth: monitorHealthSchema.nullable().optional(),
  /** What the evaluator saw at its last check, for this alert's signal, while the alert is open. The alert's own
   * `lastValue` is the value at its last transition (rows are mirrored on transitions, not on every check). */
  evaluator: z
    .object({
      at: z.number(),
      error: z.string().nullable(),
      samples: z.array(z.object({ labels: z.record(z.string(), z.string()), value: z.number().nullable() })),
    })
    .nullable()
    .optional(),
});
export const alertListSchema = z.object({ alerts: z.array(alertSchema) });

/** An alert's state transitions and the notifications sent for it (rows of the delivery log, as stored). */
export const alertHistorySchema = z.object({
  history: z.array(
    z
      .object({
        id: z.string(),
        from: z.string(),
        to: z.string(),
        at: z.number(),
        value: z.number().nullable(),
        flapping: z.boolean(),
      })
      .loose(),
  ),
  deliveries: z.array(z.record(z.string(), z.unknown())),
});
export const resolutionNoteSetSchema = z.object({
  alertId: z.string(),
  resolutionNote: z.object({ note: z.string(), by: z.string(), at: z.number() }),
});
/** Acknowledge and withdraw answer the alert as it is now, and whether this call changed it. */
export const alertAckAnswerSchema = z.object({ alert: alertSchema, changed: z.boolean() });
/** A posted comment, with who it reached by @mention (people, teams, and each team channel's delivery). */
export const commentPostedSchema = commentSchema.extend({
  mentioned: z.object({
    userIds: z.array(z.string()),
    teamIds: z.array(z.string()),
    /** One entry per channel of each mentioned team; skipped: that kind never carries mentions. */
    channels: z.array(
      z
        .object({
          teamId: z.string(),
          channelId: z.string(),
          channel: z.string(),
          kind: z.string(),
          status: z.enum(["sent", "failed", "retrying", "skipped"]),
          error: z.string().optional(),
        })
        .loose(),
    ),
  }),
});
