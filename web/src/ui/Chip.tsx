import { Show } from "solid-js";

export function Chip(props: { label: string; onRemove?: () => void; class?: string; title?: string }) {
  return (
    <span class={`chip ${props.class ?? ""}`} title={props.title ?? props.label}>
      <span>{props.label}</span>
      <Show when={props.onRemove}>
        <button type="button" aria-label={`Remove ${props.label}`} onClick={() => props.onRemove?.()}>
          ×
        </button>
      </Show>
    </span>
  );
}

export function SeverityChip(props: { state: string }) {
  return <span class={`chip sev-${props.state.toLowerCase()}`}>{props.state.toUpperCase()}</span>;
}
