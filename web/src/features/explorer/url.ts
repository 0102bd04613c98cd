// Explorer URL state: ?q=<promql>&view=graph|table&split=<label>&exemplars=0 (exemplars are shown unless turned off)
export type ExplorerView = "graph" | "table";

export function readExplorerUrl(p: URLSearchParams): {
  q: string;
  view: ExplorerView;
  stacked: boolean;
  exemplars: boolean;
} {
  return {
    exemplars: p.get("exemplars") !== "0",
    q: p.get("q") ?? "",
    view: p.get("view") === "table" ? "table" : "graph",
    stacked: p.get("stacked") === "1",
  };
}

/** The explorer URL for a query, e.g. for "Open in explorer" links from alerts and dashboards. */
export function explorerHref(q: string, extra: Record<string, string> = {}): string {
  const p = new URLSearchParams({ q, ...extra });
  return `/explorer?${p.toString()}`;
}
