import { For } from "solid-js";
import { Link } from "../ui/Link";
import { useLocation } from "../lib/router";
import { activeNav, NAV } from "./nav-items";

export function Sidebar(props: { open: boolean; onNavigate: () => void }) {
  const loc = useLocation();
  return (
    <nav class="sidebar" classList={{ open: props.open }} aria-label="Main" id="main-nav">
      <div class="brand">Vigil</div>
      <For each={NAV}>
        {(n) => (
          <Link
            menu
            class="navlink"
            href={n.href}
            aria-current={activeNav(loc().pathname) === n.href ? "page" : undefined}
            onClick={() => props.onNavigate()}
          >
            {n.label}
          </Link>
        )}
      </For>
    </nav>
  );
}

/** Phone: the four story pages within thumb reach, plus a menu for the rest. */
export function BottomBar(props: { menuOpen: boolean; onMenu: () => void }) {
  const loc = useLocation();
  return (
    <nav class="bottombar" aria-label="Quick">
      <For each={NAV.filter((n) => n.phone)}>
        {(n) => (
          <Link menu href={n.href} aria-current={activeNav(loc().pathname) === n.href ? "page" : undefined}>
            {n.label}
          </Link>
        )}
      </For>
      <button type="button" aria-expanded={props.menuOpen} aria-controls="main-nav" onClick={() => props.onMenu()}>
        Menu
      </button>
    </nav>
  );
}
