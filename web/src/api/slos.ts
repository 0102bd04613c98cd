// SLOs: CRUD, versions and the status figures (shapes from core/contracts/slos.ts).
import { sloDefSchema, sloDeletedSchema, sloListSchema, sloStatusSchema } from "../../../core/contracts/slos";
import { api } from "./client";

export const sloQueries = {
  all: ["slos"] as const,
  list: (team = "") => ["slos", "list", team] as const,
  one: (id: string) => ["slos", "one", id] as const,
  status: (id: string) => ["slos", "status", id] as const,
};

/** team: "" for all, "mine" for the caller's teams, else a team id. */
export const listSlos = (team = "") =>
  api("/api/slos", sloListSchema, { query: { team: team || undefined } }).then((r) => r.slos);
export const getSlo = (id: string) => api(`/api/slos/${encodeURIComponent(id)}`, sloDefSchema);
export const sloStatus = (id: string) => api(`/api/slos/${encodeURIComponent(id)}/status`, sloStatusSchema);
export const saveSlo = (id: string | null, body: unknown) =>
  id
    ? api(`/api/slos/${encodeURIComponent(id)}`, sloDefSchema, { method: "PUT", body })
    : api("/api/slos", sloDefSchema, { method: "POST", body });
export const deleteSlo = (id: string) =>
  api(`/api/slos/${encodeURIComponent(id)}`, sloDeletedSchema, { method: "DELETE" });
