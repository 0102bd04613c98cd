// What a chart's canvas actually shows around an event marker, read from its pixels in the browser: the markers are
// painted on the canvas (a uPlot draw hook), so the only DOM beside them is the touch target over each one.
import type { Locator } from "playwright-core";

export interface Rgb {
  r: number;
  g: number;
  b: number;
}

export const hex = (h: string): Rgb => {
  const n = Number.parseInt(h.replace("#", ""), 16);
  return { r: n >> 16, g: (n >> 8) & 255, b: n & 255 };
};

export const distance = (a: Rgb, b: Rgb) => Math.hypot(a.r - b.r, a.g - b.g, a.b - b.b);

export interface Column {
  /** Canvas columns (CSS px at device scale 1) painted in the colour over most of the plot's height. */
  width: number;
  /** The alpha (0-255) of the line's most covered column, the median down that column: 255 is full strength, a
   * muted line is well below. The median, because where a series crosses the line, or at its cap, the line is
   * blended over other paint; the most covered column, because a line between two pixels shares itself out. */
  alpha: number;
  /** The average colour of those pixels, unblended. */
  rgb: Rgb | null;
}

/**
 * Columns of `canvas` within ±`half` px of the horizontal centre of `spot` (a marker's touch target) whose pixels
 * have `colour`'s hue (within 60 of it, ignoring alpha) over more than 60 % of the plot's rows: a vertical line
 * in that colour, as opposed to series crossing it or the faint fill of an alert band.
 */
export async function verticalLineAt(canvas: Locator, spot: Locator, colour: Rgb, half = 8): Promise<Column> {
  const [c, s] = await Promise.all([canvas.boundingBox(), spot.boundingBox()]);
  if (!c || !s) throw new Error("chart canvas or marker target not laid out");
  const x0 = Math.round(s.x + s.width / 2 - c.x) - half;
  const top = Math.round(s.y - c.y);
  return canvas.evaluate(
    (el, a) => {
      const cv = el as HTMLCanvasElement;
      const img = cv.getContext("2d")!.getImageData(a.x0, a.top, a.half * 2 + 1, a.h).data;
      const w = a.half * 2 + 1;
      let width = 0;
      let alpha = 0;
      const sum = { r: 0, g: 0, b: 0, n: 0 };
      for (let dx = 0; dx < w; dx++) {
        let hits = 0;
        const colAlphas: number[] = [];
        const col = { r: 0, g: 0, b: 0 };
        for (let y = 0; y < a.h; y++) {
          const i = (y * w + dx) * 4;
          // Alpha below 40 is an alert band's 7 % fill or antialiasing, not a line.
          if (img[i + 3] < 40) continue;
          const d = Math.hypot(img[i] - a.c.r, img[i + 1] - a.c.g, img[i + 2] - a.c.b);
          if (d > 60) continue;
          hits++;
          colAlphas.push(img[i + 3]);
          col.r += img[i];
          col.g += img[i + 1];
          col.b += img[i + 2];
        }
        if (hits > a.h * 0.6) {
          width++;
          colAlphas.sort((x, y) => x - y);
          alpha = Math.max(alpha, colAlphas[Math.floor(colAlphas.length / 2)]);
          sum.r += col.r;
          sum.g += col.g;
          sum.b += col.b;
          sum.n += hits;
        }
      }
      return {
        width,
        alpha,
        rgb: sum.n ? { r: sum.r / sum.n, g: sum.g / sum.n, b: sum.b / sum.n } : null,
      };
    },
    { x0, top, half, h: Math.round(s.height), c: colour },
  );
}

/** Full-height columns in `colour` anywhere across the plot under `band` (an alert band's touch target, which runs
 * along the band's top edge from its start to its end), and the colour and alpha of the strip along its top. */
export async function bandPixels(
  canvas: Locator,
  band: Locator,
  plotHeight: number,
  colour: Rgb,
): Promise<{ lines: number; strip: { rgb: Rgb; alpha: number } | null; width: number }> {
  const [c, s] = await Promise.all([canvas.boundingBox(), band.boundingBox()]);
  if (!c || !s) throw new Error("chart canvas or band target not laid out");
  return canvas.evaluate(
    (el, a) => {
      const cv = el as HTMLCanvasElement;
      const w = Math.max(1, Math.min(a.w, cv.width - a.x0));
      const img = cv.getContext("2d")!.getImageData(a.x0, a.top, w, a.h).data;
      const like = (i: number) =>
        img[i + 3] >= 40 && Math.hypot(img[i] - a.c.r, img[i + 1] - a.c.g, img[i + 2] - a.c.b) <= 60;
      let lines = 0;
      for (let x = 0; x < w; x++) {
        let n = 0;
        for (let y = 0; y < a.h; y++) if (like((y * w + x) * 4)) n++;
        if (n > a.h * 0.6) lines++;
      }
      // The strip: the plot's first row, across the band.
      const strip = { r: 0, g: 0, b: 0, alpha: 0, n: 0 };
      for (let x = 0; x < w; x++) {
        const i = x * 4;
        if (!like(i)) continue;
        strip.r += img[i];
        strip.g += img[i + 1];
        strip.b += img[i + 2];
        strip.alpha = Math.max(strip.alpha, img[i + 3]);
        strip.n++;
      }
      return {
        lines,
        width: strip.n,
        strip: strip.n
          ? { rgb: { r: strip.r / strip.n, g: strip.g / strip.n, b: strip.b / strip.n }, alpha: strip.alpha }
          : null,
      };
    },
    { x0: Math.round(s.x - c.x), top: Math.round(s.y - c.y), w: Math.round(s.width), h: plotHeight, c: colour },
  );
}
