// SLOs: CRUD, versions and the status figures (shapes from core/contracts/slos.ts).
import { z } from "zod";
import { type SloDef, sloStatusSchema } from "../../../core/contracts/slos";
import { api } from "./client";

const def = z.custom<SloDef>(
  (v) => typeof v === "object" && v !== null && typeof (v as { id?: unknown }).id === "string",
);

export const sloQueries = {
  all: ["slos"] as const,
  list: (team = "") => ["slos", "list", team] as const,
  one: (id: string) => ["slos", "one", id] as const,
  status: (id: string) => ["slos", "status", id] as const,
};

/** team: "" for all, "mine" for the caller's teams, else a team id. */
export const listSlos = (team = "") =>
  api("/api/slos", z.object({ slos: z.array(def) }), { query: { team: team || undefined } }).then((r) => r.slos);
export const getSlo = (id: string) => api(`/api/slos/${encodeURIComponent(id)}`, def);
export const sloStatus = (id: string) => api(`/api/slos/${encodeURIComponent(id)}/status`, sloStatusSchema);
export const saveSlo = (id: string | null, body: unknown) =>
  id
    ? api(`/api/slos/${encodeURIComponent(id)}`, def, { method: "PUT", body })
    : api("/api/slos", def, { method: "POST", body });
export const deleteSlo = (id: string) =>
  api(`/api/slos/${encodeURIComponent(id)}`, z.object({ deleted: z.string() }), { method: "DELETE" });
