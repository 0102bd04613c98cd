-- One-time sign-in links: `npm start` and admins hand these out instead of a reusable token in a URL.
-- Only the SHA-256 hash of the code is stored; a code is spent by the first exchange or when it expires.
CREATE TABLE signin_links (
  hash        TEXT PRIMARY KEY,
  user_id     TEXT NOT NULL,
  scopes      TEXT NOT NULL,            -- JSON array: the scopes of the token the exchange mints
  created_by  TEXT NOT NULL,
  created_at  INTEGER NOT NULL,         -- epoch ms
  expires_at  INTEGER NOT NULL,
  used_at     INTEGER,
  token_id    TEXT                      -- the token the exchange minted
);
CREATE INDEX signin_links_expiry ON signin_links(expires_at);
