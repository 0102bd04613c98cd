// The explorer draws native histograms as a heatmap: histograms written through remote_write, a histogram query
// opened in real Chromium, and the canvas read back under the pointer while the tooltip names each bucket.
import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { WireHistogram } from "../../core/histogram/convert";
import { encodeHistogram } from "../../core/remote-write/encode-histogram";
import { colorAt, scaleOf } from "../../web/src/charts/heatmap";
import { startVigil, type RunningVigil } from "../compat/harness";
import { DESKTOP, hasHorizontalScroll, launchBrowser, newPage, PHONE, shot, shotIfFailed, signIn } from "./browser";
import { distance, hex, type Rgb } from "./chart-pixels";
import { checkoutSeries, postJson, remoteWrite } from "./data";

let vigil: RunningVigil;
let browser: Browser;
const METRIC = "http_request_duration_seconds";
const HIST_Q = `rate(${METRIC}[5m])`;
const FLOAT_Q = "sum(rate(checkout_http_requests_total[5m]))";

/** Schema 0 (bucket i is (2^(i-1), 2^i]) with a 1 ms zero bucket: per 15 s step, pod p0 observes 1 in the zero
 * bucket, 2 in (125 ms, 250 ms], 5 in (250 ms, 500 ms], none in (500 ms, 1 s] and 1 in (1 s, 2 s]; p1 half as
 * much in the slow bucket. An integer (delta-encoded) histogram, as Prometheus' own senders write it. */
function histogramAt(i: number, pod: number): WireHistogram {
  const counts = [2 * i, 5 * i, 0, (pod === 0 ? 2 : 1) * i];
  const deltas = counts.map((c, k) => c - (k ? counts[k - 1] : 0));
  return {
    count: i + counts.reduce((a, b) => a + b, 0),
    sum: 0.3 * i * 8,
    schema: 0,
    zeroThreshold: 0.001,
    zeroCount: i,
    negativeSpans: [],
    positiveSpans: [{ offset: -2, length: 4 }],
    positiveDeltas: deltas,
    resetHint: 0,
  };
}

/** Per-second rates of p0 under `rate(...[5m])`, by the bucket as the tooltip names it. */
const P0_RATES: Record<string, number> = {
  "[-1 ms, 1 ms]": 1 / 15,
  "(125 ms, 250 ms]": 2 / 15,
  "(250 ms, 500 ms]": 5 / 15,
  "(1 s, 2 s]": 2 / 15,
};

beforeAll(async () => {
  vigil = await startVigil({ port: 18671 });
  const now = Date.now();
  await remoteWrite(vigil, checkoutSeries(now));
  const start = now - 60 * 60_000;
  const times = Array.from({ length: 241 }, (_, i) => start + i * 15_000);
  await remoteWrite(
    vigil,
    [0, 1].map((pod) => ({
      labels: { __name__: METRIC, job: "api", pod: `p${pod}` },
      samples: [],
      histograms: times.map((t, i) => encodeHistogram(histogramAt(i, pod), t)),
    })),
  );
  browser = await launchBrowser();
});
afterEach((ctx) => shotIfFailed(ctx.task));
afterAll(async () => {
  await browser?.close();
  await vigil?.stop();
});

interface Probe {
  y: number;
  bucket: string | null;
  value: number | null;
  /** The pixels of a short row around the pointer (a column gap may sit right under it). */
  pixels: Rgb[];
}

/** Walk the pointer down one column of the plot, 3 px at a time, reading the tooltip and the canvas there. */
async function probeColumn(page: Page, figure: Locator, xShare: number): Promise<Probe[]> {
  const over = figure.locator(".u-over");
  // In the middle of the screen: the phone's bottom bar would cover the plot's last rows.
  await over.evaluate((el) => el.scrollIntoView({ block: "center" }));
  const canvas = figure.locator("canvas");
  const [o, c] = await Promise.all([over.boundingBox(), canvas.boundingBox()]);
  if (!o || !c) throw new Error("heatmap not laid out");
  const x = Math.round(o.x + o.width * xShare);
  const tip = figure.getByRole("tooltip");
  const out: Probe[] = [];
  for (let y = Math.ceil(o.y) + 1; y < o.y + o.height - 1; y += 3) {
    await page.mouse.move(x, y);
    const shown = await tip.count();
    const bucket = shown ? await tip.locator("strong").textContent() : null;
    const value = shown ? Number(await tip.locator(".heatmap-value").textContent()) : null;
    const pixels = await canvas.evaluate(
      (el, p) => {
        const d = (el as HTMLCanvasElement).getContext("2d")!.getImageData(p.x - 3, p.y, 7, 1).data;
        return Array.from({ length: 7 }, (_, i) => ({ r: d[i * 4], g: d[i * 4 + 1], b: d[i * 4 + 2] }));
      },
      { x: Math.round(x - c.x), y: Math.round(y - c.y) },
    );
    out.push({ y, bucket, value, pixels });
  }
  return out;
}

