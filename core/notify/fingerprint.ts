import type { Labels } from "../alerting/types";

const OFFSET = 0xcbf29ce484222325n;
const PRIME = 0x100000001b3n;
const MASK = 0xffffffffffffffffn;
const SEP = 0xff;

/** Alertmanager's fingerprint: 64-bit FNV-1a over sorted `name 0xff value 0xff`, as 16 hex digits. */
export function fingerprint(labels: Labels): string {
  let h = OFFSET;
  const enc = new TextEncoder();
  const add = (b: number) => {
    h ^= BigInt(b);
    h = (h * PRIME) & MASK;
  };
  for (const name of Object.keys(labels).sort()) {
    for (const b of enc.encode(name)) add(b);
    add(SEP);
    for (const b of enc.encode(labels[name])) add(b);
    add(SEP);
  }
  return h.toString(16).padStart(16, "0");
}

/** PagerDuty dedup_key: stable per monitor and signal, so a trigger, its repeats and its resolve meet. */
export function dedupKey(monitorId: string, signalKey: string): string {
  return `vigil/${monitorId}/${fingerprint({ signal: signalKey })}`;
}
