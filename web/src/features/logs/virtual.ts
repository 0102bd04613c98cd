// Virtual list window math: which rows to render for a scroll position, with spacer heights so the
// scrollbar still reflects the whole list.

export interface VirtualWindow {
  start: number; // first rendered index
  end: number; // one past the last rendered index
  padTop: number;
  padBottom: number;
}

export function virtualWindow(
  scrollTop: number,
  viewport: number,
  rowHeight: number,
  count: number,
  overscan = 8,
): VirtualWindow {
  if (count <= 0 || rowHeight <= 0) return { start: 0, end: 0, padTop: 0, padBottom: 0 };
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const visible = Math.ceil(Math.max(0, viewport) / rowHeight) + 1;
  const start = Math.max(0, Math.min(count - 1, first - overscan));
  const end = Math.min(count, first + visible + overscan);
  return {
    start,
    end: Math.max(end, start),
    padTop: start * rowHeight,
    padBottom: (count - Math.max(end, start)) * rowHeight,
  };
}

/** Scroll offset that brings row `i` into view (unchanged when already visible). */
export function scrollToRow(i: number, scrollTop: number, viewport: number, rowHeight: number): number {
  const top = i * rowHeight;
  if (top < scrollTop) return top;
  if (top + rowHeight > scrollTop + viewport) return top + rowHeight - viewport;
  return scrollTop;
}

/** Row tops (and the total height as the last entry) for rows of varying height. */
export function rowOffsets(heights: readonly number[]): number[] {
  const out = new Array<number>(heights.length + 1);
  out[0] = 0;
  for (let i = 0; i < heights.length; i++) out[i + 1] = out[i] + heights[i];
  return out;
}

/** The window for rows of varying height (wrapped log lines on a phone): binary search on the row tops. */
export function virtualWindowVar(
  scrollTop: number,
  viewport: number,
  offsets: readonly number[],
  overscan = 8,
): VirtualWindow {
  const count = offsets.length - 1;
  if (count <= 0) return { start: 0, end: 0, padTop: 0, padBottom: 0 };
  const find = (y: number) => {
    let lo = 0;
    let hi = count - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (offsets[mid] <= y) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const first = find(Math.max(0, scrollTop));
  const last = find(Math.max(0, scrollTop + viewport));
  const start = Math.max(0, first - overscan);
  const end = Math.min(count, last + 1 + overscan);
  return { start, end, padTop: offsets[start], padBottom: offsets[count] - offsets[end] };
}

/** A phone shows the whole message, wrapped: its height from the body's length and the list's width. */
export function wrappedRowHeight(body: string, widthPx: number, maxLines = 14): number {
  const perLine = Math.max(12, Math.floor((widthPx - 20) / 7.6));
  const lines = Math.min(maxLines, Math.max(1, Math.ceil(body.length / perLine)));
  return 22 + lines * 17 + 8;
}