/** The heatmap inside `within` (the page, a dashboard panel, a notebook cell) paints p0's buckets in their colours. */
async function expectHeatmap(page: Page, within: Page | Locator = page) {
  const figure = within.locator("figure", { has: page.getByRole("img", { name: /Heatmap:/ }) });
  await figure.waitFor();
  // The colour legend: what the colour counts and the peak, p0's 5 per 15 s in (250 ms, 500 ms].
  const legend = figure.getByRole("group", { name: "Colour scale" });
  await legend.waitFor();
  expect(await legend.textContent()).toContain("per-second rate per bucket");
  expect(await legend.textContent()).toContain("0.333");

  const probes = await probeColumn(page, figure, 0.8);
  const seen = new Map<string, Probe[]>();
  for (const p of probes) if (p.bucket) seen.set(p.bucket, [...(seen.get(p.bucket) ?? []), p]);
  // Every populated bucket has a row, the empty (500 ms, 1 s] none, higher bounds higher up.
  expect([...seen.keys()]).toEqual(["(1 s, 2 s]", "(250 ms, 500 ms]", "(125 ms, 250 ms]", "[-1 ms, 1 ms]"]);
  const max = 5 / 15;
  for (const [bucket, rows] of seen) {
    const want = hex(rgbHex(colorAt(scaleOf(P0_RATES[bucket], max))));
    for (const r of rows) expect(r.value, bucket).toBeCloseTo(P0_RATES[bucket], 2);
    // The cell is painted in the colour the scale gives its value (the best of a 7 px row: gaps are 1 px).
    const painted = rows.filter((r) => Math.min(...r.pixels.map((px) => distance(px, want))) < 12).length;
    expect(painted / rows.length, `${bucket} painted ${painted}/${rows.length}`).toBeGreaterThan(0.6);
  }
  // Between (250 ms, 500 ms] and (1 s, 2 s]: no tooltip and none of the cells' colours.
  const top = seen.get("(1 s, 2 s]")!;
  const below = seen.get("(250 ms, 500 ms]")!;
  const gap = probes.filter((p) => p.y > top[top.length - 1].y + 3 && p.y < below[0].y - 3);
  expect(gap.length).toBeGreaterThan(0);
  const colours = Object.values(P0_RATES).map((v) => hex(rgbHex(colorAt(scaleOf(v, max)))));
  for (const p of gap) {
    expect(p.bucket).toBeNull();
    for (const px of p.pixels) expect(Math.min(...colours.map((c) => distance(px, c)))).toBeGreaterThan(30);
  }
  return figure;
}

const rgbHex = (rgb: string) =>
  `#${rgb
    .match(/\d+/g)!
    .map((n) => Number(n).toString(16).padStart(2, "0"))
    .join("")}`;

/** Pixels of the first series' colour on a line chart's canvas. */
async function linePixels(page: Page, within: Page | Locator = page): Promise<number> {
  const canvas = within.locator("figure", { has: page.getByRole("img", { name: /^Chart:/ }) }).locator("canvas");
  return canvas.evaluate((el) => {
    const cv = el as HTMLCanvasElement;
    const d = cv.getContext("2d")!.getImageData(0, 0, cv.width, cv.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4)
      if (d[i + 3] > 200 && Math.hypot(d[i] - 0x4c, d[i + 1] - 0x9a, d[i + 2] - 0xff) < 40) n++;
    return n;
  });
}

