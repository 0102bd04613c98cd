// The bearer token lives in localStorage under `vigil.token`; a signal mirrors it so the shell reacts to sign-in/out.
import { createSignal } from "solid-js";

export const TOKEN_KEY = "vigil.token";

const stored = () => {
  try {
    return localStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
};

const [token, setTokenSignal] = createSignal<string | null>(typeof localStorage === "undefined" ? null : stored());
export { token };

export function setToken(value: string | null): void {
  if (value) localStorage.setItem(TOKEN_KEY, value);
  else localStorage.removeItem(TOKEN_KEY);
  setTokenSignal(value);
}

/** `/signin#token=...` (printed by npm start): take the token and strip it from the URL and history. */
export function tokenFromHash(hash: string): string | null {
  const m = /(?:^#|&)token=([^&]+)/.exec(hash);
  return m ? decodeURIComponent(m[1]) : null;
}

/** `/signin#code=...`: a one-time sign-in link (npm start prints one; admins create them with POST /api/signin-links). */
export function codeFromHash(hash: string): string | null {
  const m = /(?:^#|&)code=([^&]+)/.exec(hash);
  return m ? decodeURIComponent(m[1]) : null;
}
