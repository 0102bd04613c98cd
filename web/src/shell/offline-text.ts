// The offline banner's words: how old what the page shows is, in the person's zone (or UTC), with the date only
// when it is not today's.
import { formatTime } from "../lib/time";

export function offlineText(asOf: number | null, now: number, utc: boolean, zone?: string | null): string {
  if (asOf === null) return "Offline";
  const then = formatTime(asOf, utc, false, zone);
  const today = formatTime(now, utc, false, zone).slice(0, 10);
  const shown = then.startsWith(today) ? then.slice(11) : then;
  return `As of ${shown}, offline`;
}
