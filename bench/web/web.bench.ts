// Web app budget: the built bundle's gzip sizes (initial JS must stay under 150 KB) and the time to render a
// 100,000-point uPlot chart in Debian's Chromium, against a 1,000-point reference drawn in the same page.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { chromium } from "playwright-core";
import { expect, it } from "vitest";
import { repoRoot } from "../../test/compat/harness";
import { benchOut } from "../quick";

const gz = (file: string) => gzipSync(readFileSync(file), { level: 9 }).length;

it("bundle sizes and a 100k-point uPlot render", async () => {
  const out = mkdtempSync(path.join(tmpdir(), "vigil-web-bench-"));
  try {
    const b = spawnSync(
      path.join(repoRoot, "node_modules/.bin/vite"),
      ["build", "--config", "web/vite.config.ts", "--outDir", out, "--emptyOutDir", "--logLevel", "warn"],
      { cwd: repoRoot, encoding: "utf8" },
    );
    expect(b.status, b.stderr).toBe(0);
    const html = readFileSync(path.join(out, "index.html"), "utf8");
    // Initial JS: the entry script plus every chunk index.html preloads.
    const initialFiles = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]);
    const initialGz = initialFiles.reduce((s, f) => s + gz(path.join(out, f)), 0);
    const all = readdirSync(path.join(out, "assets")).filter((f) => f.endsWith(".js"));
    const chunks = all
      .map((f) => ({ f, gz: gz(path.join(out, "assets", f)), raw: statSync(path.join(out, "assets", f)).size }))
      .sort((a, b) => b.gz - a.gz);
    const totalGz = chunks.reduce((s, c) => s + c.gz, 0);

    const browser = await chromium.launch({
      executablePath: "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
    let timings: { n: number; ms: number }[] = [];
    try {
      const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
      await page.setContent(`<!doctype html><html><body><div id="c"></div></body></html>`);
      await page.addStyleTag({ path: path.join(repoRoot, "node_modules/uplot/dist/uPlot.min.css") });
      await page.addScriptTag({ path: path.join(repoRoot, "node_modules/uplot/dist/uPlot.iife.min.js") });
      // A string script: the page runs plain JS, and the root tsconfig (Workers types) has no DOM lib.
      timings = (await page.evaluate(`(async () => {
        const U = window.uPlot;
        const run = async (n) => {
          const xs = new Float64Array(n);
          const ys = new Float64Array(n);
          for (let i = 0; i < n; i++) {
            xs[i] = 1_700_000_000 + i;
            ys[i] = Math.sin(i / 500) * 10 + (i % 97) / 10;
          }
          const el = document.getElementById("c");
          const t0 = performance.now();
          const u = new U({ width: 1200, height: 400, series: [{}, { stroke: "red" }], scales: { x: { time: true } } }, [xs, ys], el);
          // uPlot draws in a microtask; wait for the frame that shows it, and read a pixel so the canvas is flushed.
          await new Promise((r) => requestAnimationFrame(() => r()));
          el.querySelector("canvas").getContext("2d").getImageData(0, 0, 1, 1);
          const ms = performance.now() - t0;
          u.destroy();
          return ms;
        };
        await run(1000); // warm-up
        const best = async (n) => Math.min(await run(n), await run(n), await run(n));
        return [{ n: 1_000, ms: await best(1_000) }, { n: 100_000, ms: await best(100_000) }];
})()`)) as { n: number; ms: number }[];
    } finally {
      await browser.close();
    }
    const [ref, big] = timings;
    const result = {
      initialJsGzipKB: +(initialGz / 1024).toFixed(1),
      initialFiles,
      totalJsGzipKB: +(totalGz / 1024).toFixed(1),
      largestChunks: chunks.slice(0, 5).map((c) => ({ file: c.f, gzipKB: +(c.gz / 1024).toFixed(1) })),
      uplot1kMs: +ref.ms.toFixed(2),
      uplot100kMs: +big.ms.toFixed(2),
      ratio100kTo1k: +(big.ms / ref.ms).toFixed(1),
    };
    console.log(`initial JS ${result.initialJsGzipKB} KB gzip (budget 150), all JS ${result.totalJsGzipKB} KB gzip`);
    console.log(
      `uPlot render: 1k points ${result.uplot1kMs} ms, 100k points ${result.uplot100kMs} ms (x${result.ratio100kTo1k})`,
    );
    writeFileSync(benchOut("web"), JSON.stringify(result, null, 2));
    expect(result.initialJsGzipKB).toBeLessThan(150);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
