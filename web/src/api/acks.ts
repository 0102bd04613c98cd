import { alertAckAnswerSchema as ackAnswer } from "../../../core/contracts/alerts";
import type { AckInput } from "../../../core/contracts/oncall";
import { api } from "./client";

export const acknowledgeAlert = (id: string, input: AckInput) =>
  api(`/api/alerts/${encodeURIComponent(id)}/acknowledge`, ackAnswer, { method: "POST", body: input });
export const unacknowledgeAlert = (id: string) =>
  api(`/api/alerts/${encodeURIComponent(id)}/acknowledge`, ackAnswer, { method: "DELETE" });
