// The embedded server (scripts/serve.mjs, what `npm start` runs) loses nothing: senders that idle about as long
// as workerd's 5 s keep-alive timeout and never retry get every write accepted (wrangler dev's proxy answered
// some of them 503 "Your worker restarted mid-request" and parked GETs forever), and a workerd that dies under
// it is noticed and started again on the same state.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { remoteWriteBody } from "../../core/remote-write/encode";
import { workerdChildren } from "../../scripts/workerd-watch.mjs";
import { startVigil, type RestartableVigil } from "./harness";
import { until } from "./poll";

const SENDERS = 16;
const ROUNDS = 10;
/** Idle times straddling the 5 s at which kj closes idle keep-alive connections on both ends. */
const IDLES_MS = [4700, 4850, 4950, 5000, 5050, 5150, 5300];

let vigil: RestartableVigil;
beforeAll(async () => {
  vigil = await startVigil({ port: 18610 });
});
afterAll(async () => {
  await vigil?.stop();
});

async function write(name: string, sender: number, t: number, v: number): Promise<string> {
  const body = remoteWriteBody([{ labels: { __name__: name, sender: String(sender) }, samples: [{ t, v }] }]);
  try {
    const res = await fetch(`${vigil.url}/api/v1/write`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${vigil.token}`,
        "content-type": "application/x-protobuf",
        "content-encoding": "snappy",
        "x-prometheus-remote-write-version": "0.1.0",
      },
      body: body as unknown as BodyInit,
    });
    const text = await res.text();
    return res.status === 204 || res.status === 200 ? "ok" : `${res.status} ${text.slice(0, 120)}`;
  } catch (e) {
    return `network error: ${(e as Error).message} (${String((e as { cause?: unknown }).cause)})`;
  }
}

async function countOf(name: string): Promise<number> {
  const q = encodeURIComponent(`sum(count_over_time(${name}[1h]))`);
  const res = await fetch(`${vigil.url}/api/v1/query?query=${q}&time=${Date.now() / 1000 + 1}`, {
    headers: { authorization: `Bearer ${vigil.token}` },
  });
  if (!res.ok) throw new Error(`query answered ${res.status}: ${await res.text()}`);
  const body = (await res.json()) as { data: { result: { value: [number, string] }[] } };
  return Number(body.data.result[0]?.value[1] ?? 0);
}

describe("the embedded server (scripts/serve.mjs)", () => {
  it("accepts every write from senders that idle ~5 s between writes and never retry", async () => {
    const start = Date.now() - 30 * 60_000;
    const answers = await Promise.all(
      Array.from({ length: SENDERS }, async (_, s) => {
        const out: string[] = [];
        // Staggered so the senders' idle periods end at different moments of the server's timers.
        await new Promise((r) => setTimeout(r, s * 330));
        for (let i = 0; i < ROUNDS; i++) {
          await new Promise((r) => setTimeout(r, IDLES_MS[(i + s) % IDLES_MS.length]));
          out.push(await write("idle_sender_writes", s, start + i * 15_000, i));
        }
        return out;
      }),
    );
    const failed = answers.flat().filter((a) => a !== "ok");
    expect(failed).toEqual([]);
    expect(await countOf("idle_sender_writes")).toBe(SENDERS * ROUNDS);
  });

  it("starts workerd again on the same state when it dies, with nothing written before lost", async () => {
    expect(await write("before_workerd_death", 0, Date.now() - 60_000, 1)).toBe("ok");
    const [runtime] = workerdChildren(vigil.pid());
    expect(runtime).toBeGreaterThan(0);
    process.kill(runtime, "SIGKILL");
    // The same node process serves again, from a new workerd.
    await until(
      "a new workerd answering /api/health",
      async () => {
        const now = workerdChildren(vigil.pid());
        if (now.length !== 1 || now[0] === runtime) return false;
        const res = await fetch(`${vigil.url}/api/health`);
        if (!res.ok) throw new Error(`health answered ${res.status}`);
        return true;
      },
      { everyMs: 250 },
    );
    expect(await countOf("before_workerd_death")).toBe(1);
    expect(await write("after_workerd_death", 0, Date.now(), 1)).toBe("ok");
  });
});
