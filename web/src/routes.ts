// The route table. Pages are code-split (lazy) so the first load stays small.
import { lazy, type Component } from "solid-js";

export interface RouteDef {
  path: string;
  component: Component<{ params: Record<string, string> }>;
  bare?: boolean; // no shell (sign-in, wall, shared views)
  public?: boolean; // no token needed
}

export const ROUTES: RouteDef[] = [
  { path: "/signin", component: lazy(() => import("./features/signin/Page")), bare: true, public: true },
  { path: "/", component: lazy(() => import("./features/home/Page")) },
  { path: "/explorer", component: lazy(() => import("./features/explorer/Page")) },
  { path: "/alerts", component: lazy(() => import("./features/alerts/ListPage")) },
  { path: "/alerts/:id", component: lazy(() => import("./features/alerts/DetailPage")) },
  { path: "/wall", component: lazy(() => import("./features/wall/Page")), bare: true },
  { path: "/monitors", component: lazy(() => import("./features/monitors/ListPage")) },
  { path: "/monitors/new", component: lazy(() => import("./features/monitors/EditorPage")) },
  { path: "/monitors/:id", component: lazy(() => import("./features/monitors/EditorPage")) },
  { path: "/slos", component: lazy(() => import("./features/slos/ListPage")) },
  { path: "/slos/new", component: lazy(() => import("./features/slos/EditorPage")) },
  { path: "/slos/:id/edit", component: lazy(() => import("./features/slos/EditorPage")) },
  { path: "/slos/:id", component: lazy(() => import("./features/slos/SloPage")) },
  { path: "/incidents", component: lazy(() => import("./features/incidents/ListPage")) },
  { path: "/incidents/:id", component: lazy(() => import("./features/incidents/DetailPage")) },
  { path: "/muting", component: lazy(() => import("./features/muting/Page")) },
  { path: "/services", component: lazy(() => import("./features/services/ListPage")) },
  { path: "/services/:name", component: lazy(() => import("./features/services/ServicePage")) },
  { path: "/traces", component: lazy(() => import("./features/traces/ExplorerPage")) },
  { path: "/traces/:id", component: lazy(() => import("./features/traces/TracePage")) },
  { path: "/logs", component: lazy(() => import("./features/logs/Page")) },
  { path: "/dashboards", component: lazy(() => import("./features/dashboards/ListPage")) },
  { path: "/dashboards/:id", component: lazy(() => import("./features/dashboards/DashboardPage")) },
  { path: "/notebooks", component: lazy(() => import("./features/notebooks/ListPage")) },
  { path: "/notebooks/:id", component: lazy(() => import("./features/notebooks/NotebookPage")) },
  {
    path: "/share/notebooks/:secret",
    component: lazy(() => import("./features/notebooks/SharedPage")),
    bare: true,
    public: true,
  },
  { path: "/settings", component: lazy(() => import("./features/settings/Page")) },
  { path: "/teams", component: lazy(() => import("./features/teams/ListPage")) },
  { path: "/teams/:id", component: lazy(() => import("./features/teams/TeamPage")) },
  { path: "/changes", component: lazy(() => import("./features/changes/Page")) },
  { path: "/ddx", component: lazy(() => import("./features/ddx/Page")) },
];
