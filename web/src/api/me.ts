import { z } from "zod";
import { scopeSchema } from "../../../core/contracts/auth";
import { api } from "./client";

export const meSchema = z.object({ tokenId: z.string(), userId: z.string(), scopes: z.array(scopeSchema) });
export const fetchMe = () => api("/api/me", meSchema);
