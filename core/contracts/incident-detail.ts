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
