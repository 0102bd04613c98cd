// An incident as GET /api/incidents/:id answers it (also after each change): apart from incidents.ts because it
// embeds alerts, and alerts.ts already names an alert's incident.
import { z } from "zod";
import { alertSchema } from "./alerts";
import { incidentSchema, incidentTimelineSchema } from "./incidents";

export const incidentDetailSchema = incidentTimelineSchema.extend({
  incident: incidentSchema,
  /** The postmortem notebook, once started. */
  postmortem: z.string().nullable(),
  alerts: z.array(alertSchema),
});
export type IncidentDetail = z.infer<typeof incidentDetailSchema>;

export const incidentListSchema = z.object({ incidents: z.array(incidentSchema) });

/** Acknowledging an incident acknowledges its firing alerts the caller may act on; the rest are skipped with why. */
export const incidentAcknowledgedSchema = incidentDetailSchema.extend({
  acknowledged: z.array(z.string()),
  skipped: z.array(z.object({ alertId: z.string(), reason: z.string() })),
});
/** The postmortem notebook: 201 when this call started it, 200 when it already existed. */
export const postmortemStartedSchema = z.object({ notebookId: z.string(), created: z.boolean() });
