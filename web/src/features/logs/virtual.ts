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
