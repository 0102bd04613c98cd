import { signOut } from "../api/people";
import { me, signedOut } from "../api/session";
import { setToken, token } from "../api/token";
import { navigate } from "../lib/router";

/** A session is ended on the server (the cookie dies with it); a pasted token is only forgotten by this browser. */
export async function signOutEverywhere(): Promise<void> {
  if (!token() && me()?.kind === "session") await signOut().catch(() => undefined);
  setToken(null);
  signedOut();
  navigate("/signin");
}
