import type uPlot from "uplot";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Hit, Marker } from "./markers";
import { overlayPlugin } from "./options";

/** A canvas context that records each stroke and fill with the style in force. */
function recorder() {
  const strokes: { x: number; width: number; style: string }[] = [];
  const fills: { x: number; w: number; h: number; style: string }[] = [];
  let x = 0;
  const ctx = {
    lineWidth: 1,
    strokeStyle: "",
    fillStyle: "",
    save() {},
    restore() {},
    setLineDash() {},
    beginPath() {},
    moveTo(px: number) {
      x = px;
    },
    lineTo() {},
    arc() {},
    fill() {},
    stroke() {
      strokes.push({ x, width: ctx.lineWidth, style: ctx.strokeStyle });
    },
    fillRect(fx: number, _y: number, w: number, h: number) {
      fills.push({ x: fx, w, h, style: ctx.fillStyle });
    },
  };
  // x in seconds maps to pixels 1:1 from 0; the plot is 1000 px wide and 200 high.
  const u = {
    ctx,
    bbox: { left: 0, top: 0, width: 1000, height: 200 },
    valToPos: (v: number) => v,
  } as unknown as uPlot;
  return { u, strokes, fills };
}

const deploy: Marker = { time: 100_000, label: "Deploy v3.41.0", kind: "deploy" };
const alert = (time: number, state: string): Marker => ({
  time,
  label: "Checkout burn",
  kind: "alert",
  group: "alr_1",
  state,
});

function draw(markers: Marker[], hit: Hit | null) {
  const r = recorder();
  const hook = overlayPlugin({ markers }, () => hit).hooks.draw as ((u: uPlot) => void)[];
  hook[0](r.u);
  return r;
}

describe("chart overlay: marker lines and alert bands", () => {
  // A phone's screen: 2 device pixels per CSS pixel (Node has no window).
  beforeAll(() => vi.stubGlobal("devicePixelRatio", 2));
  afterAll(() => vi.unstubAllGlobals());

  it("draws a change as a thin muted line, at full strength and twice as wide when hovered", () => {
    const quiet = draw([deploy], null).strokes.find((s) => s.x === 100);
    const hovered = draw([deploy], { kind: "line", marker: deploy }).strokes.find((s) => s.x === 100);
    expect(quiet).toMatchObject({ width: 2 });
    expect(quiet!.style).toMatch(/^rgba\(.*, 0\.55\)$/);
    expect(hovered).toMatchObject({ width: 4 });
    expect(hovered!.style).toMatch(/, 1\)$/);
  });

  it("collapses an alert's transitions into one band, not one line per transition", () => {
    const transitions = [alert(200_000, "pending"), alert(260_000, "firing"), alert(500_000, "resolved")];
    const { strokes, fills } = draw([deploy, ...transitions], null);
    expect(strokes.map((s) => s.x)).toEqual([100]); // the deploy only
    const strips = fills.filter((f) => f.x === 200 && f.w === 300);
    expect(strips.length).toBe(2); // the muted fill and the strip along the top
    expect(strips.every((f) => /, 0\.(07|45)\)$/.test(f.style))).toBe(true);
  });
});
