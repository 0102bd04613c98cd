import {
  type InhibitRuleInput,
  inhibitRuleDeletedSchema,
  inhibitRuleListSchema,
  inhibitRuleSchema,
} from "../../../core/contracts/oncall";
import { api } from "./client";

export type { InhibitRuleView } from "../../../core/contracts/oncall";

export const inhibitQueries = { all: ["inhibit-rules"] as const };

export const listInhibitRules = () => api("/api/inhibit-rules", inhibitRuleListSchema).then((r) => r.rules);
export const createInhibitRule = (input: InhibitRuleInput) =>
  api("/api/inhibit-rules", inhibitRuleSchema, { method: "POST", body: input });
export const deleteInhibitRule = (id: string) =>
  api(`/api/inhibit-rules/${encodeURIComponent(id)}`, inhibitRuleDeletedSchema, { method: "DELETE" });
