import { describe, expect, it } from "vitest";
import { ByteLru } from "./byte-lru";

describe("ByteLru", () => {
  it("evicts the least recently used entries once the bytes exceed the bound", () => {
    const lru = new ByteLru<string>(100);
    lru.set("a", "A", 40);
    lru.set("b", "B", 40);
    expect(lru.get("a")).toBe("A"); // a is now the most recent
    lru.set("c", "C", 40);
    expect(lru.get("b")).toBeUndefined();
    expect(lru.get("a")).toBe("A");
    expect(lru.get("c")).toBe("C");
    expect(lru.bytes).toBe(80);
  });

  it("never keeps a value larger than the whole bound, and replacing a key recounts its bytes", () => {
    const lru = new ByteLru<number>(10);
    lru.set("big", 1, 11);
    expect(lru.get("big")).toBeUndefined();
    lru.set("x", 1, 6);
    lru.set("x", 2, 3);
    expect(lru.bytes).toBe(3);
    expect(lru.get("x")).toBe(2);
  });
});
