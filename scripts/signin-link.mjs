#!/usr/bin/env node
// npm run signin-link: print a fresh one-time sign-in link for the local Vigil (admin scope, valid 60 minutes).
// Used by npm start; run it again whenever you need another browser signed in.
import { readDevVars } from "./lib.mjs";

/** Ask Vigil for a one-time link; null (with the reason on stderr) when it cannot. */
export async function signinLink(url, token, scopes = ["admin"], ttlMinutes = 60) {
  try {
    const res = await fetch(`${url}/api/signin-links`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ scopes, ttlMinutes }),
    });
    const body = await res.json();
    if (res.status !== 201) throw new Error(`${res.status} ${body?.error?.message ?? ""}`);
    return body.url;
  } catch (e) {
    console.error(`could not create a sign-in link: ${e instanceof Error ? e.message : e}`);
    return null;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const url = `http://127.0.0.1:${Number(process.env.PORT ?? 8787)}`;
  const { VIGIL_ADMIN_TOKEN: token } = readDevVars();
  if (!token) {
    console.error("no .dev.vars admin token: run npm start first");
    process.exit(1);
  }
  const link = await signinLink(url, token);
  if (!link) process.exit(1);
  console.log(`One-time sign-in link (60 minutes): ${link}`);
}
