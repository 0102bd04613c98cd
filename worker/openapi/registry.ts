// Every route the app serves, as the OpenAPI document describes it: one entry per Hono method + path.
// Scopes are not written here: the document reads them off the app's own requireScope middleware.
// test/integration/openapi.test.ts fails when this list and the app's routes differ, and parses each declared
// response against the real route's answer, so neither the list nor a shape can drift unnoticed.
import { z } from "zod";
import { alertDetailSchema, alertListSchema } from "../../core/contracts/alerts";
import {
  alertListQuerySchema,
  channelInputSchema,
  channelListSchema,
  channelPatchSchema,
  channelSummarySchema,
  commentInputSchema,
  extendMuteSchema,
  monitorInputSchema,
  monitorStateSchema,
  muteInputSchema,
  resolutionNoteSchema,
} from "../../core/contracts/alerting";
import { createSigninLinkSchema, createTokenSchema, signinExchangeSchema } from "../../core/contracts/auth";
import {
  changeEventInputSchema,
  changeEventPageSchema,
  changeEventSchema,
  listChangeEventsQuerySchema,
} from "../../core/contracts/change-events";
import { incidentDetailSchema, incidentListSchema } from "../../core/contracts/incident-detail";
import {
  incidentAttachSchema,
  incidentCommentSchema,
  incidentCreateSchema,
  incidentListQuerySchema,
  incidentPatchSchema,
  incidentSettingsSchema,
  incidentSettingsViewSchema,
} from "../../core/contracts/incidents";
import {
  addCellSchema,
  createNotebookSchema,
  editCellSchema,
  reorderSchema,
  updateNotebookSchema,
} from "../../core/contracts/notebooks";
import { ackInputSchema, inhibitRuleInputSchema, inhibitRuleListSchema } from "../../core/contracts/oncall";
import {
  auditPageSchema,
  collectionInputSchema,
  collectionListSchema,
  groupMappingSchema,
  meSchema,
  memberInputSchema,
  memberPatchSchema,
  profilePatchSchema,
  sessionListSchema,
  suggestionListSchema,
  teamChannelsSchema,
  teamDetailSchema,
  teamInputSchema,
  teamListSchema,
  teamPatchSchema,
  teamSchema,
  userListSchema,
  userSchema,
} from "../../core/contracts/people";
import {
  pushAckInputSchema,
  pushDeviceListSchema,
  pushPreferencesSchema,
  pushSubscriptionInputSchema,
  vapidPublicKeySchema,
} from "../../core/contracts/push";
import { redSeriesSchema, serviceGraphSchema, serviceListSchema } from "../../core/contracts/services";
import { sloInputSchema, sloStatusSchema } from "../../core/contracts/slos";

export interface RouteDoc {
  summary: string;
  /** The JSON body the route validates. */
  body?: z.ZodType;
  /** The query parameters the route validates (an object schema). */
  query?: z.ZodType;
  /** The JSON of its success answer, from core/contracts; absent until one is declared. */
  response?: z.ZodType;
  /** The success status; 200 unless given. */
  status?: number;
}

const health = z.object({ status: z.literal("ok") });
const prom = (summary: string): RouteDoc => ({ summary: `${summary} (Prometheus HTTP API)` });

