import type { Marker } from "../../charts/options";
import type { ScopeChip } from "../../lib/scope";

/** What a dashboard passes every panel: variables, the pinned scope, the window and the markers. */
export interface PanelCtx {
  dashboardId: string;
  vars: Record<string, string>;
  scope: ScopeChip[];
  win: { start: number; end: number; step: number };
  range: { from: string; to: string };
  markers: Marker[];
  utc: boolean;
  markdownHtml?: string;
}
