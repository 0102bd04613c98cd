// Paging you can trust through restarts (issue 17, proof): the demo at 12x against a real Vigil on workerd,
// the checkout alert firing and paged. The whole Vigil process group (wrangler and workerd) is killed with
// SIGKILL and kept down for a real 90 s while the simulator keeps sending, then started again on the same local
// state. After the restart the alert is firing or no data, never resolved; the rollback resolves it once; the
// pager receiver holds exactly one trigger and one resolve for the dedup_key. Then the same with only the
// monitor's Durable Object restarted (several times, mid-incident).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startVigil, type RestartableVigil } from "./harness";
import { startSimulator, type RunningSimulator } from "./simulator";

const VIGIL = 18744; // its inspector takes 18794
const CONTROL = 18745;
const PAGER = 18746;
// The proof asks for 90 s; VIGIL_OUTAGE_S reruns it with other outages (the report saw 83 s and 98 s).
const OUTAGE_MS = Number(process.env.VIGIL_OUTAGE_S ?? 90) * 1000;
const CHECKOUT = "checkout-error-budget-burn";

interface Page {
  kind: string;
  body: {
    event_action?: string;
    dedup_key?: string;
    payload?: { source?: string; custom_details?: { update?: boolean } };
  };
}
interface Alert {
  id: string;
  monitorId: string;
  monitorSlug: string;
  state: string;
  noDataSince?: number | null;
}

let vigil: RestartableVigil;
let sim: RunningSimulator;

