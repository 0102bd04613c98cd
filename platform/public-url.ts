// Where users reach Vigil, for links in notifications, sign-in links and exports: PUBLIC_URL when configured,
// else the origin requests arrive on. Alarms have no request, so the origin of the last authenticated request
// is remembered (by the LiveFeed, the one workspace-wide object) for them.
import { config, type Env } from "./env";
import { liveFeed } from "./live/publish";

/** The base for links built while serving `requestUrl`. */
export function publicUrlFor(env: Env, requestUrl: string): string {
  return config(env).publicUrl ?? new URL(requestUrl).origin;
}

// Per isolate: the origin last handed to the LiveFeed, so a busy edge writes it once, not once per request.
let remembered: string | null = null;

/** Remember where an authenticated request arrived, when PUBLIC_URL does not say (best effort). */
export async function rememberOrigin(env: Env, requestUrl: string): Promise<void> {
  if (config(env).publicUrl !== null) return;
  const origin = new URL(requestUrl).origin;
  if (origin === remembered) return;
  remembered = origin;
  try {
    await liveFeed(env).rememberOrigin(origin);
  } catch (err) {
    remembered = null;
    console.error("could not remember the public origin", err);
  }
}

// Per isolate: the remembered origin as last read, so thousands of monitor checks do not each ask the LiveFeed.
let known: { origin: string; readAt: number } | null = null;
const REREAD_MS = 60_000;

/** The base for links built where no request is at hand (a monitor's alarm); "" when nothing is known yet,
 * which leaves links relative rather than pointing at a wrong host. */
export async function linkBase(env: Env): Promise<string> {
  const configured = config(env).publicUrl;
  if (configured !== null) return configured;
  if (known && Date.now() - known.readAt < REREAD_MS) return known.origin;
  const origin = (await liveFeed(env).origin()) ?? "";
  if (origin) known = { origin, readAt: Date.now() };
  return origin;
}
