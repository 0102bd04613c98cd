import { createSignal, onMount, Show } from "solid-js";
import { fetchMe } from "../../api/me";
import { setToken, tokenFromHash } from "../../api/token";
import { navigate } from "../../lib/router";

/** Sign in by pasting a token, or one click on the `/signin#token=...` link that `npm start` prints. */
export default function SignInPage() {
  const [value, setValue] = createSignal("");
  const [err, setErr] = createSignal("");
  const [busy, setBusy] = createSignal(false);
  const next = () => {
    const n = new URLSearchParams(location.search).get("next");
    return n && n.startsWith("/") && !n.startsWith("//") ? n : "/";
  };
  const tryToken = async (t: string) => {
    setBusy(true);
    setErr("");
    setToken(t.trim());
    try {
      await fetchMe();
      navigate(next(), { replace: true });
    } catch (e) {
      setToken(null);
      setErr(e instanceof Error ? `${e.message}. Check the token (it starts with vgl_) or ask an admin for a new one.` : String(e));
    } finally {
      setBusy(false);
    }
  };
  onMount(() => {
    const t = tokenFromHash(location.hash);
    if (!t) return;
    // The secret must not stay in the address bar or in history.
    history.replaceState(null, "", location.pathname + location.search);
    void tryToken(t);
  });
  return (
    <main class="content" style={{ "max-width": "460px", margin: "10vh auto" }}>
      <h1>Sign in to Vigil</h1>
      <p class="muted">Paste an API token. `npm start` prints a one-click sign-in link; admins create tokens under /api/tokens.</p>
      <form
        class="stack"
        onSubmit={(e) => {
          e.preventDefault();
          if (value().trim()) void tryToken(value());
          else setErr("Paste a token first.");
        }}
      >
        <label class="field">
          Access token
          <input type="password" autocomplete="off" value={value()} onInput={(e) => setValue(e.currentTarget.value)} placeholder="vgl_…" />
        </label>
        <Show when={err()}>
          <div role="alert" class="state error">
            {err()}
          </div>
        </Show>
        <button class="btn primary" type="submit" disabled={busy()}>
          {busy() ? "Checking…" : "Sign in"}
        </button>
      </form>
    </main>
  );
}
