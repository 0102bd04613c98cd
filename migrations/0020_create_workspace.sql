-- Workspace objects (issue 6): change events, dashboards with versions, panel snapshots, notebooks,
-- share links, pinned scopes, favorites and recently viewed items. All times are epoch ms.

CREATE TABLE change_events (
  id          TEXT PRIMARY KEY,
  title       TEXT NOT NULL,
  source      TEXT NOT NULL,
  category    TEXT NOT NULL,
  type        TEXT NOT NULL,
  happened_at INTEGER NOT NULL,
  labels      TEXT NOT NULL DEFAULT '{}',   -- JSON object label -> value
  payload     TEXT,                         -- JSON, <= 100 KB
  created_by  TEXT NOT NULL,
  created_at  INTEGER NOT NULL
);
CREATE INDEX change_events_happened ON change_events(happened_at);
CREATE INDEX change_events_category ON change_events(category, happened_at);

CREATE TABLE dashboards (
  id          TEXT PRIMARY KEY,
  slug        TEXT UNIQUE,                  -- set for provisioned dashboards so provisioning is idempotent
  title       TEXT NOT NULL,
  model       TEXT NOT NULL,                -- JSON dashboard model (core/workspace/dashboard-model.ts)
  version     INTEGER NOT NULL,
  provisioned INTEGER NOT NULL DEFAULT 0,
  created_by  TEXT NOT NULL,
  created_at  INTEGER NOT NULL,
  updated_by  TEXT NOT NULL,
  updated_at  INTEGER NOT NULL
);
CREATE INDEX dashboards_title ON dashboards(title);

CREATE TABLE dashboard_versions (
  dashboard_id TEXT NOT NULL,
  version      INTEGER NOT NULL,
  model        TEXT NOT NULL,
  created_by   TEXT NOT NULL,
  created_at   INTEGER NOT NULL,
  message      TEXT,
  PRIMARY KEY (dashboard_id, version)
);

CREATE TABLE panel_snapshots (
  id           TEXT PRIMARY KEY,
  dashboard_id TEXT,
  panel_id     TEXT,
  title        TEXT NOT NULL,
  query        TEXT NOT NULL,
  from_ms      INTEGER NOT NULL,
  to_ms        INTEGER NOT NULL,
  data         TEXT NOT NULL,               -- JSON frozen result
  created_by   TEXT NOT NULL,
  created_at   INTEGER NOT NULL
);
CREATE INDEX panel_snapshots_dashboard ON panel_snapshots(dashboard_id, created_at);

CREATE TABLE notebooks (
  id          TEXT PRIMARY KEY,
  owner       TEXT NOT NULL,
  title       TEXT NOT NULL,
  cells       TEXT NOT NULL DEFAULT '[]',   -- JSON array of cells in order (core/workspace/notebook.ts)
  version     INTEGER NOT NULL DEFAULT 1,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL
);
CREATE INDEX notebooks_owner ON notebooks(owner, updated_at);

CREATE TABLE notebook_shares (
  id          TEXT PRIMARY KEY,
  notebook_id TEXT NOT NULL,
  token_hash  TEXT NOT NULL UNIQUE,         -- SHA-256 of the secret in the share URL; the secret is never stored
  created_by  TEXT NOT NULL,
  created_at  INTEGER NOT NULL,
  revoked_at  INTEGER
);
CREATE INDEX notebook_shares_notebook ON notebook_shares(notebook_id);

CREATE TABLE user_scopes (
  user_id     TEXT PRIMARY KEY,
  matchers    TEXT NOT NULL,                -- JSON array of { label, op, value }
  updated_at  INTEGER NOT NULL
);

CREATE TABLE favorites (
  user_id     TEXT NOT NULL,
  kind        TEXT NOT NULL,                -- dashboard | monitor | service | notebook
  target_id   TEXT NOT NULL,
  title       TEXT,
  created_at  INTEGER NOT NULL,
  PRIMARY KEY (user_id, kind, target_id)
);

CREATE TABLE recent_views (
  user_id     TEXT NOT NULL,
  kind        TEXT NOT NULL,
  target_id   TEXT NOT NULL,
  title       TEXT,
  viewed_at   INTEGER NOT NULL,
  PRIMARY KEY (user_id, kind, target_id)
);
CREATE INDEX recent_views_user ON recent_views(user_id, viewed_at);
