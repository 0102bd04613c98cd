import { Show } from "solid-js";
import { me } from "../api/session";
import { Link } from "../ui/Link";

/** Who is signed in, linking to their settings (profile, time zone, sessions). */
export function UserChip() {
  return (
    <Show when={me()?.user}>
      {(u) => (
        <Link class="btn ghost hide-phone" href="/settings" aria-label={`Your settings (${u().name})`}>
          <Show when={u().avatarUrl} fallback={<span aria-hidden="true">●</span>}>
            {(src) => <img src={src()} alt="" width="18" height="18" style={{ "border-radius": "50%" }} />}
          </Show>{" "}
          {u().name}
        </Link>
      )}
    </Show>
  );
}
