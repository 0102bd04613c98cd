// The acceptance walk of SCENARIO.md in real Chromium, at desktop size and again on a phone: the demo simulator
// (scripts/demo, fast mode) feeds a fresh Vigil through remote_write, OTLP metrics/traces/logs and change events,
// provisions the monitors and the dashboard; the user follows the alert to the cause, collects the evidence in a
// notebook, mutes, comments, rolls back, watches the alert resolve live and shares the notebook.
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startVigil, type RunningVigil } from "../compat/harness";
import { until } from "../compat/poll";
import { startSimulator, type RunningSimulator } from "../compat/simulator";
import { DESKTOP, hasHorizontalScroll, launchBrowser, newPage, PHONE, shot, shotIfFailed, signIn } from "./browser";
import { bandPixels, distance, type Rgb, verticalLineAt } from "./chart-pixels";
import { near, serviceFigures } from "./service-figures";

// Story minutes pass 12x faster: sustain 15 s, the deploy ten story minutes in the past when the page opens.
const SPEED = 12;
const LONG = { timeout: 240_000 };
const NOTEBOOK = "2 AM Checkout Incident";
const SCOPE = ["environment=production", "region=us-east-1"];

interface Sized {
  name: "desktop" | "phone";
  viewport: { width: number; height: number };
  port: number; // Vigil; the simulator's control server and pager receiver take the next two
}
const SIZES: Sized[] = [
  { name: "desktop", viewport: DESKTOP, port: 18950 },
  { name: "phone", viewport: PHONE, port: 18953 },
];

interface Incident {
  vigil: RunningVigil;
  sim: RunningSimulator;
}

/** A fresh Vigil fed by the simulator, the incident 10 story minutes old, once the simulator is live. */
async function startIncident({ port }: Sized): Promise<Incident> {
  // PUBLIC_URL makes the pages' links (PagerDuty client_url, Slack "Open in Vigil") point at this Vigil.
  const vigil = await startVigil({ port, vars: { PUBLIC_URL: `http://127.0.0.1:${port}` } });
  const sim = startSimulator(vigil, {
    at: "incident",
    speed: SPEED,
    // An hour: the baseline's ~8 errors/min is read over 55 minutes, where counting noise is ~5 %, not ~7 %.
    backfill: "60m",
    controlPort: port + 1,
    pagerPort: port + 2,
  });
  try {
    // Hang protection only: on a loaded 2-core machine the hour's backfill alone can take minutes.
    await until(
      "the simulator to go live",
      async () => ((await (await fetch(`${sim.control}/status`)).json()) as { live: boolean }).live,
      {
        timeoutMs: 540_000,
        everyMs: 2000,
        abortIf: () => (sim.process.exitCode !== null ? `simulator exited:\n${sim.log().slice(-3000)}` : null),
      },
    );
  } catch (e) {
    await sim.stop();
    await vigil.stop();
    throw e;
  }
  return { vigil, sim };
}

// The first walk waits in real time for its incident to be 5.5 minutes old (its windows must lie wholly after the
// errors began). The phone's incident starts as soon as the desktop's is live (one backfill at a time on the shared
// cores) and ages through that wait and the desktop walk, instead of after them. Each size keeps its own Vigil and
// simulator, since each walk ends in a rollback; the monitors fire live on each, as in the story.
const incidents = new Map<Sized["name"], Promise<Incident>>();
beforeAll(() => {
  let previous: Promise<unknown> = Promise.resolve();
  for (const size of SIZES) {
    const started = previous.then(() => startIncident(size));
    started.catch(() => undefined); // awaited (and its error reported) by the size's own beforeAll
    incidents.set(size.name, started);
    previous = started.catch(() => undefined);
  }
});
afterAll(async () => {
  // Each size's afterAll stops its own incident; this catches one whose describe never ran.
  for (const r of await Promise.allSettled(incidents.values()))
    if (r.status === "fulfilled") await stopIncident(r.value);
});
const stopped = new WeakSet<Incident>();
async function stopIncident(i: Incident): Promise<void> {
  if (stopped.has(i)) return;
  stopped.add(i);
  await i.sim.stop();
  await i.vigil.stop();
}

