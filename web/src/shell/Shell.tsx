import { createSignal, Show, type JSX } from "solid-js";
import { me } from "../api/session";
import { createGlobals } from "../lib/globals";
import { setTheme, theme } from "../lib/theme";
import { setSearch } from "../lib/url-state";
import { signOutEverywhere } from "./sign-out";
import { Mentions } from "./Mentions";
import { OfflineBanner } from "./OfflineBanner";
import { UserChip } from "./UserChip";
import { BottomBar, Sidebar } from "./Nav";
import { Palette } from "./Palette";
import { ScopeBar } from "./ScopeBar";
import { TimePicker } from "./TimePicker";

export function Shell(props: { children: JSX.Element }) {
  const g = createGlobals();
  const [menu, setMenu] = createSignal(false);
  return (
    <div class="shell">
      <Sidebar open={menu()} onNavigate={() => setMenu(false)} />
      <div class="main">
        <header class="topbar">
          <ScopeBar />
          <div class="row">
            <TimePicker />
            <button
              class="btn"
              aria-pressed={g.utc()}
              onClick={() => setSearch({ utc: g.utc() ? "0" : "1" })}
              title="Show times in UTC"
            >
              UTC
            </button>
            <button
              class="btn"
              aria-label={`Switch to ${theme() === "dark" ? "light" : "dark"} theme`}
              onClick={() => setTheme(theme() === "dark" ? "light" : "dark")}
            >
              {theme() === "dark" ? "☀" : "☾"}
            </button>
            <button
              class="btn hide-phone"
              aria-label="Search (Ctrl+K)"
              onClick={() => window.dispatchEvent(new KeyboardEvent("keydown", { key: "k", ctrlKey: true }))}
            >
              ⌘K
            </button>
            <Show when={me()}>
              <Mentions />
            </Show>
            <UserChip />
            <button class="btn ghost hide-phone" onClick={() => void signOutEverywhere()}>
              Sign out
            </button>
          </div>
          <OfflineBanner utc={g.utc()} />
        </header>
        <main class="content" id="content">
          {props.children}
        </main>
      </div>
      <BottomBar menuOpen={menu()} onMenu={() => setMenu(!menu())} />
      <Palette />
    </div>
  );
}
