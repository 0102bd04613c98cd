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
});