describe.each(SIZES)("the checkout incident, end to end ($name)", ({ name, viewport, port }) => {
  let vigil: RunningVigil;
  let browser: Browser;
  let sim: RunningSimulator;
  let incident: Incident | undefined;
  const control = `http://127.0.0.1:${port + 1}`;
  const step = (page: Page, s: string) => shot(page, `scenario-${s}-${name}`);
  const api = async <T>(p: string): Promise<T> => {
    const res = await fetch(`${vigil.url}${p}`, { headers: { authorization: `Bearer ${vigil.token}` } });
    if (!res.ok) throw new Error(`${p}: ${res.status}`);
    return (await res.json()) as T;
  };

  beforeAll(async () => {
    const started = incidents.get(name);
    if (!started) throw new Error(`no incident started for ${name}`);
    incident = await started;
    ({ vigil, sim } = incident);
    browser = await launchBrowser();
  }, 900_000);
  afterEach((ctx) => {
    if (ctx.task.result?.state === "fail") console.error(`[simulator log tail]\n${sim?.log().slice(-3000)}`);
    return shotIfFailed(ctx.task);
  });
  afterAll(async () => {
    await browser?.close();
    if (incident) await stopIncident(incident);
  });

  it("the map, the service page, the dashboard and the alert agree on one window and one scope", async () => {
    // Figures compared while the incident is steady: every window read here (the picker's 5 minutes, the
    // dashboard's [5m] rates, the monitor's [1m]) has to lie wholly after the errors began, or the pages would
    // differ by how much of the baseline their windows still hold rather than by anything they compute.
    const st = (await (await fetch(`${control}/status`)).json()) as { events: { kind: string; wallAt: string }[] };
    const errorsFrom = Date.parse(st.events.find((e) => e.kind === "deploy")!.wallAt) + 120_000 / SPEED;
    const alertId = await until(
      "the checkout alert firing for production/us-east-1",
      async () => {
        const { alerts } = await api<{
          alerts: { id: string; monitorSlug: string; signalLabels: Record<string, string> }[];
        }>("/api/alerts?state=firing");
        return alerts.find(
          (a) => a.monitorSlug === "checkout-error-budget-burn" && a.signalLabels.region === "us-east-1",
        )?.id;
      },
      { everyMs: 3000 },
    );
    await until("5.5 minutes of incident", async () => Date.now() - errorsFrom >= 330_000, {
      everyMs: 5000,
      timeoutMs: 420_000,
    });
    const touch = name === "phone";
    const { ctx, page } = await newPage(browser, viewport);
    await signIn(page, vigil.url, vigil.token, "/services/checkout-service");
    // One scope, pinned once from the scope bar; one window, chosen once in the picker as a moving "last 5 minutes".
    for (const f of SCOPE) {
      await page.getByLabel("Add scope filter (key=value)").fill(f);
      await page.getByRole("button", { name: "Pin" }).click();
      await page.getByRole("button", { name: `Remove ${f}` }).waitFor();
    }
    await page.locator(".time-picker button[aria-haspopup=dialog]").click();
    const picker = page.getByRole("dialog", { name: "Choose time range" });
    await picker.getByLabel("From").fill("now-5m");
    await picker.getByRole("button", { name: "Apply range" }).click();
    await page.waitForURL((u) => u.searchParams.get("from") === "now-5m");
    let range = "now-5m";
    const sameWindowAndScope = async (where: string) => {
      const u = new URL(page.url());
      expect(u.searchParams.get("from"), `${where}: the picker's range`).toBe(range);
      expect(u.searchParams.get("to") ?? "now", `${where}: a moving range`).toBe("now");
      expect(u.searchParams.getAll("scope").sort(), `${where}: the pinned scope`).toEqual([...SCOPE].sort());
      expect(await page.getByText("Pinned time").count(), `${where}: not frozen`).toBe(0);
    };
    await sameWindowAndScope("service page");

    // The service page: its header, and the map's checkout-service and payment-gateway boxes and the call between.
    await page
      .getByLabel("Where the figures come from")
      .getByText(/^From metrics/)
      .waitFor(LONG);
    const stat = async (label: string) =>
      (await page.getByRole("group", { name: label }).locator("div").nth(1).textContent()) ?? "";
    const header = {
      req: number(await stat("Requests/min")),
      err: number(await stat("Errors/min")),
      rate: number(await stat("Error rate")) / 100,
    };
    const map = page.getByRole("group", { name: /^Dependency map of checkout-service/ });
    const box = async (service: string) => {
      const t = (
        await map.getByRole("button", { name: service, exact: true }).locator("text.sub").allTextContents()
      ).join(" | ");
      return { req: number(/([\d.]+) req\/m/.exec(t)?.[1]), err: number(/([\d.]+) err\/m/.exec(t)?.[1]) };
    };
    const checkoutBox = await box("checkout-service");
    const gatewayBox = await box("payment-gateway");
    const call =
      (await map
        .getByRole("button", { name: /^Call checkout-service to payment-gateway:/ })
        .getAttribute("aria-label")) ?? "";
    const edge = {
      req: number(/: ([\d.]+) req\/min/.exec(call)?.[1]),
      err: number(/, ([\d.]+) errors\/min/.exec(call)?.[1]),
    };
    await step(page, "agree-1-service");

    // The dashboard, opened from the menu: its Region variable follows the pinned scope.
    if (name === "phone")
      await page.getByRole("navigation", { name: "Quick" }).getByRole("button", { name: "Menu" }).click();
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Dashboards", exact: true }).click();
    await page.waitForURL((u) => u.pathname === "/dashboards");
    await page
      .getByRole("list", { name: "Dashboards" })
      .getByRole("link", { name: "Commerce Checkout Dashboard" })
      .click();
    await page.getByRole("heading", { name: "Commerce Checkout Dashboard", level: 1 }).waitFor();
    await sameWindowAndScope("dashboard");
    expect(await page.getByRole("combobox", { name: "Region" }).inputValue()).toBe("us-east-1");
    const statValue = async (title: string) => {
      const v = page.getByLabel(`${title} value`);
      await expect.poll(async () => /\d/.test((await v.textContent()) ?? ""), LONG).toBe(true);
      return number(await v.textContent());
    };
    const legendLast = async (panel: string) => {
      const rows = page.getByRole("article", { name: panel }).getByRole("region", { name: "Legend" }).getByRole("row");
      await rows.nth(1).waitFor(LONG);
      const lasts = await rows.evaluateAll((trs) =>
        trs.slice(1).map((tr) => tr.querySelectorAll("td")[1]?.textContent ?? ""),
      );
      return lasts.map(number);
    };
    const dash = {
      req: await statValue("Checkout requests / min"),
      rate: (await statValue("Checkout error rate (5xx)")) / 100,
      // Query A of the upstream panel is payment-gateway's; its errors panel is split by status.
      gatewayReq: (await legendLast("Upstream dependencies: request rate"))[0],
      gatewayErr: (await legendLast("payment-gateway errors / min")).reduce((a, b) => a + b, 0),
    };
    await step(page, "agree-2-dashboard");

    // The same dashboard's markers over the last 15 minutes (the deploy and the alerts' starts lie before the 5):
    // the deploy a thin muted line in its own colour, each alert one band, and the line's card on hover or tap.
    await page.locator(".time-picker button[aria-haspopup=dialog]").click();
    await page
      .getByRole("dialog", { name: "Choose time range" })
      .getByRole("button", { name: "Last 15 minutes" })
      .click();
    await page.waitForURL((u) => u.searchParams.get("from") === "now-15m");
    range = "now-15m"; // and so it stays on the alert pages opened next
    const fig = page.getByRole("article", { name: "Request rate by endpoint" });
    const canvas = fig.locator("canvas").first();
    const deploySpot = fig.getByRole("button", { name: `Marker: ${DEPLOY}` });
    await deploySpot.waitFor(LONG);
    await deploySpot.scrollIntoViewIfNeeded();
    const chips = fig.getByRole("list", { name: "Events on this chart" });
    const chipColour = async (kind: string) =>
      rgbOf(
        await chips
          .locator(`button[data-kind="${kind}"]`)
          .first()
          .evaluate((e) => getComputedStyle(e).borderColor),
      );
    const deployRgb = await chipColour("deploy");
    const alertRgb = await chipColour("alert");
    expect(distance(deployRgb, alertRgb), "deploy and alert colours").toBeGreaterThan(100);
    const muted = await verticalLineAt(canvas, deploySpot, deployRgb);
    const bands = fig.locator(".marker-spot.band");
    const alertChips = chips.locator('button[data-kind="alert"]');
    const alertCount = await alertChips.count();
    const bandCount = await bands.count();
    const events = (await alertChips.allTextContents()).map((t) => Number(/ · (\d+) events?$/.exec(t)?.[1]));
    const plotHeight = (await deploySpot.boundingBox())!.height;
    const bandSeen = [];
    for (let i = 0; i < bandCount; i++) bandSeen.push(await bandPixels(canvas, bands.nth(i), plotHeight, alertRgb));
    console.log(`[markers ${name}]`, JSON.stringify({ deployRgb, alertRgb, muted, bandCount, bandSeen, events }));
    // One CSS pixel wide (two columns when it falls between pixels), at about half strength (0.55 is 140 of 255).
    expect(muted.width, "deploy line width (px)").toBeGreaterThanOrEqual(1);
    expect(muted.width, "deploy line width (px)").toBeLessThanOrEqual(2);
    expect(muted.alpha, "deploy line alpha").toBeLessThan(0.7 * 255);
    expect(distance(muted.rgb!, deployRgb), "deploy line colour").toBeLessThan(30);
    // One band per alert: as many bands as alerts on the chart, each alert's transitions counted inside its chip,
    // and no alert-coloured vertical line anywhere under a band (not one line per transition or sample).
    expect(alertCount).toBeGreaterThan(0);
    expect(bandCount).toBe(alertCount);
    expect(
      events.reduce((a, b) => a + b, 0),
      "alert transitions grouped into bands",
    ).toBeGreaterThan(alertCount);
    for (const px of bandSeen) {
      expect(px.lines, "alert-coloured vertical lines under a band").toBe(0);
      expect(px.strip, "the band's strip in the alert colour").not.toBeNull();
    }
    if (touch) await deploySpot.tap();
    else await deploySpot.hover();
    const card = fig.getByRole("dialog", { name: `Event: ${DEPLOY}` });
    await card.waitFor();
    for (const want of ["ArgoCD", "deploy-bot", "us-east-1"]) expect(await card.textContent()).toContain(want);
    expect(rgbOf(await card.evaluate((e) => getComputedStyle(e).borderTopColor))).toEqual(deployRgb);
    // Touched, the line is drawn at full strength; a tapped card stays and can be used (its link, its close button).
    const lit = await verticalLineAt(canvas, deploySpot, deployRgb);
    console.log(`[markers ${name}] touched`, JSON.stringify(lit));
    expect(lit.alpha, "touched deploy line alpha").toBe(255);
    if (touch) {
      expect(await card.evaluate((e) => getComputedStyle(e).pointerEvents)).not.toBe("none");
      await card.getByRole("link", { name: "Open in Changes" }).waitFor();
      await card.getByRole("button", { name: "Close event card" }).tap();
      await card.waitFor({ state: "detached" });
    }
    await step(page, "agree-2b-markers");

    // The alerts, opened from the menu: checkout's and payment-gateway's for us-east-1, each with its last value.
    if (name === "phone")
      await page.getByRole("navigation", { name: "Quick" }).getByRole("link", { name: "Alerts" }).click();
    else
      await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Alerts", exact: true }).click();
    await page.waitForURL((u) => u.pathname === "/alerts");
    const alertValue = async (monitor: RegExp) => {
      await page
        .getByRole("list", { name: "Alerts" })
        .getByRole("listitem")
        .filter({ hasText: monitor })
        .filter({ hasText: "us-east-1" })
        .getByRole("link")
        .first()
        .click();
      await page.waitForURL(/\/alerts\/[^/]+$/);
      await sameWindowAndScope("alert");
      const last = page.getByText(/last value [\d.]+ %/);
      await last.waitFor(LONG);
      const v = number(/last value ([\d.]+) %/.exec((await last.textContent()) ?? "")?.[1]) / 100;
      await page.goBack();
      return v;
    };
    const alertRate = await alertValue(/Checkout error budget burn/i);
    expect(page.url()).not.toContain(alertId); // back on the list
    const gatewayAlertRate = await alertValue(/Payment gateway errors/i);
    await step(page, "agree-3-alerts");

    const seen = { header, checkoutBox, gatewayBox, edge, dash, alertRate, gatewayAlertRate };
    console.log(`[agree ${name}]`, JSON.stringify(seen));
    // The header and the map's box are one answer of one API: equal.
    expect(checkoutBox).toEqual({ req: header.req, err: header.err });
    // The same 5 minutes of the same requests (the services' OpenTelemetry metrics on the service page and its map,
    // their own counters on the dashboard, both written from each simulated request), read seconds apart on a moving
    // window: the requests in the seconds one window holds and the other does not are ~1 % of ~3,100 (payment-gateway)
    // or ~10,000 (checkout) and their errors ~1 % of ~1,500 and ~800, so 5 % is four standard deviations.
    // Percentages are printed to 0.1 (the service page) or 0.01 points (the dashboard, the alert).
    const agree = (got: number, want: number, what: string, share = 0.05, printed = 0) =>
      expect(Math.abs(got - want), `${what}: ${got} vs ${want}`).toBeLessThanOrEqual(share * want + printed);
    agree(dash.req, header.req, "checkout req/min: dashboard vs service page");
    agree(dash.rate, header.rate, "checkout error rate: dashboard vs service page", 0.05, 0.0005);
    agree(header.err / header.req, header.rate, "checkout errors/requests vs error rate", 0.05, 0.0005);
    agree(dash.gatewayReq, gatewayBox.req, "payment-gateway req/min: dashboard vs map");
    agree(dash.gatewayErr, gatewayBox.err, "payment-gateway errors/min: dashboard vs map");
    // The call checkout -> payment-gateway counts the same requests from the caller's side (its client metrics).
    agree(edge.req, gatewayBox.req, "checkout -> payment-gateway req/min: edge vs payment-gateway");
    agree(edge.err, gatewayBox.err, "checkout -> payment-gateway errors/min: edge vs payment-gateway");
    // payment-gateway's monitor rates the same 5 minutes at its last check (every 15 s).
    agree(gatewayAlertRate, gatewayBox.err / gatewayBox.req, "payment-gateway error rate: alert vs map", 0.05, 0.0005);
    // The checkout monitor rates only the last minute ([1m]): ~2,070 requests with ~7.7 % failing, whose counting
    // noise is sqrt((1 - p) / (p n)) = 7.6 % of the rate; 25 % is over three standard deviations.
    agree(alertRate, dash.rate, "checkout error rate: alert ([1m]) vs dashboard ([5m])", 0.25, 0.0005);
    // And they are the story's: ~2,067 req/min in us-east-1, ~7 % failing; payment-gateway ~620 with ~310 errors.
    near(header.req, 2067, "checkout req/min in us-east-1");
    near(header.rate, 0.077, "checkout error rate in us-east-1");
    near(gatewayBox.req, 620, "payment-gateway req/min in us-east-1");
    near(gatewayBox.err, 310, "payment-gateway errors/min in us-east-1");
    // Leave the scope as the walk finds it: nothing pinned.
    for (const f of SCOPE) await page.getByRole("button", { name: `Remove ${f}` }).click();
    await page.waitForURL((u) => u.searchParams.getAll("scope").length === 0);
    await ctx.close();
  }, 900_000);

  it("walks from the page to the rollback and the shared notebook", async ({ task }) => {
    // A retry walks again on the same Vigil, where the first attempt may already have made its notebook: the
    // retry's own notebook gets its own name, or every pick by name would find two.
    const retry = task.result?.retryCount ?? 0;
    const notebook = retry ? `${NOTEBOOK}, attempt ${retry + 1}` : NOTEBOOK;
    // 1. The alert fires for production/us-east-1 (the simulator's monitor, pager notified).
    await until(
      "the checkout alert to fire for production/us-east-1",
      async () => {
        const { alerts } = await api<{ alerts: { monitorSlug: string; signalLabels: Record<string, string> }[] }>(
          "/api/alerts?state=firing",
        );
        return alerts.find(
          (a) =>
            a.monitorSlug === "checkout-error-budget-burn" &&
            a.signalLabels.region === "us-east-1" &&
            a.signalLabels.environment === "production",
        );
      },
      { everyMs: 3000 },
    );
    const { ctx, page } = await newPage(browser, viewport);
    await signIn(page, vigil.url, vigil.token, "/");
    await page
      .getByRole("status", { name: "Live updates: live" })
      .waitFor()
      .catch(() => undefined);

    // 2. Home lists the triggered alert.
    const triggered = page.getByRole("list", { name: "Triggered alerts" });
    const alertLink = triggered
      .getByRole("listitem")
      .filter({ hasText: /checkout.error.budget.burn/i })
      .filter({ hasText: "us-east-1" })
      .getByRole("link")
      .first();
    await alertLink.waitFor(LONG);
    await step(page, "01-home");

    // 3. Alert details: chart with the threshold, signal, annotations naming the dashboard and the runbook. On the
    // desktop it is reached from Home; on the phone from the page itself, the PagerDuty event's link.
    if (name === "phone") {
      const pages = readFileSync(path.join(sim.stateDir, "pager.log"), "utf8")
        .trim()
        .split("\n")
        .map(
          (l) =>
            JSON.parse(l) as {
              kind: string;
              body: { event_action?: string; client_url?: string; payload?: { source?: string; summary?: string } };
            },
        );
      const trigger = pages.find(
        (r) =>
          r.kind === "pagerduty" &&
          r.body.event_action === "trigger" &&
          r.body.payload?.source === "checkout-error-budget-burn" &&
          /us-east-1/.test(r.body.payload?.summary ?? ""),
      );
      expect(trigger?.body.client_url).toMatch(new RegExp(`^${vigil.url}/alerts/`));
      await page.goto(trigger!.body.client_url!);
    } else await alertLink.click();
    await page.waitForURL(/\/alerts\/[^/]+$/);
    const alertUrl = page.url();
    await page.getByRole("img", { name: /Chart: .*value vs threshold/ }).waitFor();
    // The condition in words and units, from the monitor's definition (the sustain shrinks with the story's speed).
    expect(await page.getByLabel("Condition").textContent()).toMatch(/critical when the value is > 5 % for \d/);
    const signal = (await page.getByLabel("Signal").textContent()) ?? "";
    expect(signal).toContain("environment=production");
    expect(signal).toContain("region=us-east-1");
    const annotations = (await page.getByRole("region", { name: "Annotations" }).textContent()) ?? "";
    expect(annotations).toContain("Commerce Checkout Dashboard");
    expect(annotations).toContain("Checkout Error Rate Playbook");
    await step(page, "02-alert");
    // The alert itself is the notebook's first piece of evidence (this creates the notebook).
    await addToNotebook(
      page,
      notebook,
      page.getByRole("toolbar", { name: "Alert actions" }).getByRole("button", { name: "Add to notebook" }),
      true,
    );

    // 4. Service page: the map shows checkout-service -> payment-gateway with errors.
    await page.goto(`${vigil.url}/services/checkout-service`);
    const edgeRow = page
      .getByRole("table", { name: "Calls" })
      .getByRole("row", { name: /checkout-service → payment-gateway/ });
    await edgeRow.waitFor(LONG);
    expect(await edgeRow.textContent()).toMatch(/error/i);
    if (name === "desktop") {
      const edge = page.getByRole("button", { name: /Call checkout-service to payment-gateway/ });
      expect(await edge.getAttribute("aria-label")).toMatch(/error/i);
    }
    await step(page, "03-service");

    // 5. Pin the scope environment=production, region=us-east-1 from the scope bar.
    for (const f of SCOPE) {
      await page.getByLabel("Add scope filter (key=value)").fill(f);
      await page.getByRole("button", { name: "Pin" }).click();
      await page.getByRole("button", { name: `Remove ${f}` }).waitFor();
    }
    await step(page, "04-scope");

    // 6. DDx from the alert: it breaks down the numerator of the monitor's ratio (the 5xx counter) for the alert's
    // own signal and ranks the endpoint and the new version first.
    await page.goto(alertUrl);
    await page.getByRole("toolbar", { name: "Alert actions" }).getByRole("link", { name: "DDx" }).click();
    await page.waitForURL(/\/ddx\?.*alert=/);
    await page.getByRole("heading", { name: "DDx: what is different?" }).waitFor();
    expect(await page.getByLabel("Alert signal").textContent()).toContain("region=us-east-1");
    const fromAlert = page.getByRole("list", { name: "Ranked differences" });
    await fromAlert.or(page.getByText("Nothing stands out")).waitFor(LONG);
    expect(await page.getByLabel("What DDx broke down").textContent()).toContain("numerator of a ratio");
    const alertTop2 = (await fromAlert.getByRole("listitem").allTextContents()).slice(0, 2).join(" | ");
    expect(alertTop2).toContain("endpoint=/v2/process-payment");
    expect(alertTop2).toContain("deployment.version=v3.41.0");
    await step(page, "05a-ddx-alert");

    // The scenario's DDx on the raw 5xx counter, from the explorer, over the range from the moment the pods of the
    // deploy pass readiness (T0+2m, in the simulator's wall time) to now, against the period of the same length before.
    const raw = 'checkout_http_requests_total{status=~"5.."}';
    const st = (await (await fetch(`${control}/status`)).json()) as { events: { kind: string; wallAt: string }[] };
    const errorsFrom = Date.parse(st.events.find((e) => e.kind === "deploy")!.wallAt) + 120_000 / SPEED;
    await page.goto(
      `${vigil.url}/explorer?q=${encodeURIComponent(raw)}&from=${Math.round(errorsFrom)}&to=${Date.now()}`,
    );
    await page.getByRole("link", { name: "DDx" }).click();
    await page.waitForURL(/\/ddx\?/);
    const ranked = page.getByRole("list", { name: "Ranked differences" });
    await ranked.or(page.getByText("Nothing stands out")).waitFor(LONG);
    const top2 = (await ranked.getByRole("listitem").allTextContents()).slice(0, 2).join(" | ");
    expect(top2).toContain("endpoint=/v2/process-payment");
    expect(top2).toContain("deployment.version=v3.41.0");
    await step(page, "05-ddx");
    await addToNotebook(page, notebook, page.getByRole("button", { name: "Add to notebook" }));

    // 7. Metrics explorer split by status: 503 and 504.
    const q = 'sum(rate(checkout_http_requests_total{status=~"5.."}[5m]))';
    await page.goto(`${vigil.url}/explorer?q=${encodeURIComponent(q)}&from=now-30m`);
    await page.getByRole("img", { name: /Chart: \d+ series/ }).waitFor(LONG);
    await page.getByRole("combobox", { name: "Split by label" }).selectOption("status");
    await page.waitForURL((u) => (u.searchParams.get("q") ?? "").startsWith("sum by (status)"));
    await expect
      .poll(async () => (await page.locator(".chart-legend").textContent()) ?? "", LONG)
      .toContain("status=503");
    expect(await page.locator(".chart-legend").textContent()).toContain("status=504");
    await step(page, "06-explorer");
    await addToNotebook(page, notebook, page.getByRole("button", { name: "Add to notebook" }));

    // 8. The dashboard shows the deploy marker with its hover text.
    await page.goto(`${vigil.url}/dashboards`);
    await page
      .getByRole("list", { name: "Dashboards" })
      .getByRole("link", { name: "Commerce Checkout Dashboard" })
      .click();
    await page.getByRole("heading", { name: "Commerce Checkout Dashboard", level: 1 }).waitFor();
    const marker = page
      .getByRole("list", { name: "Events on this chart" })
      .first()
      .getByRole("listitem")
      .filter({ has: page.locator('[title^="Deploy: checkout-service v3.41.0"]') })
      .or(page.locator('[title^="Deploy: checkout-service v3.41.0"]'))
      .first();
    await marker.waitFor(LONG);
    await marker.hover();
    const hover =
      (await marker.getAttribute("title")) ?? (await marker.locator("[title]").first().getAttribute("title")) ?? "";
    expect(hover).toContain("Deploy: checkout-service v3.41.0");
    expect(hover).toContain("ArgoCD");
    await step(page, "07-dashboard");
    // A panel's snapshot goes into the notebook (the chart as it is now, kept when the data ages out).
    const panelMenu = page.locator('summary[aria-label^="Panel menu"]').first();
    await panelMenu.click();
    await addToNotebook(page, notebook, page.locator("details[open]").getByRole("button", { name: "Add to notebook" }));

    // 9. Trace explorer: leaf errors on payment-gateway ChargeCard for v3.41.0.
    await page.goto(
      `${vigil.url}/traces?service=checkout-service&status=error&tag=${encodeURIComponent("deployment.version=v3.41.0")}`,
    );
    await page
      .getByRole("table", { name: "Span statistics" })
      .getByRole("row", { name: /Leaf errors in payment-gateway grpc.PaymentProcessor\/ChargeCard/ })
      .waitFor(LONG);
    await step(page, "08-traces");

    // 9b. Trace DDx: on checkout-service the new version marks the error spans; on payment-gateway, where the leaf
    // errors are, the staging-only host does (present on every error span that names a peer, absent before).
    const traceExplorerUrl = page.url();
    await page.getByRole("link", { name: "Trace DDx" }).click();
    await page.waitForURL(/\/ddx\?.*kind=traces/);
    const attrs = page.getByRole("list", { name: "Ranked attributes" });
    const attrTop = async (n = 3) => (await attrs.getByRole("listitem").allTextContents()).slice(0, n).join(" | ");
    await attrs.waitFor(LONG);
    expect(await attrTop()).toContain("deployment.version=v3.41.0");
    await page.getByRole("search", { name: "Trace DDx subject" }).getByLabel("Service").fill("payment-gateway");
    await page.getByRole("button", { name: "Run" }).click();
    await page.waitForURL(/service=payment-gateway/);
    // The error message naming the host and the peer attribute itself rank together at the top.
    await expect.poll(() => attrTop(6), LONG).toContain("net.peer.name=payment-provider.internal");
    expect(await attrTop(3)).toContain("payment-provider.internal");
    expect(
      await attrs.getByRole("listitem").filter({ hasText: "net.peer.name=payment-provider.internal" }).textContent(),
    ).toMatch(/100% of those with net\.peer\.name/);
    await step(page, "08b-trace-ddx");
    await addToNotebook(page, notebook, page.getByRole("button", { name: "Add to notebook" }));
    await page.goto(traceExplorerUrl);

    // 10. A failing trace: the flame graph marks the error spans.
    await page.getByRole("table", { name: "Traces" }).getByRole("link").first().click();
    await page.waitForURL(/\/traces\/[0-9a-f]{32}/);
    const flame = page.getByRole("tree", { name: /Flame graph/ });
    await flame.waitFor();
    await expect.poll(() => flame.locator('[data-error="true"]').count()).toBeGreaterThan(0);
    await step(page, "09-flame");
    await addToNotebook(page, notebook, page.getByRole("button", { name: "Add to notebook" }));

    // 11. Logs: the DNS failure for payment-provider.internal.
    await page.goto(`${vigil.url}/logs?service=checkout-service&severity=error`);
    const dns = page
      .getByRole("listbox", { name: /Log lines/ })
      .getByRole("option", { name: /payment-provider\.internal/ })
      .first();
    await dns.waitFor(LONG);
    await dns.click();
    const details = page.getByRole("complementary", { name: "Log line details" });
    await step(page, "10-logs");
    await addToNotebook(page, notebook, details.getByRole("button", { name: "Add line to notebook" }));

    // 12. The notebook holds the evidence; a markdown note closes it.
    await page.goto(`${vigil.url}/notebooks`);
    await page.getByRole("list", { name: "Notebooks" }).getByRole("link", { name: notebook }).click();
    await page.getByRole("heading", { name: notebook }).waitFor();
    await page
      .getByLabel("Add a Markdown note")
      .fill("**Root cause**: v3.41.0 calls payment-provider.internal, a staging-only host.");
    await page.getByRole("button", { name: "Add note" }).click();
    const cells = page.getByRole("list", { name: "Cells" });
    await cells.getByText("Root cause").waitFor();
    const kinds = (
      await cells.getByRole("listitem").evaluateAll((els) => els.map((e) => e.getAttribute("aria-label") ?? ""))
    ).filter((l) => l.endsWith(" cell"));
    expect(kinds.length).toBeGreaterThanOrEqual(6);
    expect(new Set(kinds).size).toBeGreaterThanOrEqual(6); // alert, ddx, chart, panel snapshot, trace, log line, markdown
    expect(await cells.textContent()).toContain("net.peer.name=payment-provider.internal");
    expect(await cells.textContent()).toContain("endpoint=/v2/process-payment");
    expect(await cells.textContent()).toContain("payment-provider.internal");
    await page.getByRole("button", { name: "Share link" }).click();
    const shareLink = await page.getByLabel("Share link").inputValue();
    expect(shareLink).toMatch(/\/share\/notebooks\/[A-Za-z0-9_-]{20,}$/);
    await step(page, "11-notebook");

    // 12b. payment-gateway's figures are the story's (production, both regions), from its own metrics: ~1,240
    // req/min, ~312 errors/min and a p99 of ~4,200 ms since the errors began; ~8 errors/min and ~180 ms before the
    // deploy. Each within 15 %. Windows end 30 s back, where every exporter has delivered.
    const deployAt = errorsFrom - (2 * 60_000) / SPEED;
    const end = await until(
      // Long enough that the errors' counting noise (each failed payment is two gateway errors: ~5 % over 160 s,
      // ~8 % over 70 s) stays well inside the 15 %.
      "180 s of delivered incident data",
      async () => (Date.now() - 30_000 - errorsFrom >= 180_000 ? Date.now() - 30_000 : null),
      { everyMs: 5000 },
    );
    const figures = (from: number, to: number) =>
      serviceFigures(
        page,
        `${vigil.url}/services/payment-gateway?from=${Math.round(from)}&to=${Math.round(to)}&scope=environment%3Dproduction`,
      );
    const duringFrom = Math.max(errorsFrom + 20_000, end - 5 * 60_000);
    const during = await figures(duringFrom, end);
    console.log(`[figures] payment-gateway over ${Math.round((end - duringFrom) / 1000)} s of the incident`, during);
    near(during.req, 1240, "requests/min during the incident");
    near(during.err, 312, "errors/min during the incident");
    near(during.p99Ms, 4200, "p99 ms during the incident");
    await step(page, "12b-payment-gateway");
    // The baseline over most of the hour's backfill: ~8 errors/min is some 440 errors, not a few dozen.
    const before = await figures(deployAt - 55 * 60_000, deployAt - 30_000);
    console.log("[figures] payment-gateway before the deploy", before);
    near(before.req, 1240, "requests/min before the deploy");
    near(before.err, 8, "errors/min before the deploy");
    near(before.p99Ms, 180, "p99 ms before the deploy");

    // 13. Mute with a preview: the checkout alert, not payment-gateway's.
    await page.goto(alertUrl);
    await page.getByRole("button", { name: "Mute" }).click();
    const dialog = page.getByRole("dialog", { name: "Mute alerts" });
    const preview = dialog.getByRole("region", { name: "Mute preview" });
    await preview.getByText("region=us-east-1").first().waitFor();
    const previewText = (await preview.textContent()) ?? "";
    expect(previewText).toMatch(/checkout.error.budget.burn/i);
    expect(previewText).not.toMatch(/payment.gateway/i);
    await step(page, "12-mute");
    await dialog.getByLabel("Comment").fill("Rolling back checkout-service");
    await dialog.getByRole("button", { name: "Save muting rule" }).click();
    await dialog.waitFor({ state: "detached" });
    // The alert page says who muted it and why.
    await page.getByRole("region", { name: "Muted" }).getByText("Rolling back checkout-service").waitFor();

    // 14. A comment on the monitor for the Payments team: it reaches the team's Slack channel (the demo's stand-in).
    const thread = page.getByRole("region", { name: "Comments on the monitor" });
    await thread.getByLabel("Comment on the monitor").fill("@Payments v3.41.0 calls a staging-only host");
    await thread.getByRole("button", { name: "Comment on the monitor" }).click();
    await thread.getByText("v3.41.0 calls a staging-only host").waitFor();
    expect(await thread.getByRole("status").textContent()).toContain("#payments-incidents (demo Slack) (slack): sent");
    const { received } = (await (await fetch(`${sim.pager}/received`)).json()) as {
      received: { kind: string; body: { text?: string } }[];
    };
    expect(
      received.some(
        (r) =>
          r.kind === "slack" && /mentioned @payments on monitor Checkout error budget burn$/.test(r.body.text ?? ""),
      ),
    ).toBe(true);
    await step(page, "13-comment");

    // 15. Rollback through the simulator's scenario control (it also posts the rollback change event).
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 7));
    const rb = (await (await fetch(`${control}/rollback`, { method: "POST" })).json()) as { ok: boolean };
    expect(rb.ok).toBe(true);

    // 16. The open page sees the alert resolve, without a reload.
    await page.getByLabel("Alert state").getByText("resolved").waitFor(LONG);
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(7);
    await step(page, "14-resolved");

    // 17. Resolution note.
    await page.getByLabel("What fixed it?").fill("Rolled back to v3.40.2");
    await page.getByRole("button", { name: "Save resolution note" }).click();
    await page.getByRole("region", { name: "Resolution note" }).getByText("Rolled back to v3.40.2").waitFor();
    const { events } = await api<{ events: { title: string }[] }>("/api/change-events?category=deploys");
    expect(events.map((e) => e.title)).toContain("Rollback: checkout-service v3.40.2");
    expect(await hasHorizontalScroll(page)).toBe(false);
    await step(page, "15-note");

    // 18. The share link, opened directly in a fresh context without a token, shows the notebook read-only.
    const stranger = await newPage(browser, viewport);
    await stranger.page.goto(shareLink.replace(/^https?:\/\/[^/]+/, vigil.url));
    await stranger.page.getByRole("heading", { name: notebook }).waitFor();
    await stranger.page.getByText("Read-only shared notebook").waitFor();
    await stranger.page.getByText("Root cause").first().waitFor();
    expect(await stranger.page.getByRole("button").count()).toBe(0);
    expect(await stranger.page.evaluate(() => localStorage.getItem("vigil.token"))).toBeNull();
    await step(stranger.page, "16-shared");
    await stranger.ctx.close();

    // 19. The muting rule is expired early and the dashboard becomes a favourite, shown on Home.
    await page.goto(`${vigil.url}/muting`);
    const rule = page
      .getByRole("list", { name: "Muting rules" })
      .getByRole("listitem")
      .filter({ hasText: "Rolling back checkout-service" });
    expect(await rule.getByRole("link").first().textContent()).toBe("Checkout error budget burn"); // the monitor, by name
    await rule.getByRole("button", { name: /Expire now/ }).click();
    await page.getByRole("tab", { name: /expired/i }).click();
    await page
      .getByRole("list", { name: "Muting rules" })
      .getByRole("listitem")
      .filter({ hasText: "Rolling back checkout-service" })
      .waitFor();
    await step(page, "17-mute-expired");
    await page.goto(`${vigil.url}/dashboards`);
    await page
      .getByRole("list", { name: "Dashboards" })
      .getByRole("link", { name: "Commerce Checkout Dashboard" })
      .click();
    await page.getByRole("button", { name: "Add to favorites" }).click();
    await page.getByRole("button", { name: "Remove from favorites" }).waitFor();
    await page.goto(`${vigil.url}/`);
    await page
      .getByRole("region", { name: /Favou?rites/ })
      .getByRole("link", { name: "Commerce Checkout Dashboard" })
      .waitFor();
    await step(page, "18-favourite");
    await ctx.close();
  }, 900_000);
});

