import { describe, expect, it } from "vitest";
import { ConfigError, config, type Env } from "./env";

const env = (vars: Partial<Env>): Env => vars as Env;

describe("config(env)", () => {
  it("applies the documented defaults when variables are unset", () => {
    expect(config(env({}))).toEqual({
      metricShards: 4,
      traceShards: 4,
      logShards: 4,
      maxSeriesPerTenant: 1_000_000,
      retentionDays: 15,
      coldAfterHours: 3,
      publicUrl: null,
      promqlMode: 2,
      vapid: null,
      pushAllowLoopback: false,
    });
  });

  it("validates the VAPID keys of Web Push: both or neither, the right sizes, a usable subject", () => {
    const pub = `B${"A".repeat(86)}`;
    const priv = "A".repeat(43);
    expect(config(env({ VAPID_PUBLIC_KEY: pub, VAPID_PRIVATE_KEY: priv })).vapid).toEqual({
      publicKey: pub,
      privateKey: priv,
      subject: "mailto:vigil@localhost",
    });
    expect(
      config(env({ VAPID_PUBLIC_KEY: pub, VAPID_PRIVATE_KEY: priv, VAPID_SUBJECT: "https://vigil.example.com" })).vapid
        ?.subject,
    ).toBe("https://vigil.example.com");
    expect(() => config(env({ VAPID_PUBLIC_KEY: pub }))).toThrow(/set together/);
    expect(() => config(env({ VAPID_PUBLIC_KEY: "BAAA", VAPID_PRIVATE_KEY: priv }))).toThrow(/uncompressed P-256/);
    expect(() => config(env({ VAPID_PUBLIC_KEY: pub, VAPID_PRIVATE_KEY: "A+/=" }))).toThrow(/32 bytes/);
    expect(() => config(env({ VAPID_PUBLIC_KEY: pub, VAPID_PRIVATE_KEY: priv, VAPID_SUBJECT: "me" }))).toThrow(
      /VAPID_SUBJECT/,
    );
  });

  it("reads the variables wrangler passes as strings", () => {
    const c = config(env({ METRIC_SHARDS: "8", RETENTION_DAYS: "30", PUBLIC_URL: "https://vigil.example.com/" }));
    expect(c.metricShards).toBe(8);
    expect(c.retentionDays).toBe(30);
    expect(config(env({ COLD_AFTER_HOURS: "12" })).coldAfterHours).toBe(12);
    expect(() => config(env({ COLD_AFTER_HOURS: "0" }))).toThrow(/COLD_AFTER_HOURS must be an integer from 1/);
    expect(c.publicUrl).toBe("https://vigil.example.com");
  });

  it("refuses a bad value with the variable's name instead of falling back silently", () => {
    expect(() => config(env({ METRIC_SHARDS: "four" }))).toThrow(ConfigError);
    expect(() => config(env({ METRIC_SHARDS: "four" }))).toThrow(/METRIC_SHARDS must be an integer from 1 to 256/);
    expect(() => config(env({ LOG_SHARDS: "65" }))).toThrow(/LOG_SHARDS/);
    expect(() => config(env({ RETENTION_DAYS: "1.5" }))).toThrow(/RETENTION_DAYS/);
    expect(() => config(env({ PUBLIC_URL: "javascript:alert(1)" }))).toThrow(/PUBLIC_URL must be an absolute http/);
    expect(() => config(env({ PUBLIC_URL: "//evil.example" }))).toThrow(/PUBLIC_URL/);
    expect(() => config(env({ PROMQL_MODE: "2.53" }))).toThrow(/PROMQL_MODE must be 2 or 3/);
    expect(config(env({ PROMQL_MODE: "3" })).promqlMode).toBe(3);
  });
});
