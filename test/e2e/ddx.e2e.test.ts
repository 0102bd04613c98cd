// The DDx page on the checkout incident with the UI's default range (the last hour): the endpoint first, the new
// version second, the pods low, each with its divergence, the comparison that found it and a one-line reason, and
// a legend; at desktop and phone size.
import type { Browser } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { EncodeSeries } from "../../core/remote-write/encode";
import { repoRoot, startVigil, type RunningVigil } from "../compat/harness";
import { checkoutRequestSeries } from "../fixtures/ddx/checkout";
import { cumulative, sampleCounts } from "../fixtures/ddx/synthetic";
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
