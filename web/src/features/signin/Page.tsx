import { createResource, createSignal, onMount, Show } from "solid-js";
import { exchangeSigninCode, fetchAuthConfig } from "../../api/me";
import { browserTimeZone, loadMe } from "../../api/session";
import { codeFromHash, setToken, tokenFromHash } from "../../api/token";
import { navigate } from "../../lib/router";

/** Sign in through the identity provider, with a one-time `/signin#code=...` link (`npm start` prints one), or by
 * pasting an API token. */
export default function SignInPage() {
  const [value, setValue] = createSignal("");
  const [err, setErr] = createSignal(new URLSearchParams(location.search).get("error") ?? "");
  const [busy, setBusy] = createSignal(false);
  const [cfg] = createResource(() => fetchAuthConfig().catch(() => null));
  const next = () => {
    const n = new URLSearchParams(location.search).get("next");
    return n && n.startsWith("/") && !n.startsWith("//") ? n : "/";
  };
  const tryToken = async (t: string) => {
    setBusy(true);
    setErr("");
    setToken(t.trim());
    try {
      if (!(await loadMe())) throw new Error("invalid or revoked API token");
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
      await exchangeSigninCode(code, browserTimeZone());
      setToken(null);
      await loadMe();
      navigate(next(), { replace: true });
    } catch (e) {
      setErr(e instanceof Error ? e.message : String(e));
    } finally {
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
  const providerHref = () =>
    `/api/auth/oidc/login?${new URLSearchParams({ next: next(), tz: browserTimeZone() }).toString()}`;
  return (
    <main class="content" style={{ "max-width": "460px", margin: "10vh auto" }}>
      <h1>Sign in to Vigil</h1>
      <Show when={cfg()?.oidc}>
        {(o) => (
          <a class="btn primary" href={providerHref()} style={{ display: "block", "text-align": "center" }}>
            Sign in with {o().name}
          </a>
        )}
      </Show>
      <p class="muted">
        Or open a one-time sign-in link (`npm start` prints one; admins create them with POST /api/signin-links), or
        paste an API token.
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
        <button class="btn" classList={{ primary: !cfg()?.oidc }} type="submit" disabled={busy()}>
          {busy() ? "Checking…" : "Sign in"}
        </button>
      </form>
    </main>
  );
}
