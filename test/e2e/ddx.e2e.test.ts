// The DDx page on the checkout incident with the UI's default range (the last hour): the endpoint first, the new
// version second, the pods low, each with its divergence, the comparison that found it and a one-line reason, and
// a legend; at desktop and phone size.
import type { Browser } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { EncodeSeries } from "../../core/remote-write/encode";
import { repoRoot, startVigil, type RunningVigil } from "../compat/harness";
import { checkoutRequestSeries } from "../fixtures/ddx/checkout";
import { checkoutSpans } from "../fixtures/ddx/spans";
import { cumulative, sampleCounts } from "../fixtures/ddx/synthetic";
import { otlpTraces } from "../integration/lib/otlp-json";
import { DESKTOP, hasHorizontalScroll, launchBrowser, newPage, PHONE, shot, shotIfFailed, signIn } from "./browser";
import { postJson, remoteWrite } from "./data";

const MIN = 60_000;
let vigil: RunningVigil;
let browser: Browser;
// The deploy twenty minutes ago: the page opens on the last hour, as a person would open it.
const t0 = Math.floor(Date.now() / MIN) * MIN - 20 * MIN;
const PATH = `/ddx?${new URLSearchParams([
  ["q", 'checkout_http_requests_total{status=~"5.."}'],
  ["scope", "environment=production"],
  ["scope", "region=us-east-1"],
]).toString()}`;

beforeAll(async () => {
  vigil = await startVigil({ port: 18660 });
  const series = checkoutRequestSeries(t0);
  const sampled = sampleCounts(series, t0 - 130 * MIN, Date.now(), 30_000, 7);
  const encoded: EncodeSeries[] = series
    .map((s, i) => {
      const total = cumulative(sampled.counts[i]);
      return {
        labels: s.labels,
        samples: sampled.timestamps.flatMap((t, j) => (Number.isFinite(total[j]) ? [{ t, v: total[j] }] : [])),
      };
    })
    .filter((s) => s.samples.length);
  for (let i = 0; i < encoded.length; i += 40) await remoteWrite(vigil, encoded.slice(i, i + 40));
  await postJson(vigil, "/api/change-events", {
    title: "Deploy: checkout-service v3.41.0",
    source: "ArgoCD",
    category: "deploys",
    happenedAt: t0,
    labels: { service: "checkout-service", region: "us-east-1", author: "deploy-bot" },
  });
  browser = await launchBrowser();
});
afterEach((ctx) => shotIfFailed(ctx.task));
afterAll(async () => {
  await browser?.close();
  await vigil?.stop();
});

describe("the DDx page", () => {
  for (const [name, viewport] of [
    ["desktop", DESKTOP],
    ["phone", PHONE],
  ] as const) {
    it(`shows divergence, comparison, reason and a legend, the story's order (${name})`, async () => {
      const { ctx, page } = await newPage(browser, viewport);
      await signIn(page, vigil.url, vigil.token, PATH);
      const ranked = page.getByRole("list", { name: "Ranked differences" });
      await ranked.waitFor();
      const rows = ranked.getByRole("listitem");
      const first = (await rows.nth(0).textContent()) ?? "";
      const second = (await rows.nth(1).textContent()) ?? "";
      expect(first).toContain("endpoint=/v2/process-payment");
      expect(first).toMatch(/Divergence \d+%/);
      expect(first).toContain("vs the baseline and the rest now");
      expect(first).toMatch(/\d+% of errors on \d+% of traffic; error rate/);
      expect(second).toContain("deployment.version=v3.41.0");
      expect(second).toContain("vs the baseline");
      expect(second).toContain("Correlated change: Deploy: checkout-service v3.41.0");
      // The page prints "<1%" for a figure between 0 and 1.
      const pct = (s: string) => {
        const m = /Divergence (<1|\d+)%/.exec(s)![1];
        return m === "<1" ? 0.5 : Number(m);
      };
      expect(pct(first)).toBeGreaterThan(pct(second));
      const pod = rows.filter({ hasText: "pod=checkout-service-7f8b9c" }).first();
      expect(await pod.textContent()).toMatch(/moved alike.*moved like every other pod/);
      expect(pct((await pod.textContent()) ?? "")).toBeLessThan(pct(second) / 4);
      const legend = page.getByRole("group", { name: "How to read DDx" });
      expect(await legend.textContent()).toContain("divergence 0–100 %");
      // Open on a wide screen; on a phone the summary stays and opens on a tap.
      if (name === "phone") await legend.locator("summary").click();
      expect(await legend.textContent()).toContain("moved alike");
      expect(await page.getByLabel("What DDx broke down").textContent()).toContain("as an error rate over");
      if (name === "phone") expect(await hasHorizontalScroll(page)).toBe(false);
      await shot(page, `ddx-story-${name}`);
      await ranked.screenshot({ path: `${repoRoot}/test/e2e/out/ddx-story-${name}-ranked.png` });
      await ctx.close();
    });
  }
});

