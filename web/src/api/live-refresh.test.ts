import { QueryClient, QueryObserver } from "@tanstack/solid-query";
import { describe, expect, it } from "vitest";
import { refetchAfterEvent } from "./live-refresh";

describe("refetchAfterEvent", () => {
  it("asks again when the page's first load is still in flight as the event arrives", async () => {
    const qc = new QueryClient();
    let calls = 0;
    const release: (() => void)[] = [];
    // Each answer is the list as of the moment it was asked: the first was asked before the change.
    const queryFn = () => {
      const asked = ++calls;
      return new Promise<string[]>((r) => release.push(() => r(asked === 1 ? ["deploy"] : ["deploy", "rollback"])));
    };
    const observer = new QueryObserver(qc, { queryKey: ["changes", "list"], queryFn });
    const off = observer.subscribe(() => undefined);
    expect(calls).toBe(1);
    const done = refetchAfterEvent(qc, ["changes"]);
    while (calls < 2) await new Promise((r) => setTimeout(r, 0));
    for (const r of release.splice(0)) r();
    await done;
    expect(calls).toBe(2);
    expect(observer.getCurrentResult().data).toEqual(["deploy", "rollback"]);
    off();
  });

  it("a plain invalidation in the same spot keeps the stale first answer (why the helper exists)", async () => {
    const qc = new QueryClient();
    let calls = 0;
    const release: (() => void)[] = [];
    const queryFn = () => {
      const asked = ++calls;
      return new Promise<string[]>((r) => release.push(() => r(asked === 1 ? ["deploy"] : ["deploy", "rollback"])));
    };
    const observer = new QueryObserver(qc, { queryKey: ["changes", "list"], queryFn });
    const off = observer.subscribe(() => undefined);
    const done = qc.invalidateQueries({ queryKey: ["changes"] });
    for (const r of release.splice(0)) r();
    await done;
    expect(calls).toBe(1);
    expect(observer.getCurrentResult().data).toEqual(["deploy"]);
    off();
  });
});
