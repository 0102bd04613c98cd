import { describe, expect, it } from "vitest";
import { grants } from "./auth";

describe("scope grants", () => {
  it("admin covers every scope", () => {
    for (const s of ["ingest", "read", "write", "admin"] as const) expect(grants(["admin"], s)).toBe(true);
  });
  it("write covers read but not ingest or admin", () => {
    expect(grants(["write"], "read")).toBe(true);
    expect(grants(["write"], "ingest")).toBe(false);
    expect(grants(["write"], "admin")).toBe(false);
  });
  it("ingest does not read", () => {
    expect(grants(["ingest"], "read")).toBe(false);
  });
});
