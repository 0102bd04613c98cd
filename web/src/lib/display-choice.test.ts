import { describe, expect, it } from "vitest";
import { showUtc, urlZone } from "./display-choice";

describe("display choice", () => {
  it("reads a real zone from the URL and ignores anything else", () => {
    expect(urlZone("Europe/London")).toBe("Europe/London");
    expect(urlZone("Mars/Olympus")).toBeNull();
    expect(urlZone("")).toBeNull();
    expect(urlZone(null)).toBeNull();
  });

  it("follows the profile unless the URL says otherwise", () => {
    expect(showUtc({ utc: null, tz: null }, "utc")).toBe(true);
    expect(showUtc({ utc: null, tz: null }, "zone")).toBe(false);
    expect(showUtc({ utc: null, tz: null }, undefined)).toBe(false);
    expect(showUtc({ utc: "1", tz: null }, "zone")).toBe(true);
    expect(showUtc({ utc: "0", tz: null }, "utc")).toBe(false);
  });

  it("shows a wall URL's zone even to a person who chose UTC, unless the URL also asks for UTC", () => {
    expect(showUtc({ utc: null, tz: "Europe/London" }, "utc")).toBe(false);
    expect(showUtc({ utc: "1", tz: "Europe/London" }, "zone")).toBe(true);
    expect(showUtc({ utc: null, tz: "Not/AZone" }, "utc")).toBe(true);
  });
});
