import { QueryClient, QueryClientProvider } from "@tanstack/solid-query";
import { createEffect, createMemo, ErrorBoundary, onMount, Show, Suspense } from "solid-js";
import { Dynamic } from "solid-js/web";
import { loadMe, me } from "./api/session";
import { createDisplayZone } from "./lib/display-zone";
import { matchRoute, navigate, useLocation } from "./lib/router";
import { ROUTES } from "./routes";
import { Shell } from "./shell/Shell";
import { ErrorState, Loading } from "./ui/State";
import { Link } from "./ui/Link";

// Offline, reads still go out (offlineFirst) because the service worker answers the ones it kept from its cache,
// instead of each query pausing on a spinner. Back online, everything is read again, once: this listener rather
// than refetchOnReconnect, which only refetches stale queries and only after TanStack saw an offline event.
const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      retry: 1,
      refetchOnWindowFocus: false,
      staleTime: 10_000,
      networkMode: "offlineFirst",
      refetchOnReconnect: false,
    },
  },
});
if (typeof window !== "undefined") window.addEventListener("online", () => void queryClient.invalidateQueries());

export function App() {
  const loc = useLocation();
  const match = createMemo(() => {
    for (const r of ROUTES) {
      const params = matchRoute(r.path, loc().pathname);
      if (params) return { route: r, params };
    }
    return null;
  });
  // One /api/me decides who is signed in (a session cookie or a pasted token). Nobody: every private page
  // leads to sign-in, remembering where the user wanted to go.
  onMount(() => void loadMe().catch(() => undefined));
  createDisplayZone();
  createEffect(() => {
    const m = match();
    if (me() === null && !(m && m.route.public))
      navigate(`/signin?next=${encodeURIComponent(loc().pathname + loc().search)}`, { replace: true });
  });
  const page = () => (
    <ErrorBoundary fallback={(e, reset) => <ErrorState error={e} retry={reset} />}>
      <Suspense fallback={<Loading />}>
        <Show
          when={match()}
          fallback={
            <section>
              <h1>Page not found</h1>
              <p>
                Nothing lives at <code>{loc().pathname}</code>. <Link href="/">Go home</Link>.
              </p>
            </section>
          }
        >
          {(m) => (
            <Show when={m().route.public || me()} fallback={<Loading />}>
              <Dynamic component={m().route.component} params={m().params} />
            </Show>
          )}
        </Show>
      </Suspense>
    </ErrorBoundary>
  );
  return (
    <QueryClientProvider client={queryClient}>
      <Show when={match()?.route.bare} fallback={<Shell>{page()}</Shell>}>
        {page()}
      </Show>
    </QueryClientProvider>
  );
}
