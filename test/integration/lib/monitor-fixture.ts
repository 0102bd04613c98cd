// Small monitors with sustain 0 for tests that need an alert quickly, on a private metric and time window.
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { vi } from "vitest";
import { json } from "../helpers";
import { remoteWrite } from "../ingest-helpers";

export const STEP = 15_000;

export class Clock {
  constructor(public now: number) {
    vi.setSystemTime(now);
  }
  set(t: number) {
    this.now = t;
    vi.setSystemTime(t);
  }
}

/** Base time `days` ahead, aligned: each test file takes its own days so windows never overlap. */
export function privateBase(days: number): number {
  return Math.floor((Date.now() + days * 86_400_000) / 60_000) * 60_000;
}

export async function gauge(metric: string, labels: Record<string, string>, t: number, v: number): Promise<void> {
  const res = await remoteWrite([{ labels: { __name__: metric, ...labels }, samples: [{ t, v }] }]);
  if (res.status >= 300) throw new Error(`remote_write ${res.status}: ${await res.text()}`);
}

export async function createMonitor(body: Record<string, unknown>): Promise<{ id: string; slug: string }> {
  const res = await json("/api/monitors", {
    intervalSeconds: 15,
    conditions: [{ severity: "critical", operator: ">", threshold: 1 }],
    signals: { mode: "series" },
    ...body,
  });
  if (res.status !== 201) throw new Error(`monitor create ${res.status}: ${await res.text()}`);
  return (await res.json()) as { id: string; slug: string };
}

export async function createChannel(body: Record<string, unknown>): Promise<string> {
  const res = await json("/api/notification-channels", body);
  if (res.status !== 201) throw new Error(`channel create ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { id: string }).id;
}

/** Untyped stub: the RPC type of MonitorObject is too deep for runInDurableObject's generics. */
export const monitorStub = (id: string) => env.MONITOR.get(env.MONITOR.idFromName(id)) as unknown as DurableObjectStub;

/** Run the monitor's alarm at the clock's time. */
export async function check(id: string): Promise<boolean> {
  return runDurableObjectAlarm(monitorStub(id));
}

/** runInDurableObject without its deep generic inference (MonitorObject's RPC type makes tsc give up). */
export function inObject<R>(
  stub: DurableObjectStub,
  fn: (o: any, state: DurableObjectState) => Promise<R>,
): Promise<R> {
  return runInDurableObject(stub as any, fn as any) as Promise<R>;
}
