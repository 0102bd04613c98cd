// Link top DDx results to change events: a value that first shows up at a deploy names that deploy.

export interface ChangeEventRef {
  id: string;
  title: string;
  source: string;
  category: string;
  happenedAt: number;
  labels: Record<string, string>;
}

export interface ChangeLink {
  id: string;
  title: string;
  category: string;
  source: string;
  happenedAt: number;
  /** How the event names the value. */
  matchedBy: "label" | "title";
}

/** Values too generic to identify a change (status codes, booleans, one character). */
function specific(value: string): boolean {
  return value.length >= 3 && !/^\d+$/.test(value) && !["true", "false", "<no value>"].includes(value.toLowerCase());
}

function titleNames(title: string, value: string): boolean {
  const i = title.toLowerCase().indexOf(value.toLowerCase());
  if (i < 0) return false;
  // Whole-token match so "v3.4" does not claim "Deploy v3.41.0".
  const before = i === 0 ? " " : title[i - 1];
  const after = title[i + value.length] ?? " ";
  const next = title[i + value.length + 1] ?? " ";
  // A trailing "." ends a sentence; followed by a word character it continues the token ("v3.41" in "v3.41.0").
  const ends = after === "." ? !/\w/.test(next) : !/[\w-]/.test(after);
  return !/[\w.-]/.test(before) && ends;
}

/**
 * The change event that best explains when `value` appeared: the latest event at or before `notAfter` that names
 * the value in its labels or title, deploys first. `notBefore` bounds how far back a cause may lie.
 */
export function findChange(
  value: string,
  events: ChangeEventRef[],
  notBefore: number,
  notAfter: number,
): ChangeLink | undefined {
  if (!specific(value)) return undefined;
  let best: { e: ChangeEventRef; by: "label" | "title" } | undefined;
  for (const e of events) {
    if (e.happenedAt < notBefore || e.happenedAt > notAfter) continue;
    const byLabel = Object.values(e.labels).some((v) => v === value);
    const by = byLabel ? "label" : titleNames(e.title, value) ? "title" : undefined;
    if (!by) continue;
    const rank = (x: ChangeEventRef) => [x.category === "deploys" ? 1 : 0, x.happenedAt];
    if (!best || rank(e)[0] > rank(best.e)[0] || (rank(e)[0] === rank(best.e)[0] && e.happenedAt > best.e.happenedAt))
      best = { e, by };
  }
  if (!best) return undefined;
  const { e, by } = best;
  return { id: e.id, title: e.title, category: e.category, source: e.source, happenedAt: e.happenedAt, matchedBy: by };
}

export function describeChange(link: ChangeLink): string {
  return `first appears with change event "${link.title}" (${link.id}, ${new Date(link.happenedAt).toISOString().slice(0, 16).replace("T", " ")} UTC)`;
}
