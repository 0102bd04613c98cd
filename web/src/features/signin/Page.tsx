import { createSignal, onMount, Show } from "solid-js";
import { exchangeSigninCode, fetchMe } from "../../api/me";
import { codeFromHash, setToken, tokenFromHash } from "../../api/token";
import { navigate } from "../../lib/router";

/** Sign in by pasting a token, or with a one-time `/signin#code=...` link (`npm start` prints one). */
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
      setErr(
        e instanceof Error
          ? `${e.message}. Check the token (it starts with vgl_) or ask an admin for a new one.`
          : String(e),
      );
    } finally {
      setBusy(false);
    }
  };
  const tryCode = async (code: string) => {
    setBusy(true);
    setErr("");
    try {
      await tryToken(await exchangeSigninCode(code));
    } catch (e) {
      setErr(e instanceof Error ? e.message : String(e));
      setBusy(false);
    }
  };
  onMount(() => {
    const code = codeFromHash(location.hash);
    const t = tokenFromHash(location.hash);
    if (!code && !t) return;
    // The secret must not stay in the address bar or in history.
    history.replaceState(null, "", location.pathname + location.search);
    void (code ? tryCode(code) : tryToken(t!));
  });
  return (
    <main class="content" style={{ "max-width": "460px", margin: "10vh auto" }}>
      <h1>Sign in to Vigil</h1>
      <p class="muted">
        Open a one-time sign-in link (`npm start` prints one; admins create them with POST /api/signin-links) or paste
        an API token.
      </p>
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
          <input
            type="password"
            autocomplete="off"
            value={value()}
            onInput={(e) => setValue(e.currentTarget.value)}
            placeholder="vgl_…"
          />
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
