// Query key factories: one place names every cached query, so invalidation after a mutation is exact.
export const metricQueries = {
  all: ["metrics"] as const,
  range: (query: string, start: number, end: number, step: number) =>
    ["metrics", "range", query, start, end, step] as const,
  instant: (query: string, time: number) => ["metrics", "instant", query, time] as const,
  exemplars: (query: string, start: number, end: number) => ["metrics", "exemplars", query, start, end] as const,
  names: () => ["metrics", "names"] as const,
  labels: (match?: string) => ["metrics", "labels", match ?? ""] as const,
  labelValues: (name: string, match?: string) => ["metrics", "label-values", name, match ?? ""] as const,
};

export const muteQueries = {
  all: ["mutes"] as const,
  list: (status = "all") => ["mutes", "list", status] as const,
};

export const alertQueries = {
  all: ["alerts"] as const,
  list: (state: string) => ["alerts", "list", state] as const,
  detail: (id: string) => ["alerts", "detail", id] as const,
};

export const homeQueries = { all: ["home"] as const };
export const meQueries = { me: ["me"] as const };
