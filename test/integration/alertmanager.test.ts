import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { fingerprint } from "../../core/notify/fingerprint";
import { call, json } from "./helpers";
import { check, Clock, createMonitor, gauge, privateBase, STEP } from "./lib/monitor-fixture";

const clock = new Clock(privateBase(100));
afterAll(() => void vi.useRealTimers());
const tag = Math.random().toString(36).slice(2, 8);
let m: { id: string; slug: string };

beforeAll(async () => {
  await gauge(`am_${tag}`, { region: "us-east-1" }, clock.now, 5);
  await gauge(`am_${tag}`, { region: "us-west-2" }, clock.now, 5);
  m = await createMonitor({
    name: `AM ${tag}`,
    query: `am_${tag}`,
    signals: { mode: "labels", keys: ["region"] },
    annotations: { summary: "{{ $labels.region }}" },
  });
  await check(m.id);
});

const iso = (t: number) => new Date(t).toISOString();

describe("Alertmanager API v2", () => {
  it("POST /api/v2/silences creates a silence that GET lists in Alertmanager's shape", async () => {
    const res = await json("/api/v2/silences", {
      matchers: [
        { name: "monitor", value: m.slug, isRegex: false, isEqual: true },
        { name: "region", value: "us-east-.*", isRegex: true },
      ],
      startsAt: iso(clock.now),
      endsAt: iso(clock.now + 3_600_000),
      createdBy: "amtool",
      comment: "maintenance",
    });
    expect(res.status).toBe(200);
    const { silenceID } = (await res.json()) as { silenceID: string };
    const list = (await (await call("/api/v2/silences")).json()) as any[];
    const s = list.find((x) => x.id === silenceID);
    expect(s).toMatchObject({
      status: { state: "active" },
      createdBy: "amtool",
      comment: "maintenance",
      startsAt: iso(clock.now),
      endsAt: iso(clock.now + 3_600_000),
      matchers: [
        { name: "monitor", value: m.slug, isRegex: false, isEqual: true },
        { name: "region", value: "us-east-.*", isRegex: true, isEqual: true },
      ],
    });
    expect(((await (await call(`/api/v2/silence/${silenceID}`)).json()) as any).id).toBe(silenceID);
    // The same rule shows in Vigil's muting rules.
    const rule = (await (await call(`/api/muting-rules/${silenceID}`)).json()) as any;
    expect(rule.matchers[1]).toEqual({ name: "region", op: "=~", value: "us-east-.*" });
  });

  it("GET /api/v2/alerts returns firing alerts with fingerprints, silenced ones as suppressed, and filters", async () => {
    clock.set(clock.now + STEP);
    await gauge(`am_${tag}`, { region: "us-east-1" }, clock.now, 5);
    await gauge(`am_${tag}`, { region: "us-west-2" }, clock.now, 5);
    await check(m.id);
    const all = ((await (await call(`/api/v2/alerts?filter=monitor="${m.slug}"`)).json()) as any[]).sort((a, b) =>
      a.labels.region.localeCompare(b.labels.region),
    );
    expect(all).toHaveLength(2);
    expect(all[0]).toMatchObject({
      labels: { region: "us-east-1", monitor: m.slug },
      annotations: { summary: "us-east-1" },
      endsAt: "0001-01-01T00:00:00Z",
      status: { state: "suppressed" },
    });
    expect(all[0].status.silencedBy).toHaveLength(1);
    expect(all[1].status).toEqual({ state: "active", silencedBy: [], inhibitedBy: [], mutedBy: [] });
    expect(all[0].fingerprint).toBe(fingerprint(all[0].labels));
    const active = (await (await call(`/api/v2/alerts?filter=monitor="${m.slug}"&silenced=false`)).json()) as any[];
    expect(active.map((a) => a.labels.region)).toEqual(["us-west-2"]);
    const west = (await (
      await call(`/api/v2/alerts?filter=monitor="${m.slug}"&filter=region=~"us-west.*"`)
    ).json()) as any[];
    expect(west.map((a) => a.labels.region)).toEqual(["us-west-2"]);
  });

  it("DELETE /api/v2/silence/:id expires it; bad input gets Alertmanager's string error", async () => {
    const list = (await (await call("/api/v2/silences")).json()) as any[];
    const id = list.find((s) => s.comment === "maintenance").id;
    expect((await call(`/api/v2/silence/${id}`, { method: "DELETE" })).status).toBe(200);
    expect(((await (await call(`/api/v2/silence/${id}`)).json()) as any).status.state).toBe("expired");
    const bad = await json("/api/v2/silences", {
      matchers: [],
      startsAt: "x",
      endsAt: "y",
      createdBy: "",
      comment: "",
    });
    expect(bad.status).toBe(400);
    expect(typeof (await bad.json())).toBe("string");
    const backwards = await json("/api/v2/silences", {
      matchers: [{ name: "a", value: "b", isRegex: false }],
      startsAt: iso(clock.now + 10),
      endsAt: iso(clock.now),
      createdBy: "x",
      comment: "",
    });
    expect(await backwards.json()).toMatch(/end time/);
    expect((await call("/api/v2/silence/nope")).status).toBe(404);
    expect((await call("/api/v2/alerts?filter=+++")).status).toBe(400);
  });
});
