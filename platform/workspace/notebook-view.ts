import { renderMarkdown } from "../../core/markdown/render";
import type { Cell } from "../../core/contracts/notebooks";
import type { Notebook } from "../db/notebooks";

export type CellView = Cell & { html?: string };

/** What clients receive: markdown cells carry the raw source plus inert HTML rendered on the server. */
export function notebookView(
  nb: Notebook,
  readOnly = false,
): Omit<Notebook, "cells"> & { cells: CellView[]; readOnly: boolean } {
  return {
    ...nb,
    readOnly,
    cells: nb.cells.map((c) => (c.type === "markdown" ? { ...c, html: renderMarkdown(c.source) } : c)),
  };
}
