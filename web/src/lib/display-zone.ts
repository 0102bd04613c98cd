// Every time shown to a person is in their zone (their profile, else the browser's) unless they chose UTC;
// `?tz=Europe/London` in the URL wins (wall screens), and `?utc=1` / `?utc=0` override the UTC choice.
import { createEffect } from "solid-js";
import { me } from "../api/session";
import { browserTimeZone } from "../api/session";
import { updateProfile } from "../api/people";
import { createSearchParams } from "./url-state";
import { setDisplayZone } from "./time";

export function createDisplayZone(): void {
  const params = createSearchParams();
  createEffect(() => {
    const fromUrl = params().get("tz");
    setDisplayZone(validZone(fromUrl) ?? me()?.user?.timeZone ?? browserTimeZone());
  });
  // A zone nobody chose yet is filled in from the browser, once.
  let asked = false;
  createEffect(() => {
    const u = me()?.user;
    if (!u || asked || u.timeZoneSource !== "default") return;
    asked = true;
    void updateProfile({ timeZone: browserTimeZone(), timeZoneSource: "browser" }).catch(() => undefined);
  });
}

function validZone(tz: string | null): string | null {
  if (!tz) return null;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return tz;
  } catch {
    return null;
  }
}

/** The person's UTC preference, unless the URL says otherwise. */
export function prefersUtc(urlValue: string | null): boolean {
  if (urlValue === "1") return true;
  if (urlValue === "0") return false;
  return me()?.user?.timeDisplay === "utc";
}
