/** Order palette hits: exact title, then prefix, then word prefix, then substring; kinds break ties in a
 * fixed order (things people navigate to first), newer change events before older ones. */

export interface SearchHit {
  kind: "monitor" | "dashboard" | "service" | "notebook" | "change_event";
  id: string;
  title: string;
  subtitle?: string;
  url: string;
  at?: number;
}

const kindOrder: Record<SearchHit["kind"], number> = {
  dashboard: 0,
  service: 1,
  monitor: 2,
  notebook: 3,
  change_event: 4,
};

export function matchScore(title: string, q: string): number {
  const t = title.toLowerCase();
  const n = q.toLowerCase().trim();
  if (t === n) return 0;
  if (t.startsWith(n)) return 1;
  if (t.split(/[\s\-_./:]+/).some((w) => w.startsWith(n))) return 2;
  if (t.includes(n)) return 3;
  return 4;
}

export function rankHits(hits: SearchHit[], q: string): SearchHit[] {
  return hits
    .map((h, i) => ({ h, i, s: matchScore(h.title, q) }))
    .sort(
      (a, b) => a.s - b.s || kindOrder[a.h.kind] - kindOrder[b.h.kind] || (b.h.at ?? 0) - (a.h.at ?? 0) || a.i - b.i,
    )
    .map((x) => x.h);
}
