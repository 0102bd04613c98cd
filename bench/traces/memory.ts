// Peak resident memory of the Vigil under test (wrangler and its workerd children, found by the port in
// wrangler's command line) and of this Node process, sampled while the benchmark runs.
import { readdirSync, readFileSync } from "node:fs";

function read(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return "";
  }
}

function rssKb(pid: number): number {
  const m = /VmRSS:\s+(\d+)/.exec(read(`/proc/${pid}/status`));
  return m ? Number(m[1]) : 0;
}

function treeOf(root: number): number[] {
  const parentOf = new Map<number, number>();
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    const stat = read(`/proc/${d}/stat`);
    const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    parentOf.set(Number(d), ppid);
  }
  const out = [root];
  for (let changed = true; changed; ) {
    changed = false;
    for (const [pid, ppid] of parentOf)
      if (out.includes(ppid) && !out.includes(pid)) {
        out.push(pid);
        changed = true;
      }
  }
  return out;
}

export function findWrangler(port: number): number | null {
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    const cmd = read(`/proc/${d}/cmdline`).split("\0");
    const i = cmd.indexOf("--port");
    if (i >= 0 && cmd[i + 1] === String(port) && cmd.some((a) => a.includes("wrangler"))) return Number(d);
  }
  return null;
}

export class PeakMemory {
  vigilPeakMb = 0;
  nodePeakMb = 0;
  private timer: NodeJS.Timeout | undefined;
  constructor(private readonly rootPid: number | null) {}
  start(): this {
    const sample = () => {
      if (this.rootPid)
        this.vigilPeakMb = Math.max(this.vigilPeakMb, treeOf(this.rootPid).reduce((t, p) => t + rssKb(p), 0) / 1024);
      this.nodePeakMb = Math.max(this.nodePeakMb, process.memoryUsage().rss / 1048576);
    };
    sample();
    this.timer = setInterval(sample, 500);
    return this;
  }
  stop(): void {
    clearInterval(this.timer);
  }
}
