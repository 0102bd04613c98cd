import { z } from "zod";
import { scopeSchema } from "../../../core/contracts/auth";
import { api } from "./client";
import { toApiError } from "./errors";

export const meSchema = z.object({ tokenId: z.string(), userId: z.string(), scopes: z.array(scopeSchema) });
export const fetchMe = () => api("/api/me", meSchema);

/** Spend a one-time sign-in code (from `/signin#code=...`) for a token. Sent without the current token, so a
 * failed link leaves an existing session alone. */
export async function exchangeSigninCode(code: string): Promise<string> {
  const res = await fetch("/api/signin/exchange", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ code }),
  });
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    // not JSON: the status line says enough
  }
  if (!res.ok) throw toApiError(res.status, body, `${res.status} ${res.statusText}`);
  return z.object({ token: z.string() }).parse(body).token;
}
