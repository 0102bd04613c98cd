// Who is signed in: a browser session (HttpOnly cookie, from OpenID Connect, Cloudflare Access or a one-time
// link) or a pasted token. One /api/me call decides; its CSRF token rides on every write of a session.
import { createSignal } from "solid-js";
import { z } from "zod";
import { meSchema, type Me } from "../../../core/contracts/people";
import { API_CACHE } from "../sw/api-cache";
import { toApiError } from "./errors";
import { noteAnswer, noteUnreachable } from "./freshness";
import { token } from "./token";

const meAnswer = meSchema.extend({ csrfToken: z.string().nullable().optional() });

/** undefined: not asked yet; null: nobody is signed in. */
const [me, setMe] = createSignal<Me | null | undefined>(undefined);
let csrf: string | null = null;
export { me };

export function csrfToken(): string | null {
  return csrf;
}

export function signedOut(): void {
  csrf = null;
  setMe(null);
  // What the service worker kept for offline reading is keyed by URL only (not by who asked): the next person on
  // this device must not read it. Signing out, or a session the server ended, both come through here.
  if (typeof caches !== "undefined") void caches.delete(API_CACHE).catch(() => undefined);
}

/** Ask the server who we are (cookie or token). A 401 means nobody; other errors are thrown. */
export async function loadMe(): Promise<Me | null> {
  const headers: Record<string, string> = {};
  const t = token();
  if (t) headers.authorization = `Bearer ${t}`;
  const res = await fetch("/api/me", { headers, credentials: "same-origin" }).catch((err: unknown) => {
    noteUnreachable();
    throw err;
  });
  if (res.status === 401) {
    signedOut();
    return null;
  }
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) throw toApiError(res.status, body, `${res.status} ${res.statusText}`);
  noteAnswer(res);
  const parsed = meAnswer.parse(body);
  csrf = parsed.csrfToken ?? null;
  setMe(parsed);
  return parsed;
}

export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  } catch {
    return "UTC";
  }
}
