// Every route the app serves, as the OpenAPI document describes it: one entry per Hono method + path.
// Scopes are not written here: the document reads them off the app's own requireScope middleware.
// test/integration/openapi.test.ts fails when this list and the app's routes differ, and parses each declared
// response against the real route's answer, so neither the list nor a shape can drift unnoticed.
import { z } from "zod";
import {
  alertListQuerySchema,
  channelDeletedSchema,
  channelInputSchema,
  channelListSchema,
  channelPatchSchema,
  channelSummarySchema,
  commentInputSchema,
  extendMuteSchema,
  monitorInputSchema,
  monitorStateSchema,
  muteInputSchema,
  postableSilenceSchema,
  resolutionNoteSchema,
} from "../../core/contracts/alerting";
import {
  alertAckAnswerSchema,
  alertDetailSchema,
  alertHistorySchema,
  alertListSchema,
  commentListSchema,
  commentPostedSchema,
  resolutionNoteSetSchema,
} from "../../core/contracts/alerts";
import { muteDeletedSchema, mutePreviewSchema, muteRuleListSchema, muteRuleSchema } from "../../core/contracts/muting";
import {
  monitorDefSchema,
  monitorDeletedSchema,
  monitorListSchema,
  monitorRestartedSchema,
  monitorVersionListSchema,
} from "../../core/contracts/monitors";
import {
  authConfigSchema,
  createSigninLinkSchema,
  createTokenSchema,
  sessionRevokedSchema,
  signedOutSchema,
  signinExchangeSchema,
  signinLinkCreatedSchema,
  tokenCreatedSchema,
  tokenListSchema,
  tokenRevokedSchema,
} from "../../core/contracts/auth";
import {
  changeEventInputSchema,
  changeEventPageSchema,
  changeEventSchema,
  listChangeEventsQuerySchema,
} from "../../core/contracts/change-events";
import { storageStatsSchema } from "../../core/contracts/metrics";
import {
  dashboardDeletedSchema,
  dashboardEventsSchema,
  dashboardExportFileSchema,
  dashboardListSchema,
  dashboardSchema,
  dashboardVersionListSchema,
  dashboardVersionModelSchema,
  dashboardViewSchema,
  panelSnapshotListSchema,
  panelSnapshotSchema,
  provisionResultSchema,
} from "../../core/contracts/dashboards";
import { investigationSchema, metricDdxSchema, traceDdxSchema } from "../../core/contracts/ddx";
import { metricDdxRequestSchema, traceDdxRequestSchema } from "../../core/ddx/contracts";
import {
  incidentAcknowledgedSchema,
  incidentDetailSchema,
  incidentListSchema,
  postmortemStartedSchema,
} from "../../core/contracts/incident-detail";
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
  notebookDeletedSchema,
  notebookDetailSchema,
  notebookListSchema,
  notebookSchema,
  notebookShareCreatedSchema,
  reorderSchema,
  sharedNotebookSchema,
  sharesRevokedSchema,
  updateNotebookSchema,
} from "../../core/contracts/notebooks";
import {
  ackInputSchema,
  inhibitRuleDeletedSchema,
  inhibitRuleInputSchema,
  inhibitRuleListSchema,
  inhibitRuleSchema,
} from "../../core/contracts/oncall";
import {
  auditPageSchema,
  collectionDeletedSchema,
  collectionInputSchema,
  collectionListSchema,
  collectionSchema,
  groupMappingSchema,
  meSchema,
  memberInputSchema,
  memberListSchema,
  memberPatchSchema,
  memberRemovedSchema,
  membershipSchema,
  profilePatchSchema,
  sessionListSchema,
  suggestionListSchema,
  teamChannelsSchema,
  teamDeletedSchema,
  teamDetailSchema,
  teamGroupsSchema,
  teamInputSchema,
  teamListSchema,
  teamPatchSchema,
  teamSchema,
  userListSchema,
  userSchema,
  signinExchangedSchema,
  userSessionsRevokedSchema,
} from "../../core/contracts/people";
import {
  pushAckInputSchema,
  pushDeviceListSchema,
  pushDeviceRevokedSchema,
  pushDeviceSchema,
  pushPreferencesSchema,
  pushSubscriptionInputSchema,
  vapidPublicKeySchema,
} from "../../core/contracts/push";
import { redSeriesSchema, serviceGraphSchema, serviceListSchema } from "../../core/contracts/services";
import { spanStatsSchema, traceSearchSchema, traceViewSchema } from "../../core/contracts/traces";
import { logHistogramSchema, logPageSchema } from "../../core/contracts/logs";
import {
  favoriteListSchema,
  favoriteRemovedSchema,
  favoriteSetSchema,
  homeSchema,
  pinnedScopeSchema,
  recentListSchema,
  scopeAppliedSchema,
  searchResultsSchema,
  viewRecordedSchema,
} from "../../core/contracts/workspace";
import {
  gettableAlertsSchema,
  gettableSilenceSchema,
  gettableSilencesSchema,
  postSilenceAnswerSchema,
} from "../../core/contracts/alertmanager";
import * as otlp from "../../core/contracts/otlp";
import { shardEpochInputSchema, shardMapChangedSchema, shardMapViewSchema } from "../../core/contracts/shard-map";
import * as prom from "../../core/contracts/prometheus";
import {
  sloDefSchema,
  sloDeletedSchema,
  sloInputSchema,
  sloListSchema,
  sloStatusSchema,
  sloVersionListSchema,
} from "../../core/contracts/slos";

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
/** The document's outline; test/integration/openapi.test.ts checks its insides (every route, every $ref). */
const openApiOutline = z
  .object({
    openapi: z.string(),
    info: z.object({ title: z.string(), version: z.string() }).loose(),
    paths: z.record(z.string(), z.record(z.string(), z.unknown())),
    components: z.object({
      schemas: z.record(z.string(), z.unknown()),
      securitySchemes: z.record(z.string(), z.unknown()),
    }),
  })
  .loose();