async function get<T>(url: string, init?: RequestInit): Promise<T> {
  const res = await fetch(url, init);
  const text = await res.text();
  if (!res.ok) throw new Error(`${init?.method ?? "GET"} ${url} -> ${res.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}
const api = <T>(p: string, init: RequestInit = {}) =>
  get<T>(`${vigil.url}${p}`, { ...init, headers: { authorization: `Bearer ${vigil.token}`, ...init.headers } });
const pages = async () =>
  (await get<{ received: Page[] }>(`http://127.0.0.1:${PAGER}/received`)).received.filter(
    // The investigation's follow-up re-triggers the open incident's dedup_key marked `update`: not a page.
    (r) => r.kind === "pagerduty" && !r.body.payload?.custom_details?.update,
  );
const control = (action: string) => get<{ ok: boolean }>(`http://127.0.0.1:${CONTROL}/${action}`, { method: "POST" });
const simStatus = () =>
  get<{ live: boolean; incident: boolean; remoteWrite: { failed: number } }>(`http://127.0.0.1:${CONTROL}/status`);
const checkoutAlerts = async () =>
  (await api<{ alerts: Alert[] }>("/api/alerts?state=all&limit=500")).alerts.filter((a) => a.monitorSlug === CHECKOUT);
const actions = (ps: Page[], key: string) => ps.filter((p) => p.body.dedup_key === key).map((p) => p.body.event_action);

/** Poll until `check` gives a value; stops at a generous deadline (hang protection) and reports the last error. */
async function until<T>(what: string, check: () => Promise<T | undefined | null | false>, deadlineMs = 300_000) {
  const end = Date.now() + deadlineMs;
  let last: unknown = null;
  for (;;) {
    if (sim.process.exitCode !== null) throw new Error(`simulator exited while waiting for ${what}:\n${sim.log()}`);
    try {
      const v = await check();
      if (v) return v;
    } catch (e) {
      // A broken promise (resolved, a second page) fails at once; only "not there yet" is retried.
      if (e instanceof Error && e.name === "AssertionError") throw e;
      last = e;
    }
    if (Date.now() > end) throw new Error(`gave up waiting for ${what}; last error: ${String(last)}`);
    await new Promise((r) => setTimeout(r, 2000));
  }
}

beforeAll(async () => {
  vigil = await startVigil({ port: VIGIL });
  sim = startSimulator(vigil, { at: "incident", speed: 12, backfill: "20m", controlPort: CONTROL, pagerPort: PAGER });
  // Hang protection only: on a loaded 2-core machine the 20-minute backfill alone can take minutes.
  await until("the simulator to go live", async () => (await simStatus()).live, 900_000);
}, 1_000_000);
afterAll(async () => {
  await sim?.stop();
  await vigil?.stop();
});

describe("a whole-server crash mid-incident", () => {
  let dedupKey = "";
  let alertId = "";
  let openBefore: string[] = [];

  it("the checkout alert is firing and has paged once", async () => {
    const trigger = await until("the checkout page", async () =>
      (await pages()).find((p) => p.body.event_action === "trigger" && p.body.payload?.source === CHECKOUT),
    );
    dedupKey = String(trigger.body.dedup_key);
    const firing = await until("the checkout alert firing", async () =>
      (await checkoutAlerts()).find((a) => a.state === "firing"),
    );
    alertId = firing.id;
    const active = (await api<{ alerts: Alert[] }>("/api/alerts?state=active")).alerts;
    openBefore = active.filter((a) => a.state === "firing").map((a) => a.id);
    expect(openBefore).toContain(alertId);
  });

  it("after SIGKILL, 90 s down while the simulator sends, and a restart: firing or no data, never resolved", async () => {
    const failedBefore = (await simStatus()).remoteWrite.failed;
    await vigil.restart(
      async () => {
        await new Promise((r) => setTimeout(r, OUTAGE_MS));
        // The simulator kept running and kept trying to send while Vigil was gone.
        expect(sim.process.exitCode).toBeNull();
        expect((await simStatus()).remoteWrite.failed).toBeGreaterThan(failedBefore);
      },
      { signal: "SIGKILL" },
    );
    const seen = new Set<string>();
    // Watch every check for a while after the restart, until data is back and the alert is firing again.
    await until("the checkout alert back to firing on fresh data", async () => {
      const mine = (await checkoutAlerts()).find((a) => a.id === alertId);
      expect(mine, "the same alert, not a new one").toBeDefined();
      seen.add(mine!.state);
      expect(["firing", "nodata"]).toContain(mine!.state);
      const all = (await api<{ alerts: Alert[] }>("/api/alerts?state=all&limit=500")).alerts;
      for (const id of openBefore) expect(["firing", "nodata"]).toContain(all.find((a) => a.id === id)?.state);
      expect(actions(await pages(), dedupKey)).toEqual(["trigger"]);
      return seen.has("nodata") && mine!.state === "firing" ? mine : null;
    });
    // The open alerts are all still listed by the Alertmanager API.
    const am = await api<{ labels: Record<string, string> }[]>("/api/v2/alerts");
    expect(am.length).toBeGreaterThanOrEqual(openBefore.length);
  });

  it("after the rollback it resolves once: one trigger and one resolve for the dedup_key", async () => {
    expect((await control("rollback")).ok).toBe(true);
    await until("the checkout resolve", async () => actions(await pages(), dedupKey).includes("resolve"));
    expect(actions(await pages(), dedupKey)).toEqual(["trigger", "resolve"]);
    expect((await checkoutAlerts()).find((a) => a.id === alertId)?.state).toBe("resolved");
    // No signal of any monitor paged twice in a row without a resolve between (no second page per episode).
    const ps = await pages();
    for (const key of new Set(ps.map((p) => String(p.body.dedup_key)))) {
      const seq = actions(ps, key).filter((a) => a !== "repeat");
      for (let i = 1; i < seq.length; i++) expect(`${seq[i - 1]}>${seq[i]}`, key).not.toBe("trigger>trigger");
    }
  });
});

describe("only the monitor's Durable Object restarting, mid-incident", () => {
  it("pages once and resolves once across three restarts of the object", async () => {
    const ps0 = await pages();
    const key = String(ps0.find((p) => p.body.payload?.source === CHECKOUT)?.body.dedup_key);
    const mark = ps0.filter((p) => p.body.dedup_key === key).length;
    const since = async () => actions(await pages(), key).slice(mark);
    const monitor = (await api<{ monitors: { id: string; slug: string }[] }>("/api/monitors")).monitors.find(
      (m) => m.slug === CHECKOUT,
    )!;
    expect((await control("deploy-bad")).ok).toBe(true);
    await until("the second checkout page", async () => (await since()).includes("trigger"));
    // The page leaves the outbox before the alarm's D1 batch mirrors the alert: wait for the listed alert too.
    const firing = await until("the checkout alert listed as firing", async () =>
      (await checkoutAlerts()).find((a) => a.state === "firing"),
    );
    for (let i = 0; i < 3; i++) {
      const r = await api<{ restarted: string }>(`/api/monitors/${monitor.id}/restart`, { method: "POST" });
      expect(r.restarted).toBe(monitor.id);
      await new Promise((res) => setTimeout(res, 10_000));
      const mine = (await checkoutAlerts()).find((a) => a.id === firing.id);
      expect(mine?.state).toBe("firing");
      expect(await since()).toEqual(["trigger"]);
    }
    expect((await control("rollback")).ok).toBe(true);
    await until("the second checkout resolve", async () => (await since()).includes("resolve"));
    expect(await since()).toEqual(["trigger", "resolve"]);
  });
});
