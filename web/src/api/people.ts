// People, teams, sessions and the audit log, parsed with the server's own contracts.
import { sessionRevokedSchema, signedOutSchema } from "../../../core/contracts/auth";
import {
  auditPageSchema,
  collectionListSchema,
  memberRemovedSchema,
  membershipSchema,
  sessionListSchema,
  suggestionListSchema,
  teamDetailSchema,
  teamListSchema,
  teamSchema,
  userListSchema,
  userSchema,
  userSessionsRevokedSchema,
  type ProfilePatch,
} from "../../../core/contracts/people";
import { api } from "./client";

export const peopleQueries = {
  teams: (mine = false) => ["teams", mine ? "mine" : "all"] as const,
  team: (ref: string) => ["teams", "detail", ref] as const,
  users: (q: string) => ["users", q] as const,
  sessions: () => ["sessions"] as const,
  audit: (kind: string, id: string) => ["audit", kind, id] as const,
  collections: () => ["collections"] as const,
};

export const listTeams = (mine = false) =>
  api("/api/teams", teamListSchema, { query: { mine: mine ? "1" : undefined } }).then((r) => r.teams);
export const getTeam = (ref: string) => api(`/api/teams/${encodeURIComponent(ref)}`, teamDetailSchema);
export const createTeam = (name: string, description: string) =>
  api("/api/teams", teamSchema, { method: "POST", body: { name, description } });
export const addMember = (team: string, user: string, role: string) =>
  api(`/api/teams/${encodeURIComponent(team)}/members`, membershipSchema, { method: "POST", body: { user, role } });
export const setMemberRole = (team: string, user: string, role: string) =>
  api(`/api/teams/${encodeURIComponent(team)}/members/${encodeURIComponent(user)}`, membershipSchema, {
    method: "PATCH",
    body: { role },
  });
export const removeMember = (team: string, user: string) =>
  api(`/api/teams/${encodeURIComponent(team)}/members/${encodeURIComponent(user)}`, memberRemovedSchema, {
    method: "DELETE",
  });

export const listCollections = () => api("/api/collections", collectionListSchema).then((r) => r.collections);

export const listUsers = (q: string) =>
  api("/api/users", userListSchema, { query: { q, limit: 200 } }).then((r) => r.users);
export const updateUser = (ref: string, patch: { role?: string; disabled?: boolean }) =>
  api(`/api/users/${encodeURIComponent(ref)}`, userSchema, { method: "PATCH", body: patch });
export const revokeUserSessions = (ref: string) =>
  api(`/api/users/${encodeURIComponent(ref)}/sessions/revoke`, userSessionsRevokedSchema, {
    method: "POST",
    body: {},
  });

export const updateProfile = (patch: ProfilePatch) => api("/api/me", userSchema, { method: "PATCH", body: patch });
export const listSessions = () => api("/api/auth/sessions", sessionListSchema).then((r) => r.sessions);
export const revokeSession = (id: string) =>
  api(`/api/auth/sessions/${encodeURIComponent(id)}`, sessionRevokedSchema, { method: "DELETE" });
export const signOut = () => api("/api/auth/logout", signedOutSchema, { method: "POST", body: {} });

export const suggestPeople = (q: string) =>
  api("/api/people/suggest", suggestionListSchema, { query: { q } }).then((r) => r.suggestions);

const auditAnswer = auditPageSchema;
export const listAudit = (objectKind: string, objectId: string) =>
  api("/api/audit", auditAnswer, { query: { objectKind, objectId } }).then((r) => r.entries);
