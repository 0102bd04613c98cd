// Polling for tests: wait for something to become true, but never forever and never mute. At the deadline the
// error names what was awaited and the last error or value seen, instead of a bare suite timeout.
export interface PollOptions {
  /** Give up after this long (default 4 min: under every suite's test timeout, so this message wins). */
  timeoutMs?: number;
  everyMs?: number;
  /** Checked before each attempt: a reason to stop at once (a child process that exited, say). */
  abortIf?: () => string | null | undefined;
}

export async function until<T>(
  what: string,
  check: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  o: PollOptions = {},
): Promise<T> {
  const { timeoutMs = 240_000, everyMs = 1000 } = o;
  const deadline = Date.now() + timeoutMs;
  let last = "no attempt finished";
  for (;;) {
    const stop = o.abortIf?.();
    if (stop) throw new Error(`stopped waiting for ${what}: ${stop} (last: ${last})`);
    try {
      const v = await check();
      if (v) return v;
      last = `returned ${JSON.stringify(v)?.slice(0, 300)}`;
    } catch (e) {
      last = e instanceof Error ? e.message : String(e);
    }
    if (Date.now() + everyMs > deadline)
      throw new Error(`gave up waiting for ${what} after ${Math.round(timeoutMs / 1000)} s (last: ${last})`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
