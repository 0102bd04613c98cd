// Recurring windows with Alertmanager's `time_intervals` semantics (prometheus/alertmanager timeinterval):
// an interval matches when every field it sets matches (times, weekdays, days_of_month, months, years), in its
// `location` (an IANA zone, UTC by default); a list matches when any interval does. Times are [start, end):
// start inclusive, end exclusive, "24:00" allowed as an end. Local wall time is computed per instant, so a
// window "09:00-17:00 Europe/Berlin" keeps meaning 09:00 Berlin time across a daylight-saving change.

export interface TimeRange {
  startMinute: number;
  endMinute: number;
}
export interface InclusiveRange {
  begin: number;
  end: number;
}
export interface TimeInterval {
  times?: TimeRange[];
  weekdays?: InclusiveRange[]; // 0 = Sunday … 6 = Saturday
  daysOfMonth?: InclusiveRange[]; // 1…31, or negative from the month's end (-1 = last day)
  months?: InclusiveRange[]; // 1…12
  years?: InclusiveRange[];
  location?: string;
}

export interface LocalTime {
  year: number;
  month: number;
  day: number;
  weekday: number;
  minute: number; // minute of the day
  daysInMonth: number;
}

const WEEKDAYS = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];
const MONTHS = [
  "january",
  "february",
  "march",
  "april",
  "may",
  "june",
  "july",
  "august",
  "september",
  "october",
  "november",
  "december",
];

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      weekday: "long",
      hour: "numeric",
      minute: "numeric",
    });
    formatters.set(zone, f);
  }
  return f;
}

export function isValidZone(zone: string): boolean {
  try {
    formatter(zone);
    return true;
  } catch {
    return false;
  }
}

/** Wall-clock fields of instant `t` in `zone`. */
export function localTime(t: number, zone = "UTC"): LocalTime {
  const parts: Record<string, string> = {};
  for (const p of formatter(zone).formatToParts(new Date(t))) parts[p.type] = p.value;
  const year = Number(parts.year);
  const month = Number(parts.month);
  return {
    year,
    month,
    day: Number(parts.day),
    weekday: WEEKDAYS.indexOf(parts.weekday.toLowerCase()),
    minute: Number(parts.hour) * 60 + Number(parts.minute),
    daysInMonth: new Date(Date.UTC(year, month, 0)).getUTCDate(),
  };
}

const inRanges = (rs: InclusiveRange[] | undefined, v: number) => !rs || rs.some((r) => v >= r.begin && v <= r.end);

function dayMatches(rs: InclusiveRange[] | undefined, lt: LocalTime): boolean {
  if (!rs) return true;
  const abs = (d: number) => (d < 0 ? lt.daysInMonth + d + 1 : d);
  return rs.some((r) => lt.day >= abs(r.begin) && lt.day <= abs(r.end));
}

export function intervalContains(iv: TimeInterval, t: number): boolean {
  const lt = localTime(t, iv.location ?? "UTC");
  if (iv.times && !iv.times.some((r) => lt.minute >= r.startMinute && lt.minute < r.endMinute)) return false;
  return (
    inRanges(iv.weekdays, lt.weekday) &&
    dayMatches(iv.daysOfMonth, lt) &&
    inRanges(iv.months, lt.month) &&
    inRanges(iv.years, lt.year)
  );
}

/** An empty list means "always" (a plain mute without recurrence). */
export function inTimeIntervals(ivs: TimeInterval[] | undefined | null, t: number): boolean {
  return !ivs || ivs.length === 0 || ivs.some((iv) => intervalContains(iv, t));
}

// Parsing Alertmanager's YAML/JSON spelling: "monday:friday", "09:00", "1:5", "-1", "january:march".

function parseClock(s: string, isEnd: boolean): number {
  const m = /^(\d{2}):(\d{2})$/.exec(s);
  if (!m) throw new Error(`time ${s}: use HH:MM`);
  const v = Number(m[1]) * 60 + Number(m[2]);
  if (Number(m[2]) > 59 || v > 1440 || (v === 1440 && !isEnd)) throw new Error(`time ${s} is out of range`);
  return v;
}

function parseRange(s: string, names: string[] | null, min: number, max: number, what: string): InclusiveRange {
  const one = (x: string) => {
    const byName = names ? names.indexOf(x.toLowerCase()) : -1;
    const v = byName >= 0 ? byName + (what === "months" ? 1 : 0) : Number(x);
    if (!Number.isInteger(v) || v < min || v > max) throw new Error(`${what}: ${x} is not valid`);
    return v;
  };
  const [a, b, extra] = s.split(":");
  if (extra !== undefined || !a) throw new Error(`${what}: ${s} is not a value or a range a:b`);
  const r = { begin: one(a), end: one(b ?? a) };
  if (what !== "days_of_month" && r.begin > r.end) throw new Error(`${what}: ${s} starts after it ends`);
  return r;
}

export interface TimeIntervalSpec {
  times?: { start_time: string; end_time: string }[];
  weekdays?: string[];
  days_of_month?: string[];
  months?: string[];
  years?: string[];
  location?: string;
}

/** Alertmanager's spelling to the evaluated form; throws with a message a person can act on. */
export function parseTimeInterval(spec: TimeIntervalSpec): TimeInterval {
  const out: TimeInterval = {};
  if (spec.times?.length)
    out.times = spec.times.map((t) => {
      const r = { startMinute: parseClock(t.start_time, false), endMinute: parseClock(t.end_time, true) };
      if (r.startMinute >= r.endMinute)
        throw new Error(`times: ${t.start_time}-${t.end_time} must start before it ends`);
      return r;
    });
  if (spec.weekdays?.length) out.weekdays = spec.weekdays.map((s) => parseRange(s, WEEKDAYS, 0, 6, "weekdays"));
  if (spec.days_of_month?.length)
    out.daysOfMonth = spec.days_of_month.map((s) => {
      const r = parseRange(s, null, -31, 31, "days_of_month");
      if (r.begin === 0 || r.end === 0) throw new Error("days_of_month: 0 is not a day");
      return r;
    });
  if (spec.months?.length) out.months = spec.months.map((s) => parseRange(s, MONTHS, 1, 12, "months"));
  if (spec.years?.length) out.years = spec.years.map((s) => parseRange(s, null, 1970, 9999, "years"));
  if (spec.location !== undefined) {
    if (!isValidZone(spec.location)) throw new Error(`location: ${spec.location} is not a known time zone`);
    out.location = spec.location;
  }
  return out;
}
