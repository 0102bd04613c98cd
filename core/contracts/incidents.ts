// Incidents (issue 15 §3): request and answer shapes shared by the worker and the web app.
import { z } from "zod";
import { INCIDENT_SEVERITIES, INCIDENT_STATUSES, MAX_INCIDENT_GROUP_BY } from "../oncall/incidents";

export { INCIDENT_SEVERITIES, INCIDENT_STATUSES };

const id = z.string().min(1).max(100);
const person = z.object({ id: z.string(), handle: z.string(), name: z.string() });

export const incidentCreateSchema = z
  .object({
    title: z.string().trim().min(1).max(200).optional(),
    severity: z.enum(INCIDENT_SEVERITIES).optional(),
    /** Open it from these alerts (each joins; an alert already in another incident is a 409). */
    alertIds: z.array(id).max(50).default([]),
    /** A user id, @handle or email. */
    commander: z.string().trim().min(1).max(200).optional(),
  })
  .strict()
  .refine((b) => b.title !== undefined || b.alertIds.length > 0, "give a title or at least one alertId");
export type IncidentCreate = z.infer<typeof incidentCreateSchema>;

export const incidentPatchSchema = z
  .object({
    title: z.string().trim().min(1).max(200).optional(),
    status: z.enum(INCIDENT_STATUSES).optional(),
    severity: z.enum(INCIDENT_SEVERITIES).optional(),
    /** A user id, @handle or email; null clears it. */
    commander: z.string().trim().min(1).max(200).nullable().optional(),
    /** Said with a status change, shown on the timeline. */
    note: z.string().trim().max(2000).optional(),
  })
  .strict()
  .refine(
    (p) => p.title !== undefined || p.status !== undefined || p.severity !== undefined || p.commander !== undefined,
    "give title, status, severity or commander",
  );
export type IncidentPatch = z.infer<typeof incidentPatchSchema>;

export const incidentCommentSchema = z.object({ body: z.string().trim().min(1).max(20_000) }).strict();
export const incidentAttachSchema = z.object({ alertId: id }).strict();
export const incidentListQuerySchema = z.object({
  status: z.enum(["open", "resolved", "all"]).default("open"),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const incidentSchema = z.object({
  id: z.string(),
  title: z.string(),
  status: z.enum(INCIDENT_STATUSES),
  severity: z.enum(INCIDENT_SEVERITIES),
  commander: person.nullable(),
  groupKey: z.record(z.string(), z.string()).nullable(),
  openedBy: z.string(),
  openedAt: z.number(),
  resolvedAt: z.number().nullable(),
  updatedAt: z.number(),
  alertCount: z.number(),
  firingCount: z.number(),
});
export type IncidentView = z.infer<typeof incidentSchema>;

export const timelineEntrySchema = z.object({
  at: z.number(),
  kind: z.string(),
  by: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
});

/**
 * An incident's timeline, oldest first. Besides its own events and its alerts' transitions it holds what happened
 * around it (core/oncall/incident-context.ts): `change` (data: id, title, category, type, source, service,
 * environment), `mute` at the rule's creation (by its creator; data: id, comment, matchers, monitorId, startsAt,
 * endsAt, recurring), `mute_expired` and `mute_deleted` (by who deleted it). Of those, the newest 200 are kept;
 * `timelineTruncated` says more were left out.
 */
export const incidentTimelineSchema = z.object({
  timeline: z.array(timelineEntrySchema),
  timelineTruncated: z.boolean(),
});

/** How an alert names its incident (the alert page links it). */
export const incidentRefSchema = z.object({ id: z.string(), title: z.string(), status: z.enum(INCIDENT_STATUSES) });

/** Prometheus' label-name pattern: a group-by label must be one an alert can carry. */
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Labels that group firing alerts (like Alertmanager's group_by); [] turns grouping by labels off. */
export const incidentGroupBySchema = z
  .array(
    z
      .string()
      .max(100, "a label name is at most 100 characters")
      .regex(LABEL_NAME, "a label name is letters, digits and _, not starting with a digit"),
  )
  .max(MAX_INCIDENT_GROUP_BY, `at most ${MAX_INCIDENT_GROUP_BY} labels`)
  .refine((l) => new Set(l).size === l.length, "each label once");

/**
 * The workspace's incident settings (PUT, admin): which labels group firing alerts into one incident, and whether
 * alerts also join through the service graph and through change events (core/oncall/correlate.ts). A field left
 * out keeps its value.
 */
export const incidentSettingsSchema = z
  .object({
    groupBy: incidentGroupBySchema.optional(),
    serviceGraph: z.boolean().optional(),
    changeEvents: z.boolean().optional(),
  })
  .strict()
  .refine((s) => Object.keys(s).length > 0, "give groupBy, serviceGraph or changeEvents");
export type IncidentSettings = z.infer<typeof incidentSettingsSchema>;

export const incidentSettingsViewSchema = z.object({
  groupBy: z.array(z.string()),
  /** Alerts join an open incident holding their service or a direct neighbour on the service graph. */
  serviceGraph: z.boolean(),
  /** Alerts join an open incident holding an alert that follows the same change event. */
  changeEvents: z.boolean(),
  /** Null while the workspace keeps the defaults. */
  updatedAt: z.number().nullable(),
  updatedBy: z.string().nullable(),
});
export type IncidentSettingsView = z.infer<typeof incidentSettingsViewSchema>;
