// Notice when the workerd process Miniflare started for us dies (SIGKILL, OOM, a crash): Miniflare 4.2026-04
// neither restarts it nor tells anyone, and the port just stops answering.
import { readdirSync, readFileSync } from "node:fs";

/** Child processes of `pid` named workerd (Linux /proc; an empty list elsewhere). */
export function workerdChildren(pid) {
  const out = [];
  let tasks = [];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return out;
  }
  for (const t of tasks) {
    let kids = "";
    try {
      kids = readFileSync(`/proc/${pid}/task/${t}/children`, "utf8");
    } catch {
      continue;
    }
    for (const k of kids.split(/\s+/).filter(Boolean)) {
      try {
        if (readFileSync(`/proc/${k}/comm`, "utf8").trim() === "workerd") out.push(Number(k));
      } catch {
        // exited between the two reads
      }
    }
  }
  return out;
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Poll the runtime's pid. On its death call `onExit({ pid, reason })`; when that resolves true (it started a
 * new runtime) keep watching the new one, otherwise stop watching.
 */
export function watchRuntime(parentPid, onExit, everyMs = 500) {
  let pids = workerdChildren(parentPid);
  let busy = false;
  const timer = setInterval(async () => {
    if (busy || pids.length === 0) {
      if (!busy) pids = workerdChildren(parentPid);
      return;
    }
    const dead = pids.find((p) => !alive(p));
    if (dead === undefined) return;
    busy = true;
    try {
      const again = await onExit({ pid: dead, reason: `workerd pid ${dead} exited` });
      if (!again) return clearInterval(timer);
      pids = workerdChildren(parentPid);
    } catch (err) {
      console.error(`✗ could not start workerd again: ${err instanceof Error ? err.message : err}`);
      clearInterval(timer);
      process.exitCode = 1;
    } finally {
      busy = false;
    }
  }, everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
