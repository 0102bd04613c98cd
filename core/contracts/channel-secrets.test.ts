import { describe, expect, it } from "vitest";
import { maskSecret } from "./channel-secrets";

describe("maskSecret", () => {
  it("keeps only the last 4 characters", () => {
    expect(maskSecret("R0UTINGKEY1234abcd")).toBe("…abcd");
    expect(maskSecret("https://hooks.slack.com/services/T000/B000/XXXXsecret")).toBe("…cret");
  });
  it("never lengthens a short secret past its tail", () => {
    expect(maskSecret("K")).toBe("…K");
    expect(maskSecret("")).toBe("…");
  });
  it("is stable on an already masked value", () => {
    expect(maskSecret(maskSecret("BILLINGE2E"))).toBe("…GE2E");
  });
});
