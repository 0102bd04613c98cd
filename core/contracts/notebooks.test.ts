import { describe, expect, it } from "vitest";
import {
  cellInputSchema,
  editCell,
  insertCell,
  makeCell,
  NotebookRuleError,
  removeCell,
  reorderCells,
  type Cell,
} from "./notebooks";
import { notebookToMarkdown } from "../workspace/notebook-export";

const md = (id: string, source = id): Cell => makeCell({ type: "markdown", source }, id, "alice", 1);

describe("notebook cells", () => {
  it("parses every cell type with meta fields", () => {
    const ok = [
      { type: "markdown", source: "# hi", title: "note" },
      { type: "query_chart", query: "up", timeOverride: { from: "now-1h", to: "now" } },
      { type: "snapshot_chart", query: "up", data: { series: [] } },
      { type: "ddx", result: { ranked: [] } },
      { type: "log_line", timestamp: 1, body: "lookup payment-provider.internal: no such host" },
      { type: "trace_link", traceId: "0af7651916cd43dd8448eb211c80319c" },
      { type: "alert", alertId: "al_1" },
    ];
    for (const c of ok) expect(cellInputSchema.safeParse(c).success, JSON.stringify(c)).toBe(true);
    expect(cellInputSchema.safeParse({ type: "iframe", src: "x" }).success).toBe(false);
    expect(
      cellInputSchema.safeParse({ type: "query_chart", query: "up", timeOverride: { from: 5, to: 1 } }).success,
    ).toBe(false);
    expect(cellInputSchema.safeParse({ type: "trace_link", traceId: "zz" }).success).toBe(false);
    expect(cellInputSchema.parse({ type: "markdown", source: "a", title: "t" })).toEqual({
      type: "markdown",
      source: "a",
      title: "t",
    });
  });

  it("inserts, edits, removes and reorders", () => {
    let cells = [md("a"), md("b")];
    cells = insertCell(cells, md("c"), 1);
    expect(cells.map((c) => c.id)).toEqual(["a", "c", "b"]);
    cells = editCell(
      cells,
      "c",
      { content: { type: "markdown", source: "new" }, timeOverride: { from: 1, to: 2 } },
      5,
    )!;
    expect(cells[1]).toMatchObject({ source: "new", timeOverride: { from: 1, to: 2 }, updatedAt: 5 });
    expect(editCell(cells, "zz", {}, 5)).toBeNull();
    expect(() =>
      editCell(cells, "c", { content: { type: "query_chart", query: "up", datasource: "metrics" } }, 5),
    ).toThrow(NotebookRuleError);
    expect(reorderCells(cells, ["b", "a", "c"]).map((c) => c.id)).toEqual(["b", "a", "c"]);
    expect(() => reorderCells(cells, ["b", "a"])).toThrow(/exactly once/);
    expect(() => reorderCells(cells, ["b", "a", "a"])).toThrow(/exactly once/);
    expect(removeCell(cells, "a")!.map((c) => c.id)).toEqual(["c", "b"]);
    expect(removeCell(cells, "zz")).toBeNull();
  });

  it("enforces size limits", () => {
    expect(() => makeCell({ type: "snapshot_chart", query: "up", data: "x".repeat(300_000) }, "s", "a", 1)).toThrow(
      /limit is 262144/,
    );
  });
});

describe("notebook export", () => {
  it("embeds data and fences code safely", () => {
    const cells: Cell[] = [
      md("m", "Rollback fixed it"),
      makeCell(
        { type: "snapshot_chart", query: "sum(rate(x[5m]))", data: { points: [[1, "0.07"]] }, title: "Error rate" },
        "s",
        "a",
        1,
      ),
      makeCell(
        { type: "log_line", timestamp: 0, body: "```\nbreakout", service: "checkout-service", severity: "ERROR" },
        "l",
        "a",
        1,
      ),
      makeCell({ type: "trace_link", traceId: "0af7651916cd43dd8448eb211c80319c" }, "t", "a", 1),
    ];
    const out = notebookToMarkdown({
      title: "2 AM Checkout Incident",
      owner: "alice",
      updatedAt: 0,
      cells,
      baseUrl: "https://vigil.test/",
    });
    expect(out).toMatch(/^# 2 AM Checkout Incident\n/);
    expect(out).toContain("### Error rate");
    expect(out).toContain('"0.07"');
    expect(out).toContain("````\n```\nbreakout\n````");
    expect(out).toContain("(https://vigil.test/traces/0af7651916cd43dd8448eb211c80319c)");
  });
});
