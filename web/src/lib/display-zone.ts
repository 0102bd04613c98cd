// Every time shown to a person is in their zone (their profile, else the browser's) unless they chose UTC;
// `?tz=Europe/London` in the URL wins over both (wall screens), and `?utc=1` / `?utc=0` over everything.
import { createEffect } from "solid-js";
import { me } from "../api/session";
import { browserTimeZone } from "../api/session";
import { updateProfile } from "../api/people";
import { createSearchParams } from "./url-state";
import { showUtc, urlZone } from "./display-choice";
import { setDisplayZone } from "./time";

export function createDisplayZone(): void {
  const params = createSearchParams();
  createEffect(() => {
    setDisplayZone(urlZone(params().get("tz")) ?? me()?.user?.timeZone ?? browserTimeZone());
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

/** UTC or not: the person's choice, unless the URL says otherwise (`?utc=`, or a wall's `?tz=`). */
export function prefersUtc(params: URLSearchParams): boolean {
  return showUtc({ utc: params.get("utc"), tz: params.get("tz") }, me()?.user?.timeDisplay);
}
