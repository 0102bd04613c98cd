// workerd's real memory, seen from outside: the process' resident peak (VmHWM, resettable) and the V8 heap
// of the isolate running the Worker and its Durable Objects, read through wrangler's inspector.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";

// Node 20 has no global WebSocket; `ws` ships with wrangler (loaded untyped, as bench/alerting does).
interface Socket {
  once(event: "open" | "error", fn: (e?: unknown) => void): void;
  on(event: "message", fn: (data: Buffer) => void): void;
  off(event: "message", fn: (data: Buffer) => void): void;
  send(data: string): void;
  close(): void;
}
const WebSocket = createRequire(import.meta.url)("ws") as new (url: string) => Socket;

/** workerd processes under the wrangler process `root`. */
export function workerdPids(root: number): number[] {
  const parent = new Map<number, number>();
  const comm = new Map<number, string>();
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, "utf8");
      const close = stat.lastIndexOf(")");
      comm.set(Number(d), stat.slice(stat.indexOf("(") + 1, close));
      parent.set(Number(d), Number(stat.slice(close + 2).split(" ")[1]));
    } catch {
      // gone meanwhile
    }
  }
  const under = (pid: number): boolean => {
    for (let p = parent.get(pid); p !== undefined && p > 1; p = parent.get(p)) if (p === root) return true;
    return false;
  };
  return [...comm.entries()].filter(([pid, c]) => c.startsWith("workerd") && under(pid)).map(([pid]) => pid);
}

function statusKb(pid: number, field: string): number {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, "utf8");
  } catch {
    // wrangler dev restarts workerd when a source file changes: a vanished process no longer counts.
    return 0;
  }
  const m = status.match(new RegExp(`^${field}:\\s+(\\d+) kB`, "m"));
  return m ? Number(m[1]) : 0;
}

/** Peak resident set in bytes since start or the last reset. */
export function rssPeak(pids: number[]): number {
  return pids.reduce((n, p) => n + statusKb(p, "VmHWM") * 1024, 0);
}

export function rssNow(pids: number[]): number {
  return pids.reduce((n, p) => n + statusKb(p, "VmRSS") * 1024, 0);
}

/** Start a new peak window (Linux: writing 5 to clear_refs resets VmHWM). */
export function resetPeak(pids: number[]): void {
  for (const p of pids)
    try {
      writeFileSync(`/proc/${p}/clear_refs`, "5");
    } catch {
      // not permitted: the peak then covers the whole run
    }
}

/** Samples the isolate's V8 heap while `during` runs; the largest used size seen, or null without an inspector. */
export async function heapPeakDuring<T>(
  inspectorPort: number,
  during: () => Promise<T>,
): Promise<{ result: T; heapPeak: number | null }> {
  let ws: Socket | null = null;
  try {
    const targets = (await (await fetch(`http://127.0.0.1:${inspectorPort}/json`)).json()) as {
      webSocketDebuggerUrl?: string;
    }[];
    const url = targets.find((t) => t.webSocketDebuggerUrl)?.webSocketDebuggerUrl;
    if (url) {
      ws = new WebSocket(url);
      await new Promise((ok, fail) => (ws!.once("open", ok), ws!.once("error", fail)));
    }
  } catch {
    ws = null;
  }
  let peak: number | null = null;
  let id = 0;
  let stop = false;
  const poll = async () => {
    while (ws && !stop) {
      const reply = await new Promise<number | null>((ok) => {
        const my = ++id;
        const onMsg = (m: Buffer) => {
          const msg = JSON.parse(String(m)) as { id?: number; result?: { usedSize?: number } };
          if (msg.id !== my) return;
          ws!.off("message", onMsg);
          ok(msg.result?.usedSize ?? null);
        };
        ws!.on("message", onMsg);
        ws!.send(JSON.stringify({ id: my, method: "Runtime.getHeapUsage" }));
        setTimeout(() => ok(null), 2000);
      });
      if (reply !== null) peak = Math.max(peak ?? 0, reply);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const poller = poll();
  try {
    const result = await during();
    return { result, heapPeak: peak };
  } finally {
    stop = true;
    await poller;
    ws?.close();
  }
}
