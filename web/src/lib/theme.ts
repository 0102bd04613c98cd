import { createSignal } from "solid-js";

export type Theme = "dark" | "light";
const KEY = "vigil.theme";

const initial = (): Theme => {
  try {
    const s = localStorage.getItem(KEY);
    if (s === "dark" || s === "light") return s;
  } catch {
    // storage blocked: fall through to the system preference
  }
  return typeof matchMedia !== "undefined" && matchMedia("(prefers-color-scheme: light)").matches ? "light" : "dark";
};

const [theme, setThemeSignal] = createSignal<Theme>(typeof document === "undefined" ? "dark" : initial());
export { theme };

export function applyTheme(t: Theme = theme()): void {
  document.documentElement.dataset.theme = t;
}

export function setTheme(t: Theme): void {
  localStorage.setItem(KEY, t);
  setThemeSignal(t);
  applyTheme(t);
}
