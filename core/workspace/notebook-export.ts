import type { Cell } from "../contracts/notebooks";

/** Render a notebook as a self-contained Markdown document: queries as code blocks, frozen data embedded
 * as JSON so the export still says what was seen after retention has dropped the raw telemetry. */

export interface ExportInput {
  title: string;
  owner: string;
  updatedAt: number;
  cells: Cell[];
  baseUrl?: string;
}

const MAX_EMBED_CHARS = 200_000;

function iso(t: number | string): string {
  return typeof t === "number" ? new Date(t).toISOString() : t;
}

function fence(lang: string, body: string): string {
  // A fence longer than any backtick run inside the body, so embedded text cannot close it.
  const longest = Math.max(2, ...[...body.matchAll(/`+/g)].map((m) => m[0].length));
  const f = "`".repeat(longest + 1);
  return `${f}${lang}\n${body}\n${f}`;
}

function embed(data: unknown): string {
  const text = JSON.stringify(data, null, 2) ?? "null";
  return fence("json", text.length > MAX_EMBED_CHARS ? `${text.slice(0, MAX_EMBED_CHARS)}\n... (truncated)` : text);
}

function window(cell: Cell): string {
  return cell.timeOverride ? `_Time: ${iso(cell.timeOverride.from)} to ${iso(cell.timeOverride.to)}_\n\n` : "";
}

function cellToMarkdown(cell: Cell, baseUrl: string): string {
  const heading = cell.title ? `### ${cell.title.replace(/\n/g, " ")}\n\n` : "";
  const head = heading + window(cell);
  switch (cell.type) {
    case "markdown":
      return head + cell.source;
    case "query_chart":
      return `${head}Live ${cell.datasource} query:\n\n${fence(cell.datasource === "metrics" ? "promql" : "", cell.query)}`;
    case "snapshot_chart":
      return `${head}Snapshot of:\n\n${fence("promql", cell.query)}\n\nFrozen data:\n\n${embed(cell.data)}`;
    case "ddx":
      return `${head}DDx (${cell.kind})${cell.query ? ` for \`${cell.query.replace(/`/g, "'")}\`` : ""}:\n\n${embed(cell.result)}`;
    case "log_line":
      return `${head}Log line from ${cell.service ?? "unknown service"} at ${iso(cell.timestamp)}${cell.severity ? ` [${cell.severity}]` : ""}:\n\n${fence("", cell.body)}${cell.attributes ? `\n\n${embed(cell.attributes)}` : ""}`;
    case "trace_link":
      return `${head}Trace [${cell.traceId}](${baseUrl}/traces/${cell.traceId}${cell.spanId ? `?span=${encodeURIComponent(cell.spanId)}` : ""})${cell.service ? ` (${cell.service})` : ""}${cell.summary ? `: ${cell.summary}` : ""}`;
    case "alert":
      return `${head}Alert \`${cell.alertId}\`${cell.monitorSlug ? ` of monitor \`${cell.monitorSlug}\`` : ""}${cell.state ? `, state ${cell.state}` : ""}${cell.severity ? `, severity ${cell.severity}` : ""}${cell.labels ? `\n\n${embed(cell.labels)}` : ""}`;
  }
}

export function notebookToMarkdown(nb: ExportInput): string {
  const base = (nb.baseUrl ?? "").replace(/\/+$/, "");
  const parts = [
    `# ${nb.title.replace(/\n/g, " ")}`,
    `_Exported from Vigil. Owner: ${nb.owner}. Last updated ${iso(nb.updatedAt)}._`,
  ];
  for (const cell of nb.cells) parts.push(cellToMarkdown(cell, base));
  return `${parts.join("\n\n---\n\n")}\n`;
}
