// The demo simulator (scripts/demo/main.mjs) as a child process for tests: it feeds a Vigil through its real
// clients, serves its scenario control on `controlPort` and its pager receiver on `pagerPort`.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { repoRoot, type RunningVigil } from "./harness";

export interface RunningSimulator {
  control: string;
  pager: string;
  stateDir: string;
  process: ChildProcess;
  /** The last 20,000 characters it printed. */
  log(): string;
  stop(): Promise<void>;
}

export function startSimulator(
  vigil: RunningVigil,
  o: { at: "start" | "incident" | "baseline"; speed: number; backfill: string; controlPort: number; pagerPort: number },
): RunningSimulator {
  const stateDir = mkdtempSync(path.join(tmpdir(), "vigil-sim-"));
  const child = spawn(
    process.execPath,
    [
      path.join(repoRoot, "scripts", "demo", "main.mjs"),
      "--url",
      vigil.url,
      "--token",
      vigil.token,
      "--at",
      o.at,
      "--speed",
      String(o.speed),
      "--backfill",
      o.backfill,
      "--control-port",
      String(o.controlPort),
      "--pager-port",
      String(o.pagerPort),
      "--state-dir",
      stateDir,
    ],
    { cwd: repoRoot, stdio: ["ignore", "pipe", "pipe"] },
  );
  let out = "";
  const keep = (d: Buffer) => void (out = (out + d.toString()).slice(-20_000));
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  return {
    control: `http://127.0.0.1:${o.controlPort}`,
    pager: `http://127.0.0.1:${o.pagerPort}`,
    stateDir,
    process: child,
    log: () => out,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once("exit", r));
        child.kill("SIGTERM");
        await exited;
      }
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}
