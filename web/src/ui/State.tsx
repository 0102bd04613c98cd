import { Show, type JSX } from "solid-js";
import { errorHint } from "../api/errors";

/** Empty state: says what is missing and what to do about it. */
export function Empty(props: { title: string; children?: JSX.Element }) {
  return (
    <div class="state" role="status">
      <strong>{props.title}</strong>
      {props.children}
    </div>
  );
}

export function Loading(props: { what?: string }) {
  return (
    <div class="state" role="status" aria-busy="true">
      Loading{props.what ? ` ${props.what}` : ""}…
    </div>
  );
}

export function ErrorState(props: { error: unknown; retry?: () => void; title?: string }) {
  const msg = () => (props.error instanceof Error ? props.error.message : String(props.error));
  const reqId = () => (props.error as { requestId?: string } | null)?.requestId;
  return (
    <div class="state error" role="alert">
      <strong>{props.title ?? "Something went wrong"}</strong>
      <div>{msg()}</div>
      <div class="muted">{errorHint(props.error)}</div>
      <Show when={reqId()}>
        <div class="muted mono">request id {reqId()}</div>
      </Show>
      <Show when={props.retry}>
        <button class="btn" style={{ "margin-top": "8px" }} onClick={() => props.retry?.()}>
          Retry
        </button>
      </Show>
    </div>
  );
}
