import { env } from "cloudflare:workers";
import { afterAll, describe, expect, it, vi } from "vitest";
import { call, json, tokenWith } from "./helpers";
import { check, Clock, createMonitor, gauge, privateBase, STEP } from "./lib/monitor-fixture";

const clock = new Clock(privateBase(157));
afterAll(() => vi.useRealTimers());
const uid = () => Math.random().toString(36).slice(2, 8);
const patch = (path: string, body: unknown, token?: string) =>
  json(path, body, { method: "PATCH", ...(token ? { token } : {}) });

async function alertOf(monitorId: string) {
  return ((await (await call(`/api/alerts?monitorId=${monitorId}&state=all`)).json()) as any).alerts[0];
}
async function incidents(status = "all") {
  return ((await (await call(`/api/incidents?status=${status}&limit=500`)).json()) as any).incidents as any[];
}

describe("incidents", () => {
  it("groups firing alerts that share the grouping labels into one incident, root first, with a timeline", async () => {
    const svc = `checkout-${uid()}`;
    const q = (p: string) => `${p}_${svc.replace("-", "_")}`;
    const errors = await createMonitor({ name: `Errors ${svc}`, query: q("ie"), labels: { service: svc } });
    await gauge(q("ie"), {}, clock.now, 5);
    await check(errors.id);
    // A breach later: its monitor is created then (a new monitor's first check is at its creation).
    clock.set(clock.now + STEP);
    const latency = await createMonitor({ name: `Latency ${svc}`, query: q("il"), labels: { service: svc } });
    const other = await createMonitor({ name: `Other ${svc}`, query: q("io"), labels: { service: `${svc}-x` } });
    await gauge(q("il"), {}, clock.now, 5);
    await gauge(q("io"), {}, clock.now, 5);
    await check(latency.id);
    await check(other.id);

    const mine = (await incidents()).filter((i) => i.groupKey?.service?.startsWith(svc));
    expect(mine.map((i) => [i.groupKey.service, i.alertCount, i.firingCount, i.status, i.severity]).sort()).toEqual([
      [svc, 2, 2, "investigating", "sev2"],
      [`${svc}-x`, 1, 1, "investigating", "sev2"],
    ]);
    const inc = mine.find((i) => i.groupKey.service === svc);
    expect(inc.title).toBe(`service=${svc}: Errors ${svc}`);
    const d = (await (await call(`/api/incidents/${inc.id}`)).json()) as any;
    expect(d.alerts.map((a: any) => a.monitorName)).toEqual([`Errors ${svc}`, `Latency ${svc}`]);
    expect(d.timeline.map((e: any) => e.kind)).toEqual([
      "alert_fired",
      "opened",
      "alert_joined",
      "alert_fired",
      "alert_joined",
    ]);

    // The alert page links its incident.
    const a = await alertOf(errors.id);
    const ad = (await (await call(`/api/alerts/${a.id}`)).json()) as any;
    expect(ad.incident).toEqual({ id: inc.id, title: inc.title, status: "investigating" });

    // People move it along: commander, severity, status with a note, comment, acknowledgement; each on the timeline.
    expect((await patch(`/api/incidents/${inc.id}`, { commander: "admin", severity: "sev1" })).status).toBe(200);
    expect((await json(`/api/alerts/${a.id}/acknowledge`, { comment: "on it" })).status).toBe(200);
    expect((await patch(`/api/incidents/${inc.id}`, { status: "identified", note: "bad deploy" })).status).toBe(200);
    expect((await json(`/api/incidents/${inc.id}/comments`, { body: "rolling back <b>v42</b>" })).status).toBe(201);
    const res = await patch(`/api/incidents/${inc.id}`, { status: "resolved" });
    const done = (await res.json()) as any;
    expect(done.incident).toMatchObject({ status: "resolved", severity: "sev1", commander: { id: "admin" } });
    expect(done.incident.resolvedAt).toEqual(expect.any(Number));
    const kinds = done.timeline.map((e: any) => e.kind);
    for (const k of ["commander", "severity", "alert_acknowledged", "status", "comment"]) expect(kinds).toContain(k);
    expect(done.timeline.find((e: any) => e.kind === "status").data).toEqual({
      from: "investigating",
      to: "identified",
      note: "bad deploy",
    });
    expect(done.timeline.find((e: any) => e.kind === "comment")).toMatchObject({
      by: expect.stringMatching(/^@/),
      data: { body: "rolling back <b>v42</b>" },
    });

    // Resolved: still listed under resolved; a new firing alert of the group opens a new incident.
    expect((await incidents("open")).some((i) => i.id === inc.id)).toBe(false);
    expect((await incidents("resolved")).some((i) => i.id === inc.id)).toBe(true);
    const again = await createMonitor({
      name: `Again ${svc}`,
      query: `ia_${svc.replace("-", "_")}`,
      labels: { service: svc },
    });
    await gauge(`ia_${svc.replace("-", "_")}`, {}, clock.now, 5);
    await check(again.id);
    const open = (await incidents("open")).filter((i) => i.groupKey?.service === svc);
    expect(open).toHaveLength(1);
    expect(open[0].id).not.toBe(inc.id);
    // Reopening the old one while a newer one groups the same alerts is refused clearly.
    const reopen = await patch(`/api/incidents/${inc.id}`, { status: "investigating" });
    expect(reopen.status).toBe(409);
  });

  it("opens an incident from an alert by hand and attaches another; an alert belongs to one incident", async () => {
    const tag = uid();
    const m1 = await createMonitor({ name: `Hand ${tag}`, query: `ih_${tag}` });
    const m2 = await createMonitor({ name: `Hand2 ${tag}`, query: `ih2_${tag}` });
    await gauge(`ih_${tag}`, {}, clock.now, 5);
    await gauge(`ih2_${tag}`, {}, clock.now, 5);
    await check(m1.id);
    await check(m2.id);
    const a1 = await alertOf(m1.id);
    const a2 = await alertOf(m2.id);
    const res = await json("/api/incidents", { alertIds: [a1.id] });
    expect(res.status).toBe(201);
    const inc = ((await res.json()) as any).incident;
    expect(inc).toMatchObject({ title: `Hand ${tag}`, severity: "sev2", status: "investigating", groupKey: null });
    const att = (await (await json(`/api/incidents/${inc.id}/alerts`, { alertId: a2.id })).json()) as any;
    expect(att.alerts.map((a: any) => a.id).sort()).toEqual([a1.id, a2.id].sort());
    const other = (await (await json("/api/incidents", { title: "Another" })).json()) as any;
    const clash = await json(`/api/incidents/${other.incident.id}/alerts`, { alertId: a1.id });
    expect(clash.status).toBe(409);
    expect(((await clash.json()) as any).error.message).toContain(inc.id);
  });

  it("acknowledges an incident's firing alerts once, then starts one postmortem notebook from it", async () => {
    const tag = uid();
    const m1 = await createMonitor({ name: `Ack ${tag}`, query: `ia_${tag}` });
    const m2 = await createMonitor({ name: `Ack2 ${tag}`, query: `ia2_${tag}` });
    await gauge(`ia_${tag}`, {}, clock.now, 5);
    await gauge(`ia2_${tag}`, {}, clock.now, 5);
    await check(m1.id);
    await check(m2.id);
    const [a1, a2] = [await alertOf(m1.id), await alertOf(m2.id)];
    const inc = ((await (await json("/api/incidents", { alertIds: [a1.id, a2.id] })).json()) as any).incident;

    const res = await json(`/api/incidents/${inc.id}/acknowledge`, { comment: "on it <b>now</b>" });
    expect(res.status).toBe(200);
    const acked = (await res.json()) as any;
    expect(acked.acknowledged.sort()).toEqual([a1.id, a2.id].sort());
    expect(acked.skipped).toEqual([]);
    for (const a of acked.alerts) expect(a.ack).toMatchObject({ comment: "on it <b>now</b>", by: { id: "admin" } });
    expect(acked.timeline.filter((e: any) => e.kind === "alert_acknowledged")).toHaveLength(2);
    expect(acked.timeline.find((e: any) => e.kind === "acknowledged").data).toEqual({
      count: 2,
      comment: "on it <b>now</b>",
    });
    // Again: nothing left to acknowledge, nothing sent, no second entry.
    const again = (await (await json(`/api/incidents/${inc.id}/acknowledge`, {})).json()) as any;
    expect(again.acknowledged).toEqual([]);
    expect(again.timeline.filter((e: any) => e.kind === "acknowledged")).toHaveLength(1);

    await patch(`/api/incidents/${inc.id}`, { status: "resolved", note: "rolled back" });
    const pm = await json(`/api/incidents/${inc.id}/postmortem`, {});
    expect(pm.status).toBe(201);
    const { notebookId, created } = (await pm.json()) as any;
    expect(created).toBe(true);
    const nb = (await (await call(`/api/notebooks/${notebookId}`)).json()) as any;
    expect(nb.title).toBe(`Postmortem: Ack ${tag}`);
    expect(nb.cells.map((c: any) => c.type)).toEqual(["markdown", "markdown", "alert", "alert"]);
    const md = await (await call(`/api/notebooks/${notebookId}/export.md`)).text();
    for (const text of ["## Root cause", "## Action items", `Ack2 ${tag} joined`, "Incident acknowledged (2 alerts)"])
      expect(md).toContain(text);
    expect(md).toContain("“rolled back”");
    expect(md).not.toContain("<b>");
    // Started once: the same notebook again, linked from the incident and on its timeline.
    const second = await json(`/api/incidents/${inc.id}/postmortem`, {});
    expect(second.status).toBe(200);
    expect(((await second.json()) as any).notebookId).toBe(notebookId);
    const d = (await (await call(`/api/incidents/${inc.id}`)).json()) as any;
    expect(d.postmortem).toBe(notebookId);
    expect(d.timeline.filter((e: any) => e.kind === "postmortem")).toHaveLength(1);
    // Deleted, it can be started anew.
    expect((await call(`/api/notebooks/${notebookId}`, { method: "DELETE" })).status).toBeLessThan(300);
    expect(((await (await call(`/api/incidents/${inc.id}`)).json()) as any).postmortem).toBeNull();
    expect((await json(`/api/incidents/${inc.id}/postmortem`, {})).status).toBe(201);

    const reader = await tokenWith(["read"]);
    expect((await json(`/api/incidents/${inc.id}/acknowledge`, {}, { token: reader })).status).toBe(403);
    expect((await json(`/api/incidents/${inc.id}/postmortem`, {}, { token: reader })).status).toBe(403);
    expect((await json("/api/incidents/inc_nope/acknowledge", {})).status).toBe(404);
    expect((await json("/api/incidents/inc_nope/postmortem", {})).status).toBe(404);
    const bad = await json(`/api/incidents/${inc.id}/acknowledge`, { comment: 5 });
    expect(bad.status).toBe(400);
  });

  it("rejects bad input with a clear 4xx and checks scopes", async () => {
    const bad: [string, string, unknown, number, RegExp][] = [
      ["POST", "/api/incidents", {}, 400, /title or at least one alertId/],
      ["POST", "/api/incidents", { title: "x", severity: "sev9" }, 400, /severity/],
      ["POST", "/api/incidents", { alertIds: ["alert_nope"] }, 404, /alert_nope/],
      ["POST", "/api/incidents", { title: "x", commander: "@nobody_here" }, 400, /commander/],
      ["PATCH", "/api/incidents/inc_nope", { status: "resolved" }, 404, /inc_nope/],
    ];
    for (const [method, path, body, status, msg] of bad) {
      const res = await json(path, body, { method });
      expect(res.status, `${method} ${path} ${JSON.stringify(body)}`).toBe(status);
      expect(((await res.json()) as any).error.message).toMatch(msg);
    }
    const inc = ((await (await json("/api/incidents", { title: "Scopes" })).json()) as any).incident;
    expect((await patch(`/api/incidents/${inc.id}`, { status: "closed" })).status).toBe(400);
    expect((await patch(`/api/incidents/${inc.id}`, {})).status).toBe(400);
    expect((await patch(`/api/incidents/${inc.id}`, { note: "why" })).status).toBe(400);
    const reader = await tokenWith(["read"]);
    expect((await call("/api/incidents", { token: reader })).status).toBe(200);
    expect((await json("/api/incidents", { title: "no" }, { token: reader })).status).toBe(403);
    expect((await patch(`/api/incidents/${inc.id}`, { status: "resolved" }, reader)).status).toBe(403);
    expect((await call("/api/incidents", { token: null })).status).toBe(401);
  });

  it("shows the changes and mutes around it: deploys to its service, mutes on its alerts, their deletion", async () => {
    const svc = `cart-${uid()}`;
    const metric = `ictx_${svc.replace("-", "_")}`;
    const MIN = 60_000;
    const change = async (title: string, at: number, labels: Record<string, string>) => {
      const res = await json("/api/change-events", {
        title,
        source: "GitHub",
        category: "deploys",
        type: "deploy",
        happenedAt: at,
        labels,
      });
      expect(res.status).toBe(201);
      return ((await res.json()) as any).id as string;
    };
    const mute = async (comment: string, minutes: number) => {
      const res = await json("/api/muting-rules", {
        matchers: [{ name: "service", op: "=", value: svc }],
        duration: `${minutes}m`,
        comment,
      });
      expect(res.status).toBe(201);
      return ((await res.json()) as any).id as string;
    };
    // Made 2 h before the breach, for a day: active all through the incident.
    clock.set(clock.now + 10 * STEP);
    const breach = clock.now + 2 * 3_600_000;
    clock.set(breach - 2 * 3_600_000);
    const standing = await mute("maintenance week <i>all</i>", 24 * 60);
    clock.set(breach);

    const m = await createMonitor({
      name: `Cart ${svc}`,
      query: metric,
      labels: { service: svc, environment: "production" },
    });
    const deploy = await change("Deploy cart v7 <script>x</script>", breach - 5 * MIN, {
      service: svc,
      environment: "production",
    });
    await change("Deploy payments", breach - 5 * MIN, { service: `${svc}-pay`, environment: "production" });
    await change("Deploy cart to staging", breach - 4 * MIN, { service: svc, environment: "staging" });
    await change("Deploy cart long ago", breach - 3 * 3_600_000, { service: svc });
    await gauge(metric, {}, clock.now, 5);
    await check(m.id);
    const inc = (await incidents("open")).find((i) => i.groupKey?.service === svc);
    expect(inc).toBeDefined();

    clock.set(breach + 2 * MIN);
    const fresh = await mute("rolling back, hush", 60);
    clock.set(breach + 4 * MIN);
    expect((await call(`/api/muting-rules/${fresh}`, { method: "DELETE" })).status).toBe(200);
    // Deleted: gone from every read of rules, kept for the timeline.
    expect((await call(`/api/muting-rules/${fresh}`)).status).toBe(404);
    const listed = ((await (await call("/api/muting-rules?status=all&limit=1000")).json()) as any).rules;
    expect(listed.some((r: any) => r.id === fresh)).toBe(false);
    expect((await call(`/api/muting-rules/${fresh}`, { method: "DELETE" })).status).toBe(404);
    expect((await call(`/api/v2/silence/${fresh}`)).status).toBe(404);
    const silences = (await (await call("/api/v2/silences")).json()) as any[];
    expect(silences.some((x) => x.id === fresh)).toBe(false);

    clock.set(breach + 5 * MIN);
    const d = (await (await call(`/api/incidents/${inc.id}`)).json()) as any;
    expect(d.timelineTruncated).toBe(false);
    const changes = d.timeline.filter((e: any) => e.kind === "change");
    expect(changes).toEqual([
      {
        at: breach - 5 * MIN,
        kind: "change",
        by: null,
        data: {
          id: deploy,
          title: "Deploy cart v7 <script>x</script>",
          category: "deploys",
          type: "deploy",
          source: "GitHub",
          service: svc,
          environment: "production",
        },
      },
    ]);
    const mutes = d.timeline.filter((e: any) => e.kind.startsWith("mute"));
    expect(mutes.map((e: any) => [e.kind, e.data.id, e.at])).toEqual([
      ["mute", standing, breach - 2 * 3_600_000],
      ["mute", fresh, breach + 2 * MIN],
      ["mute_deleted", fresh, breach + 4 * MIN],
    ]);
    expect(mutes[1]).toMatchObject({ by: "@admin", data: { comment: "rolling back, hush" } });
    expect(mutes[1].data.matchers).toEqual([{ name: "service", op: "=", value: svc }]);
    expect(mutes[2].by).toBe("@admin");
    // Oldest first: the standing mute, then the deploy, then the breach.
    const kinds = d.timeline.map((e: any) => e.kind);
    expect(kinds.indexOf("mute")).toBeLessThan(kinds.indexOf("change"));
    expect(kinds.indexOf("change")).toBeLessThan(kinds.indexOf("alert_fired"));

    // The postmortem lists them.
    const pm = (await (await json(`/api/incidents/${inc.id}/postmortem`, {})).json()) as any;
    const md = await (await call(`/api/notebooks/${pm.notebookId}/export.md`)).text();
    expect(md).toContain("Change: “Deploy cart v7 \\<script\\>x\\</script\\>” (deploys deploy, from GitHub)");
    expect(md).toContain("Mute deleted: “rolling back, hush”");
    expect(md).not.toContain("<script>");

    // Expired by hand: its end is on the timeline.
    clock.set(breach + 6 * MIN);
    expect((await json(`/api/muting-rules/${standing}/expire`, {})).status).toBe(200);
    const expired = (await (await call(`/api/incidents/${inc.id}`)).json()) as any;
    expect(expired.timeline.filter((e: any) => e.kind === "mute_expired")).toEqual([
      {
        at: breach + 6 * MIN,
        kind: "mute_expired",
        by: null,
        data: { id: standing, comment: "maintenance week <i>all</i>" },
      },
    ]);

    // Past 200 changes and mutes: the newest 200, and it says so.
    const stmt = env.DB.prepare(
      "INSERT INTO change_events (id, title, source, category, type, happened_at, labels, payload, created_by, created_at) VALUES (?, ?, 'ci', 'deploys', 'deploy', ?, ?, NULL, 'admin', ?)",
    );
    await env.DB.batch(
      Array.from({ length: 210 }, (_, i) =>
        stmt.bind(
          `chg_bulk_${svc}_${i}`,
          `Bulk ${i}`,
          breach - 20 * MIN + i * 1000,
          JSON.stringify({ service: svc }),
          breach,
        ),
      ),
    );
    const cut = (await (await call(`/api/incidents/${inc.id}`)).json()) as any;
    expect(cut.timelineTruncated).toBe(true);
    const around = cut.timeline.filter((e: any) => e.kind === "change" || e.kind.startsWith("mute"));
    expect(around).toHaveLength(200);
    // The newest kept: the fresh mute and its deletion; the standing mute and the oldest bulk changes left out.
    expect(around.some((e: any) => e.data.id === fresh)).toBe(true);
    expect(around.some((e: any) => e.kind === "mute" && e.data.id === standing)).toBe(false);
    expect(around.some((e: any) => e.kind === "mute_expired" && e.data.id === standing)).toBe(true);
    expect(around.some((e: any) => e.data.id === `chg_bulk_${svc}_0`)).toBe(false);
  });
});
