// The last relative time range the user looked at, for this tab: pages opened from the menu return to it when an
// alert or a DDx has pinned the current one.
import { isRelativeRange, type TimeRange } from "./time";

const KEY = "vigil.lastRelativeRange";

export function rememberRange(r: TimeRange): void {
  if (!isRelativeRange(r)) return;
  try {
    sessionStorage.setItem(KEY, JSON.stringify(r));
  } catch {
    // storage disabled: the menu falls back to the default range
  }
}

export function lastRelativeRange(): TimeRange | null {
  try {
    const v = JSON.parse(sessionStorage.getItem(KEY) ?? "null") as TimeRange | null;
    return v && typeof v.from === "string" && typeof v.to === "string" && isRelativeRange(v) ? v : null;
  } catch {
    return null;
  }
}
