import type { z } from "zod";
import {
  incidentAcknowledgedSchema,
  incidentDetailSchema,
  incidentListSchema,
  postmortemStartedSchema,
} from "../../../core/contracts/incident-detail";
import { type IncidentPatch, incidentSettingsViewSchema } from "../../../core/contracts/incidents";
import { api } from "./client";

export type { IncidentView } from "../../../core/contracts/incidents";

export const incidentQueries = {
  all: ["incidents"] as const,
  list: (status: string) => ["incidents", "list", status] as const,
  detail: (id: string) => ["incidents", "detail", id] as const,
  settings: ["incidents", "settings"] as const,
};

const detailSchema = incidentDetailSchema;
export type IncidentDetail = z.infer<typeof detailSchema>;

const path = (id: string) => `/api/incidents/${encodeURIComponent(id)}`;

export const listIncidents = (status: string) =>
  api("/api/incidents", incidentListSchema, { query: { status, limit: 200 } }).then((r) => r.incidents);
export const getIncident = (id: string) => api(path(id), detailSchema);
export const openIncident = (body: { alertIds?: string[]; title?: string }) =>
  api("/api/incidents", detailSchema, { method: "POST", body });
export const patchIncident = (id: string, body: IncidentPatch) =>
  api(path(id), detailSchema, { method: "PATCH", body });
export const commentOnIncident = (id: string, body: string) =>
  api(`${path(id)}/comments`, detailSchema, { method: "POST", body: { body } });

/** Acknowledge its firing alerts; those the caller may not respond to come back in `skipped`, with why. */
export const acknowledgeIncident = (id: string, comment: string) =>
  api(`${path(id)}/acknowledge`, incidentAcknowledgedSchema, { method: "POST", body: { comment } });
/** Start its postmortem notebook, or find the one already started. */
export const startPostmortem = (id: string) =>
  api(`${path(id)}/postmortem`, postmortemStartedSchema, { method: "POST", body: {} });

export const getIncidentSettings = () => api("/api/incidents/settings", incidentSettingsViewSchema);
export const putIncidentSettings = (body: { groupBy: string[]; serviceGraph: boolean; changeEvents: boolean }) =>
  api("/api/incidents/settings", incidentSettingsViewSchema, { method: "PUT", body });