// Investigation at fire time (issue 14 §5) as people see it: a monitor on the same incident fires; once the monitor's
// object stored its investigation, the wall tile and the alert page (on a phone) show the likely cause it named.
// Which value it names is asserted in test/integration/ddx.investigation.test.ts; here, that every view shows it.
describe("the likely cause of a firing alert", () => {
  it("shows on the wall tile and on the alert page on a phone", async () => {
    const mon = (await postJson(vigil, "/api/monitors", {
      name: "Checkout 5xx ratio (DDx e2e)",
      query:
        'sum by (environment, region) (rate(checkout_http_requests_total{status=~"5.."}[2m])) / sum by (environment, region) (rate(checkout_http_requests_total[2m]))',
      intervalSeconds: 15,
      conditions: [{ severity: "critical", operator: ">", threshold: 0.03, sustain: 0 }],
      signals: { mode: "labels", keys: ["environment", "region"] },
    })) as { id: string };
    const get = (p: string) =>
      fetch(`${vigil.url}${p}`, { headers: { authorization: `Bearer ${vigil.token}` } }).then((r) => r.json());
    let text = "";
    let alertId = "";
    await expect
      .poll(
        async () => {
          const { alerts } = (await get(`/api/alerts?monitorId=${mon.id}&state=firing`)) as {
            alerts: { id: string }[];
          };
          alertId = alerts[0]?.id ?? "";
          if (!alertId) return "";
          const { investigation } = (await get(`/api/alerts/${encodeURIComponent(alertId)}/investigation`)) as {
            investigation: { likelyCause?: { text: string } } | null;
          };
          return (text = investigation?.likelyCause?.text ?? "");
        },
        { timeout: 180_000, interval: 2_000 },
      )
      .toMatch(/^[\w.]+=\S+/);
    const wall = await newPage(browser, DESKTOP);
    await signIn(wall.page, vigil.url, vigil.token, "/wall");
    const tile = wall.page.getByRole("listitem").filter({ hasText: "Checkout 5xx ratio (DDx e2e)" });
    await tile.getByLabel("Likely cause").waitFor();
    expect(await tile.getByLabel("Likely cause").textContent()).toBe(`Likely cause: ${text}`);
    await shot(wall.page, "ddx-likely-cause-wall");
    await wall.ctx.close();
    const phone = await newPage(browser, PHONE);
    await signIn(phone.page, vigil.url, vigil.token, `/alerts/${encodeURIComponent(alertId)}`);
    const panel = phone.page.getByRole("region", { name: "Investigation" });
    await panel.getByRole("link", { name: text }).waitFor();
    expect(await hasHorizontalScroll(phone.page)).toBe(false);
    await shot(phone.page, "ddx-likely-cause-phone");
    await phone.ctx.close();
  });
});

// Trace DDx as people read it (issue 14 §3-4): the checkout incident's spans over the last two hours, the page on its
// default range. The new version ranks at the top with its divergence, the comparison that ranked it and a reason
// line; symptoms (status codes) are kept but marked; a legend explains the figure; on a phone nothing scrolls sideways.
describe("the trace DDx page", () => {
  beforeAll(async () => {
    const now = Date.now();
    const spans = [...checkoutSpans(now - 125 * MIN, now, 0.05, 5, t0)];
    for (let i = 0; i < spans.length; i += 5_000)
      await postJson(vigil, "/v1/traces", otlpTraces(spans.slice(i, i + 5_000), 10_000 + i));
  });

  for (const [name, viewport] of [
    ["desktop", DESKTOP],
    ["phone", PHONE],
  ] as const) {
    it(`shows divergence, comparison, kind and reason under a legend (${name})`, async () => {
      const { ctx, page } = await newPage(browser, viewport);
      await signIn(page, vigil.url, vigil.token, "/ddx?kind=traces&service=checkout-service");
      const attrs = page.getByRole("list", { name: "Ranked attributes" });
      await attrs.waitFor();
      const rows = attrs.getByRole("listitem");
      const texts = await rows.allTextContents();
      const version = texts.findIndex((t) => t.includes("deployment.version=v3.41.0"));
      expect(version, texts.slice(0, 5).join("\n")).toBeGreaterThanOrEqual(0);
      expect(version).toBeLessThan(3);
      expect(texts[version]).toMatch(/Divergence \d+%/);
      expect(texts[version]).toMatch(/vs before \(what changed\)|vs the rest now/);
      expect(texts[version]).toMatch(/error rate|of error spans|of errors/);
      // A status code is true of failing spans by definition: kept, marked a symptom, below the version.
      const symptom = texts.findIndex((t) => /http\.(response\.)?status_code=50[34]/.test(t));
      if (symptom >= 0) {
        expect(texts[symptom]).toContain("symptom");
        expect(symptom).toBeGreaterThan(version);
      }
      const legend = page.getByRole("group", { name: "How to read trace DDx" });
      expect(await legend.textContent()).toContain("divergence 0–100 %");
      if (name === "phone") {
        await legend.locator("summary").click();
        expect(await hasHorizontalScroll(page)).toBe(false);
      }
      expect(await legend.textContent()).toContain("vs the rest now");
      await shot(page, `trace-ddx-${name}`);
      await ctx.close();
    });
  }
});
