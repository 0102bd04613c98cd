import { describe, expect, it } from "vitest";
import { matchScore, rankHits, type SearchHit } from "./search-rank";

describe("search ranking", () => {
  it("scores exact, prefix, word prefix, substring", () => {
    expect(matchScore("checkout", "Checkout")).toBe(0);
    expect(matchScore("checkout-service", "check")).toBe(1);
    expect(matchScore("Commerce Checkout Dashboard", "check")).toBe(2);
    expect(matchScore("precheckout", "check")).toBe(3);
  });

  it("orders by score, then kind, then recency", () => {
    const hits: SearchHit[] = [
      { kind: "change_event", id: "e1", title: "Deploy: checkout-service v3.41.0", url: "", at: 1 },
      { kind: "change_event", id: "e2", title: "Rollback: checkout-service v3.40.2", url: "", at: 2 },
      { kind: "service", id: "checkout-service", title: "checkout-service", url: "" },
      { kind: "dashboard", id: "d", title: "Commerce Checkout Dashboard", url: "" },
    ];
    expect(rankHits(hits, "checkout").map((h) => h.id)).toEqual(["checkout-service", "d", "e2", "e1"]);
  });
});
