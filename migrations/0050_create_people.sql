-- People (issue 20): users, their identities at identity providers, teams with roles, collections, browser sessions,
-- pending OpenID Connect logins and the audit log. All times are epoch ms.

-- A person. Signed in through a provider they get a usr_… id (just in time); the user id an older token names
-- ("alice", "admin") is its own row, created when the token is minted or first used, so old tokens keep working.
CREATE TABLE users (
  id               TEXT PRIMARY KEY,
  handle           TEXT NOT NULL UNIQUE,          -- @handle: lowercase, shares a namespace with team slugs
  name             TEXT NOT NULL,
  email            TEXT,
  avatar_url       TEXT,
  time_zone        TEXT NOT NULL DEFAULT 'UTC',   -- IANA zone
  time_zone_source TEXT NOT NULL DEFAULT 'default', -- default | browser | user
  time_display     TEXT NOT NULL DEFAULT 'zone',  -- zone | utc
  role             TEXT NOT NULL DEFAULT 'viewer', -- organisation-wide: viewer | responder | editor | admin
  created_at       INTEGER NOT NULL,
  updated_at       INTEGER NOT NULL,
  last_seen_at     INTEGER,
  disabled_at      INTEGER
);
CREATE UNIQUE INDEX users_email ON users(email COLLATE NOCASE) WHERE email IS NOT NULL;

-- Who a user is at a provider: (oidc:<issuer> | access:<team domain>, subject).
CREATE TABLE user_identities (
  provider      TEXT NOT NULL,
  subject       TEXT NOT NULL,
  user_id       TEXT NOT NULL,
  groups        TEXT NOT NULL DEFAULT '[]',       -- JSON: the provider's groups claim at the last sign-in
  created_at    INTEGER NOT NULL,
  last_login_at INTEGER NOT NULL,
  PRIMARY KEY (provider, subject)
);
CREATE INDEX user_identities_user ON user_identities(user_id);

CREATE TABLE teams (
  id          TEXT PRIMARY KEY,
  slug        TEXT NOT NULL UNIQUE,
  name        TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  created_by  TEXT NOT NULL,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL
);
CREATE UNIQUE INDEX teams_name ON teams(name COLLATE NOCASE);

CREATE TABLE team_members (
  team_id   TEXT NOT NULL,
  user_id   TEXT NOT NULL,
  role      TEXT NOT NULL,                        -- viewer | responder | editor | admin
  source    TEXT NOT NULL DEFAULT 'manual',       -- manual | groups (kept in step with the groups claim)
  added_by  TEXT NOT NULL,
  added_at  INTEGER NOT NULL,
  PRIMARY KEY (team_id, user_id)
);
CREATE INDEX team_members_user ON team_members(user_id);

-- Where a mention of @team goes besides its members' live feeds (notification_channels ids).
CREATE TABLE team_channels (
  team_id    TEXT NOT NULL,
  channel_id TEXT NOT NULL,
  PRIMARY KEY (team_id, channel_id)
);

-- The provider's groups claim mapped onto teams: a member of the group joins the team with this role.
CREATE TABLE team_group_mappings (
  group_name TEXT NOT NULL,
  team_id    TEXT NOT NULL,
  role       TEXT NOT NULL,
  PRIMARY KEY (group_name, team_id)
);

CREATE TABLE collections (
  id          TEXT PRIMARY KEY,
  slug        TEXT NOT NULL UNIQUE,
  name        TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  team_id     TEXT,
  created_by  TEXT NOT NULL,
  created_at  INTEGER NOT NULL
);
CREATE UNIQUE INDEX collections_name ON collections(name COLLATE NOCASE);

-- Browser sessions. The cookie holds a 32-byte secret; only its SHA-256 is stored.
CREATE TABLE sessions (
  id           TEXT PRIMARY KEY,                  -- SHA-256 hex of the cookie's secret
  user_id      TEXT NOT NULL,
  method       TEXT NOT NULL,                     -- oidc | access | link
  identity     TEXT,                              -- provider:subject it was opened for (Access re-checks it)
  created_at   INTEGER NOT NULL,
  expires_at   INTEGER NOT NULL,                  -- absolute end
  last_seen_at INTEGER NOT NULL,                  -- idle expiry counts from here
  revoked_at   INTEGER,
  user_agent   TEXT
);
CREATE INDEX sessions_user ON sessions(user_id, created_at);
CREATE INDEX sessions_expiry ON sessions(expires_at);

-- OpenID Connect authorization requests in flight (state -> PKCE verifier, nonce); spent by the callback.
CREATE TABLE oidc_logins (
  state_hash    TEXT PRIMARY KEY,
  code_verifier TEXT NOT NULL,
  nonce         TEXT NOT NULL,
  next_path     TEXT NOT NULL,
  time_zone     TEXT,
  created_at    INTEGER NOT NULL,
  expires_at    INTEGER NOT NULL
);

-- Who changed what, and when. Kept for AUDIT_RETENTION_DAYS.
CREATE TABLE audit_log (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  at          INTEGER NOT NULL,
  actor_id    TEXT NOT NULL,
  actor_kind  TEXT NOT NULL,                      -- token | bootstrap | session
  action      TEXT NOT NULL,                      -- created | updated | deleted | expired | revoked | …
  object_kind TEXT NOT NULL,                      -- monitor | mute | slo | channel | token | team | user | session
  object_id   TEXT NOT NULL,
  summary     TEXT NOT NULL,
  details     TEXT,                               -- JSON
  request_id  TEXT
);
CREATE INDEX audit_object ON audit_log(object_kind, object_id, at);
CREATE INDEX audit_at ON audit_log(at);

-- Ownership: monitors, dashboards and notebooks may belong to a team (SLOs, issue 15, add the same column).
ALTER TABLE monitors ADD COLUMN team_id TEXT;
ALTER TABLE monitors ADD COLUMN collection_id TEXT;
CREATE INDEX monitors_team ON monitors(team_id);
ALTER TABLE dashboards ADD COLUMN team_id TEXT;
ALTER TABLE notebooks ADD COLUMN team_id TEXT;

-- Monitors saved before teams were objects named them as text: make those names real teams and collections.
INSERT OR IGNORE INTO teams (id, slug, name, created_by, created_at, updated_at)
  SELECT 'tm_' || lower(hex(randomblob(8))), lower(replace(trim(team), ' ', '-')), trim(team), 'migration', unixepoch() * 1000, unixepoch() * 1000
  FROM (SELECT DISTINCT team FROM monitors WHERE trim(team) != '');
UPDATE monitors SET team_id = (SELECT id FROM teams WHERE lower(teams.name) = lower(trim(monitors.team))) WHERE trim(team) != '';
INSERT OR IGNORE INTO collections (id, slug, name, created_by, created_at)
  SELECT 'col_' || lower(hex(randomblob(8))), lower(replace(trim(collection), ' ', '-')), trim(collection), 'migration', unixepoch() * 1000
  FROM (SELECT DISTINCT collection FROM monitors WHERE trim(collection) != '');
UPDATE monitors SET collection_id = (SELECT id FROM collections WHERE lower(collections.name) = lower(trim(monitors.collection)))
  WHERE trim(collection) != '';

-- The bootstrap admin token's user, so it shows as a person ("Admin") in comments and the audit log.
INSERT INTO users (id, handle, name, role, created_at, updated_at)
VALUES ('admin', 'admin', 'Admin', 'admin', unixepoch() * 1000, unixepoch() * 1000);
