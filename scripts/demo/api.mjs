// A small client for Vigil's own API. A route that is not there yet (404 on the route itself) is reported
// once as "skipped: <feature> API not available yet (HTTP 404)" and the simulator goes on.

/** @typedef {{ status: number, body: any }} Reply */

export class VigilApi {
  /** @param {string} url @param {string} token @param {(line: string) => void} log */
  constructor(url, token, log) {
    this.url = url.replace(/\/$/, "");
    this.token = token;
    this.log = log;
    /** @type {Set<string>} */
    this.skipped = new Set();
  }

  /** @param {string} method @param {string} path @param {unknown} [body] @param {Record<string, string>} [headers] @returns {Promise<Reply>} */
  async call(method, path, body, headers = {}) {
    try {
      const res = await fetch(`${this.url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${this.token}`,
          ...(body === undefined ? {} : { "content-type": "application/json" }),
          ...headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      let parsed = text;
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {
        // not JSON: keep the text
      }
      return { status: res.status, body: parsed };
    } catch (e) {
      return { status: 0, body: /** @type {Error} */ (e).message };
    }
  }

  /** Whether a reply means "this route does not exist" (as opposed to "this object does not exist"). @param {Reply} r */
  static missingRoute(r) {
    // Outside /api and /v1 an unknown path falls through to the web app's assets (HTML, maybe 200 or 405).
    if (typeof r.body === "string" && /<html|<!doctype/i.test(r.body)) return true;
    if (r.status === 404 || r.status === 405) {
      const message = r.body && typeof r.body === "object" ? String(r.body.error?.message ?? "") : String(r.body ?? "");
      return message === "" || /^no route for/i.test(message) || /not found/i.test(message);
    }
    return false;
  }

  /** Log the one "skipped" line for a feature (once per run) and return false; true when the reply is a success.
   * @param {string} feature @param {Reply} r @param {string} what */
  report(feature, r, what) {
    if (r.status >= 200 && r.status < 300 && !VigilApi.missingRoute(r)) return true;
    if (VigilApi.missingRoute(r) || r.status === 0) {
      if (!this.skipped.has(feature)) {
        this.skipped.add(feature);
        this.log(`skipped: ${feature} API not available yet (${r.status ? `HTTP ${r.status}` : r.body})`);
      }
      return false;
    }
    const msg =
      r.body && typeof r.body === "object" ? (r.body.error?.message ?? JSON.stringify(r.body)) : String(r.body);
    this.log(`warning: ${what} failed (HTTP ${r.status}): ${String(msg).slice(0, 300)}`);
    return false;
  }
}