describe("native histogram heatmap in the explorer", () => {
  for (const [name, viewport, colorScheme] of [
    ["desktop", DESKTOP, "dark"],
    ["phone", PHONE, "light"],
  ] as const) {
    it(`draws the buckets, names them on hover, picks a series, and keeps floats as lines (${name}, ${colorScheme})`, async () => {
      const { ctx, page } = await newPage(browser, viewport, { colorScheme });
      await signIn(page, vigil.url, vigil.token, `/explorer?q=${encodeURIComponent(HIST_Q)}`);
      const figure = await expectHeatmap(page);
      expect(await page.getByRole("img", { name: /^Chart:/ }).count()).toBe(0);
      expect(await hasHorizontalScroll(page)).toBe(false);
      await page.mouse.move(0, 0);
      await shot(page, `heatmap-${name}`);

      // Two series: the picker switches to p1, whose slow bucket is half as busy.
      const pick = page.getByRole("combobox", { name: "Histogram series" });
      expect(await pick.locator("option").allTextContents()).toEqual(["pod=p0", "pod=p1"]);
      await pick.selectOption({ label: "pod=p1" });
      await page.getByRole("img", { name: /Heatmap: Native histogram 2 of 2: pod=p1/ }).waitFor();
      await figure.locator(".u-over").evaluate((el) => el.scrollIntoView({ block: "center" }));
      const o = await figure.locator(".u-over").boundingBox();
      let slow: string | null = null;
      for (let y = o!.y + 2; y < o!.y + o!.height && !slow; y += 3) {
        await page.mouse.move(o!.x + o!.width * 0.8, y);
        const t = figure.getByRole("tooltip");
        if ((await t.count()) && (await t.locator("strong").textContent()) === "(1 s, 2 s]")
          slow = await t.textContent();
      }
      expect(slow).toContain("0.0667");

      // Table view lists the histograms by their last count.
      await page.getByRole("tab", { name: "Table" }).click();
      expect(await page.getByRole("table", { name: "Query result" }).textContent()).toContain("histogram: count");
      await page.getByRole("tab", { name: "Graph" }).click();

      // A float query still draws lines, histogram_quantile over the histograms too; no heatmap for them.
      for (const q of [FLOAT_Q, `histogram_quantile(0.9, ${HIST_Q})`]) {
        await page.goto(`${vigil.url}/explorer?q=${encodeURIComponent(q)}`);
        await page.getByRole("img", { name: /^Chart:/ }).waitFor();
        expect(await page.getByRole("img", { name: /Heatmap:/ }).count()).toBe(0);
        expect(await linePixels(page), q).toBeGreaterThan(50);
      }

      // A mixed answer shows both, the heatmap first.
      await page.goto(`${vigil.url}/explorer?q=${encodeURIComponent(`${HIST_Q} or ${FLOAT_Q}`)}`);
      await page.getByRole("img", { name: /^Chart: 1 series/ }).waitFor();
      await expectHeatmap(page);
      expect(await linePixels(page)).toBeGreaterThan(50);
      expect(await hasHorizontalScroll(page)).toBe(false);
      await page.mouse.move(0, 0);
      await shot(page, `heatmap-mixed-${name}`);
      await ctx.close();
    });
  }
});

