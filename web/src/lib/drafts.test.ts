import { describe, expect, it } from "vitest";
import { draft } from "./drafts";

describe("drafts", () => {
  it("shares one draft between every form of the same subject, and forgets it once cleared", () => {
    const [a, setA] = draft("monitor-comment:m1");
    const [b] = draft("monitor-comment:m1");
    const [other] = draft("monitor-comment:m2");
    setA("@payments v3.41.0 calls a staging-only host");
    expect(b()).toBe("@payments v3.41.0 calls a staging-only host");
    expect(a()).toBe(b());
    expect(other()).toBe("");
    setA("");
    expect(b()).toBe("");
  });

  it("follows a key that changes (a page opened on another alert)", () => {
    let id = "a1";
    const [get, set] = draft(() => `alert-note:${id}`);
    set("rolled back");
    id = "a2";
    expect(get()).toBe("");
    set("restarted the pods");
    id = "a1";
    expect(get()).toBe("rolled back");
  });
});
