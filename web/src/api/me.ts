import { authConfigSchema } from "../../../core/contracts/auth";
import { toApiError } from "./errors";

export { authConfigSchema };
export async function fetchAuthConfig() {
  const res = await fetch("/api/auth/config");
  return authConfigSchema.parse(await res.json());
}

/** Spend a one-time sign-in code (from `/signin#code=...`) for a browser session: the server sets an HttpOnly
 * cookie, so no secret is left where page scripts can read it. Sent without the current token, so a failed link
 * leaves an existing session alone. */
export async function exchangeSigninCode(code: string, timeZone: string): Promise<void> {
  const res = await fetch("/api/signin/exchange", {
    method: "POST",
    headers: { "content-type": "application/json" },
    credentials: "same-origin",
    body: JSON.stringify({ code, session: true, timeZone }),
  });
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    // not JSON: the status line says enough
  }
  if (!res.ok) throw toApiError(res.status, body, `${res.status} ${res.statusText}`);
}
