import { z } from "zod";
import type { AckInput } from "../../../core/contracts/oncall";
import { alertSchema } from "./alerts";
import { api } from "./client";

const ackAnswer = z.object({ alert: alertSchema, changed: z.boolean() });

export const acknowledgeAlert = (id: string, input: AckInput) =>
  api(`/api/alerts/${encodeURIComponent(id)}/acknowledge`, ackAnswer, { method: "POST", body: input });
export const unacknowledgeAlert = (id: string) =>
  api(`/api/alerts/${encodeURIComponent(id)}/acknowledge`, ackAnswer, { method: "DELETE" });
