import { describe, expect, it } from "vitest";
import { grants, type Principal } from "../contracts/auth";
import { handleFrom, nextFreeHandle } from "./handles";
import { extractMentions, mentionAt } from "./mentions";
import { mayActOn, scopesOf } from "./roles";
import { isTimeZone } from "./time-zone";

const person = (
  org: Principal["roles"] extends infer R ? (R extends { org: infer O } ? O : never) : never,
  teams = {},
) =>
  ({
    tokenId: "session",
    userId: "u",
    scopes: scopesOf(org, teams),
    kind: "session",
    roles: { org, teams },
  }) as Principal;

describe("roles", () => {
  it("map onto scopes: viewer read, responder respond, editor write, admin admin", () => {
    expect(scopesOf("viewer", {})).toEqual(["read"]);
    expect(scopesOf("viewer", { t1: "responder" })).toEqual(["respond"]);
    expect(scopesOf("responder", { t1: "editor" })).toEqual(["write"]);
    expect(scopesOf("admin", {})).toEqual(["admin"]);
  });
  it("a team admin is an editor at route level, never an organisation admin", () => {
    expect(scopesOf("viewer", { t1: "admin" })).toEqual(["write"]);
  });
  it("respond sits between read and write, so every write token still responds", () => {
    expect(grants(["write"], "respond")).toBe(true);
    expect(grants(["respond"], "read")).toBe(true);
    expect(grants(["respond"], "write")).toBe(false);
    expect(grants(["read"], "respond")).toBe(false);
  });
  it("owned objects need the role in the owning team or organisation-wide", () => {
    const payEditor = person("viewer", { pay: "editor" });
    expect(mayActOn(payEditor, "pay", "editor")).toBe(true);
    expect(mayActOn(payEditor, "search", "editor")).toBe(false);
    expect(mayActOn(payEditor, null, "editor")).toBe(true);
    expect(mayActOn(person("editor"), "search", "editor")).toBe(true);
    expect(mayActOn(person("viewer", { pay: "responder" }), "pay", "editor")).toBe(false);
    expect(mayActOn(person("viewer", { pay: "responder" }), "pay", "responder")).toBe(true);
  });
  it("tokens are limited by their scopes only", () => {
    const tok = (scopes: Principal["scopes"]): Principal => ({ tokenId: "t", userId: "bot", scopes });
    expect(mayActOn(tok(["write"]), "any", "editor")).toBe(true);
    expect(mayActOn(tok(["read"]), "any", "editor")).toBe(false);
    expect(mayActOn(tok(["respond"]), "any", "responder")).toBe(true);
    expect(mayActOn(tok(["ingest"]), null, "viewer")).toBe(false);
    expect(mayActOn(tok(["admin"]), "any", "admin")).toBe(true);
  });
});

describe("handles", () => {
  it("derive from email, username or name", () => {
    expect(handleFrom("Alice.Smith@example.com")).toBe("alice.smith");
    expect(handleFrom(null, "José Núñez")).toBe("jose-nunez");
    expect(handleFrom("", "__")).toBe("user");
  });
  it("take the next free number", () => {
    expect(nextFreeHandle("alice", new Set(["alice", "alice2"]))).toBe("alice3");
    expect(nextFreeHandle("bob", new Set())).toBe("bob");
  });
});

describe("mentions", () => {
  it("finds @handles, not emails, not code", () => {
    const text = "ping @alice and @Payments, cc bob@example.com `@notme` ```\n@nor-me\n``` (@carol.)";
    expect(extractMentions(text)).toEqual(["alice", "payments", "carol"]);
  });
  it("dedupes and caps", () => {
    expect(extractMentions("@a1 @a1 @b2", 1)).toEqual(["a1"]);
  });
  it("knows the mention being typed at the caret", () => {
    expect(mentionAt("hello @pa", 9)).toEqual({ start: 6, query: "pa" });
    expect(mentionAt("mail x@pa", 9)).toBeNull();
    expect(mentionAt("@", 1)).toEqual({ start: 0, query: "" });
  });
});

describe("time zones", () => {
  it("accepts IANA zones only", () => {
    expect(isTimeZone("Europe/Berlin")).toBe(true);
    expect(isTimeZone("UTC")).toBe(true);
    expect(isTimeZone("Mars/Olympus")).toBe(false);
    expect(isTimeZone("'; DROP TABLE users")).toBe(false);
  });
});