/** Keyed "METHOD path" exactly as Hono lists the route (`:param`, `:param{regex}`). */
export const apiRoutes: Record<string, RouteDoc> = {
  "GET /api/health": { summary: "Liveness check", response: health },
  "GET /api/openapi.json": { summary: "This OpenAPI document", response: openApiOutline },

  // Sign-in, sessions, people, teams
  "GET /api/auth/config": { summary: "Which sign-in methods are configured", response: authConfigSchema },
  "GET /api/auth/oidc/login": { summary: "Start an OpenID Connect sign-in (redirect)" },
  "GET /api/auth/oidc/callback": { summary: "Finish an OpenID Connect sign-in (redirect)" },
  "POST /api/auth/logout": { summary: "End the current session", response: signedOutSchema },
  "GET /api/auth/sessions": { summary: "List my sessions", response: sessionListSchema },
  "DELETE /api/auth/sessions/:id": { summary: "Revoke one of my sessions", response: sessionRevokedSchema },
  "GET /api/me": { summary: "Who I am: user, roles, scopes, teams", response: meSchema },
  "PATCH /api/me": { summary: "Edit my profile", body: profilePatchSchema, response: userSchema },
  "GET /api/users": { summary: "List users", response: userListSchema },
  "GET /api/users/:ref": { summary: "Get a user by id, @handle or email", response: userSchema },
  "PATCH /api/users/:ref": { summary: "Edit a user's role or disable them (admin)", response: userSchema },
  "POST /api/users/:ref/sessions/revoke": {
    summary: "Revoke all of a user's sessions",
    response: userSessionsRevokedSchema,
  },
  "GET /api/people/suggest": { summary: "Suggest people and teams for a mention", response: suggestionListSchema },
  "GET /api/teams": { summary: "List teams", response: teamListSchema },
  "POST /api/teams": { summary: "Create a team", body: teamInputSchema, response: teamSchema, status: 201 },
  "GET /api/teams/:team": { summary: "Get a team with its members and group mappings", response: teamDetailSchema },
  "PATCH /api/teams/:team": { summary: "Edit a team", body: teamPatchSchema, response: teamSchema },
  "DELETE /api/teams/:team": { summary: "Delete a team", response: teamDeletedSchema },
  "GET /api/teams/:team/members": { summary: "List a team's members", response: memberListSchema },
  "POST /api/teams/:team/members": {
    summary: "Add a team member",
    body: memberInputSchema,
    response: membershipSchema,
    status: 201,
  },
  "PATCH /api/teams/:team/members/:user": {
    summary: "Change a member's role",
    body: memberPatchSchema,
    response: membershipSchema,
  },
  "DELETE /api/teams/:team/members/:user": { summary: "Remove a team member", response: memberRemovedSchema },
  "PUT /api/teams/:team/channels": {
    summary: "Set a team's notification channels",
    body: teamChannelsSchema,
    response: teamSchema,
  },
  "PUT /api/teams/:team/groups": {
    summary: "Map an identity-provider group to the team",
    body: groupMappingSchema,
    response: teamGroupsSchema,
  },
  "DELETE /api/teams/:team/groups/:group": { summary: "Remove a group mapping", response: teamGroupsSchema },
  "GET /api/collections": { summary: "List collections", response: collectionListSchema },
  "POST /api/collections": {
    summary: "Create a collection",
    body: collectionInputSchema,
    response: collectionSchema,
    status: 201,
  },
  "DELETE /api/collections/:id": { summary: "Delete a collection", response: collectionDeletedSchema },
  "GET /api/audit": { summary: "The audit trail", response: auditPageSchema },

  // Push notifications
  "GET /api/me/push-devices": { summary: "List my push devices", response: pushDeviceListSchema },
  "POST /api/me/push-devices": {
    summary: "Register a push device",
    body: pushSubscriptionInputSchema,
    response: pushDeviceSchema,
    status: 201,
  },
  "DELETE /api/me/push-devices/:id": { summary: "Remove a push device", response: pushDeviceRevokedSchema },
  "GET /api/me/push-preferences": { summary: "My push preferences", response: pushPreferencesSchema },
  "PUT /api/me/push-preferences": {
    summary: "Set my push preferences",
    body: pushPreferencesSchema,
    response: pushPreferencesSchema,
  },
  "GET /api/push/vapid-public-key": { summary: "The VAPID public key for subscribing", response: vapidPublicKeySchema },
  "POST /api/push/ack": {
    summary: "Acknowledge from a push notification (its single-use token is the credential)",
    body: pushAckInputSchema,
    response: alertAckAnswerSchema,
  },

  // Tokens and sign-in links
  "GET /api/tokens": { summary: "List API tokens", response: tokenListSchema },
  "POST /api/tokens": {
    summary: "Create an API token (the secret is shown once)",
    body: createTokenSchema,
    response: tokenCreatedSchema,
    status: 201,
  },
  "DELETE /api/tokens/:id": { summary: "Revoke an API token", response: tokenRevokedSchema },
  "POST /api/signin-links": {
    summary: "Create a one-time sign-in link",
    body: createSigninLinkSchema,
    response: signinLinkCreatedSchema,
    status: 201,
  },
  "POST /api/signin/exchange": {
    summary: "Spend a sign-in code for a browser session or a token",
    body: signinExchangeSchema,
    response: signinExchangedSchema,
    status: 201,
  },

  // Change events and their webhooks
  "POST /api/change-events": {
    summary: "Record a change event",
    body: changeEventInputSchema,
    response: changeEventSchema,
    status: 201,
  },
  "GET /api/change-events": {
    summary: "List change events",
    query: listChangeEventsQuerySchema,
    response: changeEventPageSchema,
  },
  "GET /api/change-events/:id": { summary: "Get a change event", response: changeEventSchema },
  "POST /api/webhooks/argocd": {
    summary: "Argo CD notification as a change event",
    response: changeEventSchema,
    status: 201,
  },
  "POST /api/webhooks/github": {
    summary: "GitHub deployment webhook as a change event (other events: 200 with what was ignored)",
    response: changeEventSchema,
    status: 201,
  },

  // Dashboards and snapshots
  "GET /api/dashboards": { summary: "List dashboards", response: dashboardListSchema },
  "POST /api/dashboards/provision": { summary: "Provision dashboards from files", response: provisionResultSchema },
  "POST /api/dashboards": { summary: "Create a dashboard", response: dashboardSchema, status: 201 },
  "POST /api/dashboards/import": {
    summary: "Import a Grafana or Vigil dashboard",
    response: dashboardSchema,
    status: 201,
  },
  "GET /api/dashboards/:id": { summary: "Get a dashboard", response: dashboardViewSchema },
  "PUT /api/dashboards/:id": { summary: "Save a dashboard", response: dashboardSchema },
  "DELETE /api/dashboards/:id": { summary: "Delete a dashboard", response: dashboardDeletedSchema },
  "PUT /api/dashboards/:id/team": { summary: "Set a dashboard's owning team", response: dashboardSchema },
  "GET /api/dashboards/:id/export": { summary: "Export a dashboard", response: dashboardExportFileSchema },
  "GET /api/dashboards/:id/versions": {
    summary: "List a dashboard's versions",
    response: dashboardVersionListSchema,
  },
  "GET /api/dashboards/:id/versions/:version{[0-9]+}": {
    summary: "Get one dashboard version",
    response: dashboardVersionModelSchema,
  },
  "POST /api/dashboards/:id/versions/:version{[0-9]+}/restore": {
    summary: "Restore a dashboard version",
    response: dashboardSchema,
  },
  "GET /api/dashboards/:id/events": {
    summary: "Change events for a dashboard's time range",
    response: dashboardEventsSchema,
  },
  "POST /api/dashboards/:id/panels/:panelId/snapshot": {
    summary: "Snapshot a panel's data",
    response: panelSnapshotSchema,
    status: 201,
  },
  "GET /api/dashboards/:id/snapshots": { summary: "List a dashboard's snapshots", response: panelSnapshotListSchema },
  "GET /api/snapshots/:id": { summary: "Get a panel snapshot", response: panelSnapshotSchema },

  // Notebooks and their shares
  "GET /api/notebooks": { summary: "List notebooks", response: notebookListSchema },
  "POST /api/notebooks": {
    summary: "Create a notebook",
    body: createNotebookSchema,
    response: notebookSchema,
    status: 201,
  },
  "GET /api/notebooks/:id": { summary: "Get a notebook with its share links", response: notebookDetailSchema },
  "PUT /api/notebooks/:id/team": { summary: "Set a notebook's owning team", response: notebookSchema },
  "PATCH /api/notebooks/:id": { summary: "Rename a notebook", body: updateNotebookSchema, response: notebookSchema },
  "DELETE /api/notebooks/:id": { summary: "Delete a notebook", response: notebookDeletedSchema },
  "POST /api/notebooks/:id/cells": {
    summary: "Add a cell",
    body: addCellSchema,
    response: notebookSchema,
    status: 201,
  },
  "PATCH /api/notebooks/:id/cells/:cellId": { summary: "Edit a cell", body: editCellSchema, response: notebookSchema },
  "DELETE /api/notebooks/:id/cells/:cellId": { summary: "Delete a cell", response: notebookSchema },
  "PUT /api/notebooks/:id/order": { summary: "Reorder cells", body: reorderSchema, response: notebookSchema },
  "GET /api/notebooks/:id/export.md": { summary: "Export a notebook as Markdown" },
  "POST /api/notebooks/:id/share": {
    summary: "Create a read-only share link",
    response: notebookShareCreatedSchema,
    status: 201,
  },
  "DELETE /api/notebooks/:id/share": { summary: "Revoke all share links", response: sharesRevokedSchema },
  "DELETE /api/notebooks/:id/share/:shareId": { summary: "Revoke one share link", response: sharesRevokedSchema },
  "GET /api/shared/notebooks/:secret": {
    summary: "A shared notebook (the secret is the credential)",
    response: sharedNotebookSchema,
  },

  // Workspace: scope, favorites, recent, home, search
  "GET /api/scope": { summary: "My pinned scope", response: pinnedScopeSchema },
  "PUT /api/scope": { summary: "Pin a scope", response: pinnedScopeSchema },
  "POST /api/scope/apply": { summary: "Apply the pinned scope to a PromQL query", response: scopeAppliedSchema },
  "GET /api/favorites": { summary: "List my favorites", response: favoriteListSchema },
  "PUT /api/favorites/:kind/:id": { summary: "Add a favorite", response: favoriteSetSchema },
  "DELETE /api/favorites/:kind/:id": { summary: "Remove a favorite", response: favoriteRemovedSchema },
  "GET /api/recent": { summary: "My recently viewed objects", response: recentListSchema },
  "POST /api/recent": { summary: "Record a view", response: viewRecordedSchema, status: 201 },
  "GET /api/home": {
    summary: "The home page: alerts, favorites, mentions, recent, changes",
    response: homeSchema,
  },
  "GET /api/search": {
    summary: "Search monitors, dashboards, services, notebooks and changes",
    response: searchResultsSchema,
  },

  // Metrics ingest and storage
  "POST /api/v1/write": { summary: "Prometheus remote_write (1.0 and 2.0)" },
  "POST /v1/metrics": {
    summary: "OTLP metrics (the JSON answer; protobuf in kind)",
    response: otlp.otlpMetricsResponseSchema,
  },
  "GET /api/metrics/storage": { summary: "Metric storage statistics", response: storageStatsSchema },

  // DDx
  "POST /api/ddx/metrics": {
    summary: "Rank label values that diverge in a metric window",
    body: metricDdxRequestSchema,
    response: metricDdxSchema,
  },
  "POST /api/ddx/traces": {
    summary: "Rank span attributes that diverge in a trace window",
    body: traceDdxRequestSchema,
    response: traceDdxSchema,
  },
  "GET /api/alerts/:id/investigation": {
    summary: "The alert's automatic investigation (null until it ran)",
    response: investigationSchema,
  },

  // Monitors, channels, alerts, comments, muting, inhibition
  "GET /api/monitors": { summary: "List monitors with their health", response: monitorListSchema },
  "POST /api/monitors": {
    summary: "Create a monitor",
    body: monitorInputSchema,
    response: monitorDefSchema,
    status: 201,
  },
  "GET /api/monitors/:id": { summary: "Get a monitor", response: monitorDefSchema },
  "PUT /api/monitors/:id": { summary: "Replace a monitor", body: monitorInputSchema, response: monitorDefSchema },
  "DELETE /api/monitors/:id": { summary: "Delete a monitor", response: monitorDeletedSchema },
  "GET /api/monitors/:id/versions": { summary: "List a monitor's versions", response: monitorVersionListSchema },
  "GET /api/monitors/:id/state": { summary: "The monitor's evaluator state", response: monitorStateSchema },
  "POST /api/monitors/:id/restart": {
    summary: "Restart a monitor's evaluation",
    response: monitorRestartedSchema,
  },
  "GET /api/notification-channels": { summary: "List notification channels (redacted)", response: channelListSchema },
  "POST /api/notification-channels": {
    summary: "Create a notification channel (answered redacted)",
    body: channelInputSchema,
    response: channelSummarySchema,
    status: 201,
  },
  "PATCH /api/notification-channels/:id": {
    summary: "Change how a channel pages: per alert, or once per incident",
    body: channelPatchSchema,
    response: channelSummarySchema,
  },
  "DELETE /api/notification-channels/:id": {
    summary: "Delete a notification channel",
    response: channelDeletedSchema,
  },
  "GET /api/slos": { summary: "List SLOs", response: sloListSchema },
  "POST /api/slos": { summary: "Create an SLO", body: sloInputSchema, response: sloDefSchema, status: 201 },
  "GET /api/slos/:id": { summary: "Get an SLO", response: sloDefSchema },
  "PUT /api/slos/:id": { summary: "Replace an SLO", body: sloInputSchema, response: sloDefSchema },
  "DELETE /api/slos/:id": { summary: "Delete an SLO", response: sloDeletedSchema },
  "GET /api/slos/:id/status": { summary: "An SLO's attainment and error budget", response: sloStatusSchema },
  "GET /api/slos/:id/versions": { summary: "List an SLO's versions", response: sloVersionListSchema },
  "GET /api/alerts": { summary: "List alerts", query: alertListQuerySchema, response: alertListSchema },
  "GET /api/alerts/:id": {
    summary: "An alert with its monitor, history, comments and changes",
    response: alertDetailSchema,
  },
  "GET /api/alerts/:id/history": {
    summary: "An alert's state history and notification deliveries",
    response: alertHistorySchema,
  },
  "PUT /api/alerts/:id/resolution-note": {
    summary: "Set an alert's resolution note",
    body: resolutionNoteSchema,
    response: resolutionNoteSetSchema,
  },
  "POST /api/alerts/:id/acknowledge": {
    summary: "Acknowledge an alert",
    body: ackInputSchema,
    response: alertAckAnswerSchema,
  },
  "DELETE /api/alerts/:id/acknowledge": { summary: "Withdraw an acknowledgement", response: alertAckAnswerSchema },
  "GET /api/monitors/:id/comments": { summary: "List a monitor's comments", response: commentListSchema },
  "POST /api/monitors/:id/comments": {
    summary: "Comment on a monitor",
    body: commentInputSchema,
    response: commentPostedSchema,
    status: 201,
  },
  "GET /api/alerts/:id/comments": { summary: "List an alert's comments", response: commentListSchema },
  "POST /api/alerts/:id/comments": {
    summary: "Comment on an alert",
    body: commentInputSchema,
    response: commentPostedSchema,
    status: 201,
  },
  "GET /api/muting-rules": { summary: "List muting rules", response: muteRuleListSchema },
  "POST /api/muting-rules/preview": {
    summary: "Which alerts a muting rule would mute",
    body: muteInputSchema,
    response: mutePreviewSchema,
  },
  "POST /api/muting-rules": {
    summary: "Create a muting rule",
    body: muteInputSchema,
    response: muteRuleSchema,
    status: 201,
  },
  "GET /api/muting-rules/:id": { summary: "Get a muting rule", response: muteRuleSchema },
  "POST /api/muting-rules/:id/expire": { summary: "Expire a muting rule now", response: muteRuleSchema },
  "POST /api/muting-rules/:id/extend": {
    summary: "Extend a muting rule",
    body: extendMuteSchema,
    response: muteRuleSchema,
  },
  "DELETE /api/muting-rules/:id": { summary: "Delete a muting rule", response: muteDeletedSchema },
  "GET /api/inhibit-rules": { summary: "List inhibition rules", response: inhibitRuleListSchema },
  "POST /api/inhibit-rules": {
    summary: "Create an inhibition rule",
    body: inhibitRuleInputSchema,
    response: inhibitRuleSchema,
    status: 201,
  },
  "GET /api/inhibit-rules/:id": { summary: "Get an inhibition rule", response: inhibitRuleSchema },
  "PUT /api/inhibit-rules/:id": {
    summary: "Replace an inhibition rule",
    body: inhibitRuleInputSchema,
    response: inhibitRuleSchema,
  },
  "DELETE /api/inhibit-rules/:id": { summary: "Delete an inhibition rule", response: inhibitRuleDeletedSchema },

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
  "POST /api/incidents/:id/acknowledge": {
    summary: "Acknowledge an incident's firing alerts",
    body: ackInputSchema,
    response: incidentAcknowledgedSchema,
  },
  "POST /api/incidents/:id/postmortem": {
    summary: "Start the postmortem notebook (200 with the existing one when already started)",
    response: postmortemStartedSchema,
    status: 201,
  },
  "POST /api/incidents/:id/alerts": {
    summary: "Attach an alert to an incident",
    body: incidentAttachSchema,
    response: incidentDetailSchema,
  },

  // Alertmanager v2 API
  "GET /api/v2/silences": { summary: "List silences (Alertmanager v2 API)", response: gettableSilencesSchema },
  "POST /api/v2/silences": {
    summary: "Create or update a silence (Alertmanager v2 API)",
    body: postableSilenceSchema,
    response: postSilenceAnswerSchema,
  },
  "GET /api/v2/silence/:id": { summary: "Get a silence (Alertmanager v2 API)", response: gettableSilenceSchema },
  "DELETE /api/v2/silence/:id": { summary: "Expire a silence (Alertmanager v2 API; empty answer)" },
  "GET /api/v2/alerts": { summary: "List alerts (Alertmanager v2 API)", response: gettableAlertsSchema },

  "GET /api/live": { summary: "Live updates (WebSocket upgrade)" },

  // Traces, logs, services
  "POST /v1/traces": {
    summary: "OTLP traces (the JSON answer; protobuf in kind)",
    response: otlp.otlpTracesResponseSchema,
  },
  "GET /api/traces/search": { summary: "Search traces, newest first", response: traceSearchSchema },
  "GET /api/traces/stats": {
    summary: "Span rate, errors and latency by group, against an earlier window",
    response: spanStatsSchema,
  },
  "GET /api/traces/:traceId": {
    summary: "Get a trace as the trace page draws it (format=otlp: as OTLP/JSON)",
    response: traceViewSchema,
  },
  "POST /v1/logs": { summary: "OTLP logs (the JSON answer; protobuf in kind)", response: otlp.otlpLogsResponseSchema },
  "GET /api/logs/histogram": { summary: "Log counts over time, per level", response: logHistogramSchema },
  "GET /api/logs": { summary: "Search logs, newest first", response: logPageSchema },
  "GET /api/services": { summary: "Services with their RED figures", response: serviceListSchema },
  "GET /api/services/graph": { summary: "The service dependency graph", response: serviceGraphSchema },
  "GET /api/services/:name/red": { summary: "One service's RED series", response: redSeriesSchema },

  // Shard map (admin)
  "GET /api/admin/shard-map": {
    summary: "The epochs of the metric and trace shard counts",
    response: shardMapViewSchema,
  },
  "POST /api/admin/shard-map": {
    summary: "Change a signal's shard count: a new epoch, active in a few seconds (moves no data)",
    body: shardEpochInputSchema,
    response: shardMapChangedSchema,
  },

  // Prometheus HTTP API (read side): GET and POST each
  ...promPair("/api/v1/query", "Instant query", prom.promQueryWireSchema),
  ...promPair("/api/v1/query_range", "Range query", prom.promQueryRangeWireSchema),
  ...promPair("/api/v1/series", "Find series", prom.promSeriesSchema),
  ...promPair("/api/v1/labels", "Label names", prom.promStringsSchema),
  ...promPair("/api/v1/label/:name/values", "Label values", prom.promStringsSchema),
  ...promPair("/api/v1/metadata", "Metric metadata", prom.promMetadataSchema),
  ...promPair("/api/v1/status/buildinfo", "Build information", prom.promBuildInfoSchema),
  ...promPair("/api/v1/format_query", "Format a PromQL expression", prom.promFormatQuerySchema),
  ...promPair("/api/v1/query_exemplars", "Exemplars (204 without a selector)", prom.promExemplarsSchema),
  ...promPair("/api/v1/rules", "Monitors as alerting rules", prom.promRulesSchema),
  ...promPair("/api/v1/alerts", "Active alerts", prom.promAlertsSchema),
  ...promPair("/api/v1/targets", "Scrape targets", prom.promTargetsSchema),
  ...promPair("/api/v1/status/config", "Configuration", prom.promConfigSchema),
  ...promPair("/api/v1/status/flags", "Flags", prom.promFlagsSchema),
  ...promPair("/api/v1/status/runtimeinfo", "Runtime information", prom.promRuntimeInfoSchema),
  ...promPair("/api/v1/status/tsdb", "TSDB statistics", prom.promTsdbSchema),
  ...promPair("/api/v1/status/walreplay", "WAL replay status", prom.promWalReplaySchema),
};

/** The Prometheus HTTP API answers GET and POST (form parameters) alike. */
function promPair(path: string, summary: string, response: z.ZodType): Record<string, RouteDoc> {
  const doc = { summary: `${summary} (Prometheus HTTP API)`, response };
  return { [`GET ${path}`]: doc, [`POST ${path}`]: doc };
}