const DEPLOY = "Deploy: checkout-service v3.41.0";

/** "rgb(139, 124, 246)" as numbers. */
function rgbOf(css: string): Rgb {
  const [r, g, b] = (css.match(/\d+(\.\d+)?/g) ?? []).map(Number);
  return { r, g, b };
}

/** The number in a figure as the page prints it ("2,067", "7.7%", "620 req/min"); NaN when there is none. */
const number = (s: string | null | undefined) => (s ? Number(s.replace(/[^\d.]/g, "")) : Number.NaN);

/** "Add to notebook" dialog: the first call names the new notebook, later ones pick it. */
async function addToNotebook(
  page: Page,
  notebook: string,
  button: ReturnType<Page["getByRole"]>,
  create = false,
): Promise<void> {
  await button.click();
  const dialog = page.getByRole("dialog", { name: "Add to notebook" });
  if (create) await dialog.getByLabel("New notebook title").fill(notebook);
  else {
    const select = dialog.getByRole("combobox", { name: "Notebook" });
    await select.locator("option", { hasText: notebook }).waitFor({ state: "attached" });
    await select.selectOption({ label: notebook });
  }
  await dialog.getByRole("button", { name: "Add", exact: true }).click();
  await dialog.getByRole("status").getByRole("link", { name: notebook }).waitFor();
  await dialog.getByRole("button", { name: "Close" }).click();
  await dialog.waitFor({ state: "detached" });
}
