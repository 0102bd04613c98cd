export interface NavItem {
  href: string;
  label: string;
  phone?: boolean;
}

export const NAV: NavItem[] = [
  { href: "/", label: "Home", phone: true },
  { href: "/alerts", label: "Alerts", phone: true },
  { href: "/incidents", label: "Incidents" },
  { href: "/monitors", label: "Monitors" },
  { href: "/slos", label: "SLOs" },
  { href: "/muting", label: "Muting rules" },
  { href: "/explorer", label: "Metrics", phone: true },
  { href: "/services", label: "Services", phone: true },
  { href: "/traces", label: "Traces" },
  { href: "/logs", label: "Logs" },
  { href: "/dashboards", label: "Dashboards" },
  { href: "/notebooks", label: "Notebooks" },
  { href: "/changes", label: "Changes" },
  { href: "/wall", label: "Alert wall" },
  { href: "/teams", label: "Teams" },
  { href: "/settings", label: "Settings" },
];

/** Which nav item a pathname belongs to ("/alerts/a_1" -> "/alerts"). */
export function activeNav(pathname: string): string {
  if (pathname === "/") return "/";
  const hit = NAV.filter((n) => n.href !== "/" && (pathname === n.href || pathname.startsWith(n.href + "/")));
  return hit.sort((a, b) => b.href.length - a.href.length)[0]?.href ?? (pathname.startsWith("/ddx") ? "/explorer" : "");
}
