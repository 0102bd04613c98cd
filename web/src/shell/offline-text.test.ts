import { describe, expect, it } from "vitest";
import { offlineText } from "./offline-text";

const at = (iso: string) => Date.parse(iso);

describe("offlineText", () => {
  it("says how old the page is in the person's zone, the time alone when it is today", () => {
    expect(offlineText(at("2026-12-06T13:05:00Z"), at("2026-12-06T14:30:00Z"), false, "Europe/Berlin")).toBe(
      "As of 14:05, offline",
    );
  });

  it("adds the date when the last answer is from another day in that zone", () => {
    expect(offlineText(at("2026-12-05T22:50:00Z"), at("2026-12-06T01:00:00Z"), false, "America/New_York")).toBe(
      "As of 17:50, offline",
    );
    expect(offlineText(at("2026-12-05T22:50:00Z"), at("2026-12-06T01:00:00Z"), false, "Europe/Berlin")).toBe(
      "As of 2026-12-05 23:50, offline",
    );
  });

  it("marks UTC in UTC mode", () => {
    expect(offlineText(at("2026-12-06T13:05:00Z"), at("2026-12-06T14:30:00Z"), true, "Europe/Berlin")).toBe(
      "As of 13:05 UTC, offline",
    );
  });

  it("says only offline when nothing was ever read", () => {
    expect(offlineText(null, at("2026-12-06T14:30:00Z"), false, "Europe/Berlin")).toBe("Offline");
  });
});
