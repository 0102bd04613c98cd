// How times are shown, decided from the URL and the person's profile; pure, so it is tested without a browser.
import { timeZoneSchema } from "../../../core/contracts/people";

/** The zone `?tz=` names, when it is a real one. */
export function urlZone(tz: string | null): string | null {
  const r = timeZoneSchema.safeParse(tz);
  return tz && r.success ? r.data : null;
}

/**
 * UTC or a zone: `?utc=1` / `?utc=0` decide; else a zone in `?tz=` (a wall screen set to its room's zone) is shown
 * as that zone even for a person who chose UTC; else the person's choice.
 */
export function showUtc(url: { utc: string | null; tz: string | null }, profile: "utc" | "zone" | undefined): boolean {
  if (url.utc === "1") return true;
  if (url.utc === "0") return false;
  if (urlZone(url.tz)) return false;
  return profile === "utc";
}