/** Keyed "METHOD path" exactly as Hono lists the route (`:param`, `:param{regex}`). */
export const apiRoutes: Record<string, RouteDoc> = {
  "GET /api/health": { summary: "Liveness check", response: health },
  "GET /api/openapi.json": { summary: "This OpenAPI document" },

  // Sign-in, sessions, people, teams
  "GET /api/auth/config": { summary: "Which sign-in methods are configured" },
  "GET /api/auth/oidc/login": { summary: "Start an OpenID Connect sign-in (redirect)" },
  "GET /api/auth/oidc/callback": { summary: "Finish an OpenID Connect sign-in (redirect)" },
  "POST /api/auth/logout": { summary: "End the current session" },
  "GET /api/auth/sessions": { summary: "List my sessions", response: sessionListSchema },
  "DELETE /api/auth/sessions/:id": { summary: "Revoke one of my sessions" },
  "GET /api/me": { summary: "Who I am: user, roles, scopes, teams", response: meSchema },
  "PATCH /api/me": { summary: "Edit my profile", body: profilePatchSchema },
  "GET /api/users": { summary: "List users", response: userListSchema },
  "GET /api/users/:ref": { summary: "Get a user by id, @handle or email", response: userSchema },
  "PATCH /api/users/:ref": { summary: "Edit a user (admin)" },
  "POST /api/users/:ref/sessions/revoke": { summary: "Revoke all of a user's sessions" },
  "GET /api/people/suggest": { summary: "Suggest people and teams for a mention", response: suggestionListSchema },
  "GET /api/teams": { summary: "List teams", response: teamListSchema },
  "POST /api/teams": { summary: "Create a team", body: teamInputSchema, response: teamSchema, status: 201 },
  "GET /api/teams/:team": { summary: "Get a team with its members and group mappings", response: teamDetailSchema },
  "PATCH /api/teams/:team": { summary: "Edit a team", body: teamPatchSchema },
  "DELETE /api/teams/:team": { summary: "Delete a team" },
  "GET /api/teams/:team/members": { summary: "List a team's members" },
  "POST /api/teams/:team/members": { summary: "Add a team member", body: memberInputSchema, status: 201 },
  "PATCH /api/teams/:team/members/:user": { summary: "Change a member's role", body: memberPatchSchema },
  "DELETE /api/teams/:team/members/:user": { summary: "Remove a team member" },
  "PUT /api/teams/:team/channels": { summary: "Set a team's notification channels", body: teamChannelsSchema },
  "PUT /api/teams/:team/groups": { summary: "Map an identity-provider group to the team", body: groupMappingSchema },
  "DELETE /api/teams/:team/groups/:group": { summary: "Remove a group mapping" },
  "GET /api/collections": { summary: "List collections", response: collectionListSchema },
  "POST /api/collections": { summary: "Create a collection", body: collectionInputSchema, status: 201 },
  "DELETE /api/collections/:id": { summary: "Delete a collection" },
  "GET /api/audit": { summary: "The audit trail", response: auditPageSchema },

  // Push notifications
  "GET /api/me/push-devices": { summary: "List my push devices", response: pushDeviceListSchema },
  "POST /api/me/push-devices": { summary: "Register a push device", body: pushSubscriptionInputSchema },
  "DELETE /api/me/push-devices/:id": { summary: "Remove a push device" },
  "GET /api/me/push-preferences": { summary: "My push preferences", response: pushPreferencesSchema },
  "PUT /api/me/push-preferences": { summary: "Set my push preferences", body: pushPreferencesSchema },
  "GET /api/push/vapid-public-key": { summary: "The VAPID public key for subscribing", response: vapidPublicKeySchema },
  "POST /api/push/ack": { summary: "Acknowledge from a push notification (signed link)", body: pushAckInputSchema },

  // Tokens and sign-in links
  "GET /api/tokens": { summary: "List API tokens" },
  "POST /api/tokens": { summary: "Create an API token", body: createTokenSchema, status: 201 },
  "DELETE /api/tokens/:id": { summary: "Revoke an API token" },
  "POST /api/signin-links": { summary: "Create a one-time sign-in link", body: createSigninLinkSchema, status: 201 },
  "POST /api/signin/exchange": { summary: "Spend a sign-in code for a token", body: signinExchangeSchema },

  // Change events and their webhooks
  "POST /api/change-events": { summary: "Record a change event", body: changeEventInputSchema, status: 201 },
  "GET /api/change-events": {
    summary: "List change events",
    query: listChangeEventsQuerySchema,
    response: changeEventPageSchema,
  },
  "GET /api/change-events/:id": { summary: "Get a change event", response: changeEventSchema },
  "POST /api/webhooks/argocd": { summary: "Argo CD notification as a change event" },
  "POST /api/webhooks/github": { summary: "GitHub webhook as a change event" },

  // Dashboards and snapshots
  "GET /api/dashboards": { summary: "List dashboards" },
  "POST /api/dashboards/provision": { summary: "Provision dashboards from files" },
  "POST /api/dashboards": { summary: "Create a dashboard", status: 201 },
  "POST /api/dashboards/import": { summary: "Import a Grafana or Vigil dashboard", status: 201 },
  "GET /api/dashboards/:id": { summary: "Get a dashboard" },
  "PUT /api/dashboards/:id": { summary: "Save a dashboard" },
  "DELETE /api/dashboards/:id": { summary: "Delete a dashboard" },
  "PUT /api/dashboards/:id/team": { summary: "Set a dashboard's owning team" },
  "GET /api/dashboards/:id/export": { summary: "Export a dashboard" },
  "GET /api/dashboards/:id/versions": { summary: "List a dashboard's versions" },
  "GET /api/dashboards/:id/versions/:version{[0-9]+}": { summary: "Get one dashboard version" },
  "POST /api/dashboards/:id/versions/:version{[0-9]+}/restore": { summary: "Restore a dashboard version" },
  "GET /api/dashboards/:id/events": { summary: "Change events for a dashboard's time range" },
  "POST /api/dashboards/:id/panels/:panelId/snapshot": { summary: "Snapshot a panel's data", status: 201 },
  "GET /api/dashboards/:id/snapshots": { summary: "List a dashboard's snapshots" },
  "GET /api/snapshots/:id": { summary: "Get a panel snapshot" },

  // Notebooks and their shares
  "GET /api/notebooks": { summary: "List notebooks" },
  "POST /api/notebooks": { summary: "Create a notebook", body: createNotebookSchema, status: 201 },
  "GET /api/notebooks/:id": { summary: "Get a notebook" },
  "PUT /api/notebooks/:id/team": { summary: "Set a notebook's owning team" },
  "PATCH /api/notebooks/:id": { summary: "Rename a notebook", body: updateNotebookSchema },
  "DELETE /api/notebooks/:id": { summary: "Delete a notebook" },
  "POST /api/notebooks/:id/cells": { summary: "Add a cell", body: addCellSchema, status: 201 },
  "PATCH /api/notebooks/:id/cells/:cellId": { summary: "Edit a cell", body: editCellSchema },
  "DELETE /api/notebooks/:id/cells/:cellId": { summary: "Delete a cell" },
  "PUT /api/notebooks/:id/order": { summary: "Reorder cells", body: reorderSchema },
  "GET /api/notebooks/:id/export.md": { summary: "Export a notebook as Markdown" },
  "POST /api/notebooks/:id/share": { summary: "Create a read-only share link", status: 201 },
  "DELETE /api/notebooks/:id/share": { summary: "Revoke all share links" },
  "DELETE /api/notebooks/:id/share/:shareId": { summary: "Revoke one share link" },
  "GET /api/shared/notebooks/:secret": { summary: "A shared notebook (the secret is the credential)" },

  // Workspace: scope, favorites, recent, home, search
  "GET /api/scope": { summary: "My pinned scope" },
  "PUT /api/scope": { summary: "Pin a scope" },
  "POST /api/scope/apply": { summary: "Apply the pinned scope to a PromQL query" },
  "GET /api/favorites": { summary: "List my favorites" },
  "PUT /api/favorites/:kind/:id": { summary: "Add a favorite" },
  "DELETE /api/favorites/:kind/:id": { summary: "Remove a favorite" },
  "GET /api/recent": { summary: "My recently viewed objects" },
  "POST /api/recent": { summary: "Record a view" },
  "GET /api/home": { summary: "The home page: alerts, favorites, mentions, recent, changes" },
  "GET /api/search": { summary: "Search monitors, dashboards, services, notebooks and changes" },

  // Metrics ingest and storage
  "POST /api/v1/write": { summary: "Prometheus remote_write (1.0 and 2.0)" },
  "POST /v1/metrics": { summary: "OTLP metrics" },
  "GET /api/metrics/storage": { summary: "Metric storage statistics" },

  // DDx
  "POST /api/ddx/metrics": { summary: "Rank label values that diverge in a metric window" },
  "POST /api/ddx/traces": { summary: "Rank span attributes that diverge in a trace window" },
  "GET /api/alerts/:id/investigation": { summary: "The alert's automatic investigation" },

  // Monitors, channels, alerts, comments, muting, inhibition
  "GET /api/monitors": { summary: "List monitors with their health" },
  "POST /api/monitors": { summary: "Create a monitor", body: monitorInputSchema, status: 201 },
  "GET /api/monitors/:id": { summary: "Get a monitor" },
  "PUT /api/monitors/:id": { summary: "Replace a monitor", body: monitorInputSchema },
  "DELETE /api/monitors/:id": { summary: "Delete a monitor" },
  "GET /api/monitors/:id/versions": { summary: "List a monitor's versions" },
  "GET /api/monitors/:id/state": { summary: "The monitor's evaluator state", response: monitorStateSchema },
  "POST /api/monitors/:id/restart": { summary: "Restart a monitor's evaluation" },
  "GET /api/notification-channels": { summary: "List notification channels (redacted)", response: channelListSchema },
  "POST /api/notification-channels": {
    summary: "Create a notification channel",
    body: channelInputSchema,
    status: 201,
  },
  "PATCH /api/notification-channels/:id": {
    summary: "Change how a channel pages: per alert, or once per incident",
    body: channelPatchSchema,
    response: channelSummarySchema,
  },
  "DELETE /api/notification-channels/:id": { summary: "Delete a notification channel" },
  "GET /api/slos": { summary: "List SLOs" },
  "POST /api/slos": { summary: "Create an SLO", body: sloInputSchema, status: 201 },
  "GET /api/slos/:id": { summary: "Get an SLO" },
  "PUT /api/slos/:id": { summary: "Replace an SLO", body: sloInputSchema },
  "DELETE /api/slos/:id": { summary: "Delete an SLO" },
  "GET /api/slos/:id/status": { summary: "An SLO's attainment and error budget", response: sloStatusSchema },
  "GET /api/slos/:id/versions": { summary: "List an SLO's versions" },
  "GET /api/alerts": { summary: "List alerts", query: alertListQuerySchema, response: alertListSchema },
  "GET /api/alerts/:id": {
    summary: "An alert with its monitor, history, comments and changes",
    response: alertDetailSchema,
  },
  "GET /api/alerts/:id/history": { summary: "An alert's state history" },
  "PUT /api/alerts/:id/resolution-note": { summary: "Set an alert's resolution note", body: resolutionNoteSchema },
  "POST /api/alerts/:id/acknowledge": { summary: "Acknowledge an alert", body: ackInputSchema },
  "DELETE /api/alerts/:id/acknowledge": { summary: "Withdraw an acknowledgement" },
  "GET /api/monitors/:id/comments": { summary: "List a monitor's comments" },
  "POST /api/monitors/:id/comments": { summary: "Comment on a monitor", body: commentInputSchema, status: 201 },
  "GET /api/alerts/:id/comments": { summary: "List an alert's comments" },
  "POST /api/alerts/:id/comments": { summary: "Comment on an alert", body: commentInputSchema, status: 201 },
  "GET /api/muting-rules": { summary: "List muting rules" },
  "POST /api/muting-rules/preview": { summary: "Which alerts a muting rule would mute", body: muteInputSchema },
  "POST /api/muting-rules": { summary: "Create a muting rule", body: muteInputSchema, status: 201 },
  "GET /api/muting-rules/:id": { summary: "Get a muting rule" },
  "POST /api/muting-rules/:id/expire": { summary: "Expire a muting rule now" },
  "POST /api/muting-rules/:id/extend": { summary: "Extend a muting rule", body: extendMuteSchema },
  "DELETE /api/muting-rules/:id": { summary: "Delete a muting rule" },
  "GET /api/inhibit-rules": { summary: "List inhibition rules", response: inhibitRuleListSchema },
  "POST /api/inhibit-rules": { summary: "Create an inhibition rule", body: inhibitRuleInputSchema, status: 201 },
  "GET /api/inhibit-rules/:id": { summary: "Get an inhibition rule" },
  "PUT /api/inhibit-rules/:id": { summary: "Replace an inhibition rule", body: inhibitRuleInputSchema },
  "DELETE /api/inhibit-rules/:id": { summary: "Delete an inhibition rule" },

  // Incidents
  "GET /api/incidents/settings": { summary: "How alerts group into incidents", response: incidentSettingsViewSchema },
  "PUT /api/incidents/settings": {
    summary: "Set how alerts group into incidents",
    body: incidentSettingsSchema,
    response: incidentSettingsViewSchema,
  },
  "GET /api/incidents": { summary: "List incidents", query: incidentListQuerySchema, response: incidentListSchema },
  "POST /api/incidents": {
    summary: "Open an incident",
    body: incidentCreateSchema,
    response: incidentDetailSchema,
    status: 201,
  },
  "GET /api/incidents/:id": { summary: "An incident with its alerts and timeline", response: incidentDetailSchema },
  "PATCH /api/incidents/:id": {
    summary: "Change an incident",
    body: incidentPatchSchema,
    response: incidentDetailSchema,
  },
  "POST /api/incidents/:id/comments": {
    summary: "Comment on an incident",
    body: incidentCommentSchema,
    response: incidentDetailSchema,
    status: 201,
  },
  "POST /api/incidents/:id/acknowledge": { summary: "Acknowledge an incident's firing alerts", body: ackInputSchema },
  "POST /api/incidents/:id/postmortem": { summary: "Start (or find) the postmortem notebook" },
  "POST /api/incidents/:id/alerts": {
    summary: "Attach an alert to an incident",
    body: incidentAttachSchema,
    response: incidentDetailSchema,
  },

  // Alertmanager v2 API
  "GET /api/v2/silences": { summary: "List silences (Alertmanager v2 API)" },
  "POST /api/v2/silences": { summary: "Create or update a silence (Alertmanager v2 API)" },
  "GET /api/v2/silence/:id": { summary: "Get a silence (Alertmanager v2 API)" },
  "DELETE /api/v2/silence/:id": { summary: "Expire a silence (Alertmanager v2 API)" },
  "GET /api/v2/alerts": { summary: "List alerts (Alertmanager v2 API)" },

  "GET /api/live": { summary: "Live updates (WebSocket upgrade)" },

  // Traces, logs, services
  "POST /v1/traces": { summary: "OTLP traces" },
  "GET /api/traces/search": { summary: "Search traces" },
  "GET /api/traces/stats": { summary: "Trace storage statistics" },
  "GET /api/traces/:traceId": { summary: "Get a trace" },
  "POST /v1/logs": { summary: "OTLP logs" },
  "GET /api/logs/histogram": { summary: "Log counts over time" },
  "GET /api/logs": { summary: "Search logs" },
  "GET /api/services": { summary: "Services with their RED figures", response: serviceListSchema },
  "GET /api/services/graph": { summary: "The service dependency graph", response: serviceGraphSchema },
  "GET /api/services/:name/red": { summary: "One service's RED series", response: redSeriesSchema },

  // Prometheus HTTP API (read side): GET and POST each
  ...promPair("/api/v1/query", "Instant query"),
  ...promPair("/api/v1/query_range", "Range query"),
  ...promPair("/api/v1/series", "Find series"),
  ...promPair("/api/v1/labels", "Label names"),
  ...promPair("/api/v1/label/:name/values", "Label values"),
  ...promPair("/api/v1/metadata", "Metric metadata"),
  ...promPair("/api/v1/status/buildinfo", "Build information"),
  ...promPair("/api/v1/format_query", "Format a PromQL expression"),
  ...promPair("/api/v1/query_exemplars", "Exemplars"),
  ...promPair("/api/v1/rules", "Monitors as alerting rules"),
  ...promPair("/api/v1/alerts", "Active alerts"),
  ...promPair("/api/v1/targets", "Scrape targets"),
  ...promPair("/api/v1/status/config", "Configuration"),
  ...promPair("/api/v1/status/flags", "Flags"),
  ...promPair("/api/v1/status/runtimeinfo", "Runtime information"),
  ...promPair("/api/v1/status/tsdb", "TSDB statistics"),
  ...promPair("/api/v1/status/walreplay", "WAL replay status"),
};

function promPair(path: string, summary: string): Record<string, RouteDoc> {
  return { [`GET ${path}`]: prom(summary), [`POST ${path}`]: prom(summary) };
}
