import { createResource, Show } from "solid-js";

const TOKEN_KEY = "vigil.token";

function takeTokenFromHash(): void {
  const m = /token=([^&]+)/.exec(location.hash);
  if (m) {
    localStorage.setItem(TOKEN_KEY, decodeURIComponent(m[1]));
    history.replaceState(null, "", location.pathname + location.search);
  }
}

export function App() {
  takeTokenFromHash();
  const [me] = createResource(async () => {
    const token = localStorage.getItem(TOKEN_KEY);
    if (!token) return null;
    const res = await fetch("/api/me", { headers: { authorization: `Bearer ${token}` } });
    return res.ok ? ((await res.json()) as { userId: string }) : null;
  });
  return (
    <main>
      <h1>Vigil</h1>
      <Show when={me()} fallback={<p>Sign in with the URL printed by npm start.</p>}>
        {(m) => <p>Signed in as {m().userId}</p>}
      </Show>
    </main>
  );
}