describe("native histogram heatmap in dashboards and notebooks", () => {
  for (const [name, viewport, colorScheme] of [
    ["desktop", DESKTOP, "dark"],
    ["phone", PHONE, "light"],
  ] as const) {
    it(`a heatmap panel, a mixed time series panel and a notebook cell draw the buckets (${name}, ${colorScheme})`, async () => {
      const dash = (await postJson(vigil, "/api/dashboards", {
        model: {
          title: `Latency ${name}`,
          panels: [
            {
              id: "latency",
              type: "heatmap",
              title: "Request latency",
              queries: [{ expr: HIST_Q }],
              gridPos: { x: 0, y: 0, w: 24, h: 9 },
            },
            {
              id: "mixed",
              type: "timeseries",
              title: "Latency and checkout rate",
              queries: [{ expr: HIST_Q }, { expr: FLOAT_Q }],
              gridPos: { x: 0, y: 9, w: 24, h: 12 },
            },
            {
              id: "count",
              type: "stat",
              title: "Latency as a stat",
              queries: [{ expr: HIST_Q }],
              gridPos: { x: 0, y: 21, w: 8, h: 4 },
            },
          ],
        },
      })) as { id: string };
      const { ctx, page } = await newPage(browser, viewport, { colorScheme });
      await signIn(page, vigil.url, vigil.token, `/dashboards/${dash.id}`);

      const heat = page.getByRole("article", { name: "Request latency" });
      await expectHeatmap(page, heat);
      expect(await heat.getByRole("img", { name: /^Chart:/ }).count()).toBe(0);
      expect(
        await heat.getByRole("combobox", { name: "Histogram series" }).locator("option").allTextContents(),
      ).toEqual(["pod=p0", "pod=p1"]);
      // The mixed panel: the histograms as the heatmap, the float query as a line below it.
      const mixed = page.getByRole("article", { name: "Latency and checkout rate" });
      await expectHeatmap(page, mixed);
      await mixed.getByRole("img", { name: /^Chart:/ }).waitFor();
      expect(await linePixels(page, mixed)).toBeGreaterThan(50);
      // A stat panel cannot show a histogram: it says what would.
      expect(await page.getByRole("article", { name: "Latency as a stat" }).textContent()).toContain(
        "This query answers native histograms",
      );
      expect(await hasHorizontalScroll(page)).toBe(false);
      await page.mouse.move(0, 0);
      await page.evaluate(() => window.scrollTo(0, 0));
      await shot(page, `heatmap-dashboard-${name}`);

      if (name === "desktop") {
        // The panel editor offers the heatmap type; the saved panel draws at once.
        await page.getByRole("button", { name: "Edit" }).click();
        await page.getByRole("button", { name: "Add panel" }).click();
        const id = (await page
          .locator("legend", { hasText: /^Edit panel-/ })
          .last()
          .textContent())!.replace("Edit ", "");
        await page.getByLabel(`Type of ${id}`).selectOption({ label: "Heatmap" });
        await page.getByLabel(`Title of ${id}`).fill("Latency from the editor");
        await page.getByLabel(`Query of ${id}`).fill(HIST_Q);
        await page.getByRole("button", { name: "Save" }).click();
        await page.getByText("Version 2").waitFor();
        await expectHeatmap(page, page.getByRole("article", { name: "Latency from the editor" }));
        const res = await fetch(`${vigil.url}/api/dashboards/${dash.id}`, {
          headers: { authorization: `Bearer ${vigil.token}` },
        });
        const saved = (await res.json()) as { model: { panels: { id: string; type: string; datasource: string }[] } };
        expect(saved.model.panels.find((p) => p.id === id)).toMatchObject({ type: "heatmap", datasource: "metrics" });

        // A new time range from the picker (no reload) runs the heatmap panel's query again over the new window, and
        // it draws the same buckets.
        const windows: number[] = [];
        page.on("request", (r) => {
          if (!r.url().endsWith("/api/v1/query_range")) return;
          const body = new URLSearchParams(r.postData() ?? "");
          if (body.get("query") === HIST_Q) windows.push(Number(body.get("end")) - Number(body.get("start")));
        });
        await page.locator(".time-picker button[aria-haspopup=dialog]").click();
        await page
          .getByRole("dialog", { name: "Choose time range" })
          .getByRole("button", { name: "Last 15 minutes" })
          .click();
        await page.waitForURL((u) => u.searchParams.get("from") === "now-15m");
        await expect.poll(() => windows.some((w) => Math.abs(w - 900) < 1), { timeout: 30_000 }).toBe(true);
        await expectHeatmap(page, heat);
        expect(
          windows.some((w) => Math.abs(w - 900) < 1),
          JSON.stringify(windows),
        ).toBe(true);
      }

      // The explorer offers "Add to notebook" for a histogram answer; the cell draws the same heatmap.
      await page.goto(`${vigil.url}/explorer?q=${encodeURIComponent(HIST_Q)}`);
      await page.getByRole("img", { name: /Heatmap:/ }).waitFor();
      await page.getByRole("button", { name: "Add to notebook" }).click();
      const dialog = page.getByRole("dialog", { name: "Add to notebook" });
      await dialog.getByLabel("New notebook title").fill(`Latency notes ${name}`);
      await dialog.getByRole("button", { name: "Add", exact: true }).click();
      await dialog
        .getByRole("status")
        .getByRole("link", { name: `Latency notes ${name}` })
        .click();
      await page.waitForURL((u) => u.pathname.startsWith("/notebooks/"));
      const cell = page.getByRole("list", { name: "Cells" }).getByRole("listitem", { name: "snapshot_chart cell" });
      await expectHeatmap(page, cell);
      expect(await cell.getByRole("img", { name: /^Chart:/ }).count()).toBe(0);
      expect(await hasHorizontalScroll(page)).toBe(false);
      await page.mouse.move(0, 0);
      await shot(page, `heatmap-notebook-${name}`);
      await ctx.close();
    });
  }
});
