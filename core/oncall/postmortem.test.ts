import { describe, expect, it } from "vitest";
import { cellInputSchema } from "../contracts/notebooks";
import { notebookToMarkdown } from "../workspace/notebook-export";
import { describeEntry, mdText, POSTMORTEM_MAX_ALERTS, postmortemCells } from "./postmortem";

const T0 = Date.UTC(2026, 11, 4, 2, 14);
const inc = {
  id: "inc_1",
  title: "team=payments, environment=production: Checkout errors",
  severity: "sev2",
  status: "resolved",
  openedAt: T0,
  resolvedAt: T0 + 95 * 60_000,
  commander: "@alice",
};
const alert = (i: number) => ({
  id: `al_${i}`,
  monitorSlug: `m-${i}`,
  monitorName: `Monitor ${i}`,
  state: "resolved",
  severity: "critical",
  labels: { service: "checkout-service" },
});
const timeline = [
  { at: T0, kind: "alert_fired", by: null, data: { alertId: "al_1", monitorName: "Checkout errors" } },
  { at: T0, kind: "opened", by: null, data: {} },
  { at: T0 + 60_000, kind: "acknowledged", by: "@alice", data: { count: 3, comment: "on it" } },
  {
    at: T0 + 120_000,
    kind: "comment",
    by: "@bob",
    data: { body: "see [this](javascript:alert(1)) <img src=x>\n| x |" },
  },
  {
    at: T0 + 95 * 60_000,
    kind: "status",
    by: "@alice",
    data: { from: "identified", to: "resolved", note: "rolled back" },
  },
];

describe("postmortemCells", () => {
  it("starts from a summary, the sections to write, the timeline in words and each alert, all valid cells", () => {
    const cells = postmortemCells(inc, [alert(1), alert(2)], timeline);
    for (const c of cells) expect(cellInputSchema.safeParse(c).success).toBe(true);
    expect(cells.map((c) => c.type)).toEqual(["markdown", "markdown", "alert", "alert"]);
    const md = notebookToMarkdown({ title: "Postmortem", owner: "u", updatedAt: T0, cells: cells as never });
    expect(md).toContain("**Severity:** SEV2");
    expect(md).toContain("**Resolved:** 2026-12-04 03:49:00 UTC (after 1 h 35 min)");
    expect(md).toContain("**Commander:** @alice");
    for (const h of ["## Impact", "## Root cause", "## Action items"]) expect(md).toContain(h);
    expect(md).toContain("| 2026-12-04 02:15:00 | Incident acknowledged (3 alerts): “on it” | @alice |");
    expect(md).toContain("Status identified → **resolved**: “rolled back”");
  });

  it("keeps user text inert: no link, no HTML, no table break", () => {
    const line = describeEntry(timeline[3]);
    expect(line).not.toMatch(/(^|[^\\])[<[(|]|\n/);
    expect(line).toContain("\\[this\\]\\(javascript:alert\\(1\\)\\)");
    expect(line).toContain("\\<img src=x\\>");
    expect(line).toContain("\\| x \\|");
    expect(mdText("a*b_c")).toBe("a\\*b\\_c");
  });

  it("says why grouping placed an alert", () => {
    const joined = (data: Record<string, unknown>) =>
      describeEntry({ at: T0, kind: "alert_joined", by: null, data: { monitorName: "Gateway", ...data } });
    expect(joined({ reason: "labels" })).toBe("Gateway joined");
    expect(joined({ reason: "service_graph", neighbour: "checkout" })).toBe(
      "Gateway joined (a service-graph neighbour of checkout)",
    );
    expect(joined({ reason: "change_event", changeTitle: "Deploy [v2](x)" })).toBe(
      "Gateway joined (after the same change: Deploy \\[v2\\]\\(x\\))",
    );
  });

  it("says what it leaves out past the notebook's limits", () => {
    const many = Array.from({ length: POSTMORTEM_MAX_ALERTS + 5 }, (_, i) => alert(i));
    const long = Array.from({ length: 5000 }, (_, i) => ({
      at: T0 + i,
      kind: "comment",
      by: "@bob",
      data: { body: "x".repeat(60) },
    }));
    const cells = postmortemCells({ ...inc, resolvedAt: null }, many, long);
    expect(cells.filter((c) => c.type === "alert")).toHaveLength(POSTMORTEM_MAX_ALERTS);
    const [summary, table] = cells as { source: string }[];
    expect(summary.source).toContain(`the first ${POSTMORTEM_MAX_ALERTS} are below`);
    expect(summary.source).toContain("**Resolved:** not yet");
    expect(table.source).toMatch(/_\d+ later entries are on the incident page\._$/);
    expect(cellInputSchema.safeParse(cells[1]).success).toBe(true);
  });

  it("lists the changes and mutes around the incident, their text inert, and says when they were cut", () => {
    const around = [
      {
        at: T0 - 5 * 60_000,
        kind: "change",
        by: null,
        data: { id: "chg_1", title: "Deploy <b>v42</b>", category: "deploys", type: "deploy", source: "GitHub" },
      },
      {
        at: T0 + 60_000,
        kind: "mute",
        by: "@alice",
        data: {
          id: "mute_1",
          comment: "known [x](javascript:1)",
          matchers: [{ name: "service", op: "=", value: "checkout" }],
          monitorId: null,
          endsAt: T0 + 3_600_000,
        },
      },
      { at: T0 + 120_000, kind: "mute_deleted", by: "@bob", data: { id: "mute_1", comment: "known" } },
      { at: T0 + 180_000, kind: "mute_expired", by: null, data: { id: "mute_2", comment: "" } },
    ];
    const md = (postmortemCells(inc, [], around, true)[1] as { source: string }).source;
    expect(md).toContain(
      "| 2026-12-04 02:09:00 | Change: “Deploy \\<b\\>v42\\</b\\>” (deploys deploy, from GitHub) |  |",
    );
    expect(md).toContain(
      '| 2026-12-04 02:15:00 | Mute created on \\{service="checkout"\\}, until 2026-12-04 03:14:00 UTC: “known \\[x\\]\\(javascript:1\\)” | @alice |',
    );
    expect(md).toContain("| Mute deleted: “known” | @bob |");
    expect(md).toContain("| Mute expired |  |");
    expect(md).toContain("Only the newest 200 changes and mutes");
    expect((postmortemCells(inc, [], around)[1] as { source: string }).source).not.toContain("Only the newest");
  });
});
