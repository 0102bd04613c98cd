// Recurring mute windows in Alertmanager's time_intervals spelling, built from the dialog's fields and
// described in one line for the list. Pure, tested.

export interface TimeIntervalSpec {
  times?: { start_time: string; end_time: string }[];
  weekdays?: string[];
  days_of_month?: string[];
  months?: string[];
  years?: string[];
  location?: string;
}

export const WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"] as const;

/** One weekly window: the chosen days (none = every day), from-to local time, in a zone. */
export function weeklyWindow(days: string[], from: string, to: string, zone: string): TimeIntervalSpec {
  const out: TimeIntervalSpec = { times: [{ start_time: from, end_time: to }], location: zone };
  if (days.length && days.length < 7) out.weekdays = WEEKDAYS.filter((d) => days.includes(d));
  return out;
}

const cap = (s: string) => s.slice(0, 1).toUpperCase() + s.slice(1, 3);

/** "Mon, Tue 09:00–10:00 Europe/Berlin"; several windows joined by "; ". */
export function describeIntervals(ivs: TimeIntervalSpec[] | null | undefined): string {
  if (!ivs?.length) return "";
  return ivs
    .map((iv) => {
      const days = iv.weekdays?.map((w) => w.split(":").map(cap).join("–")).join(", ") ?? "Every day";
      const times = iv.times?.map((t) => `${t.start_time}–${t.end_time}`).join(", ") ?? "all day";
      const extra = [
        iv.days_of_month?.length ? `days ${iv.days_of_month.join(", ")}` : "",
        iv.months?.length ? `months ${iv.months.join(", ")}` : "",
      ].filter(Boolean);
      return [days, times, ...extra, iv.location ?? "UTC"].join(" ");
    })
    .join("; ");
}
