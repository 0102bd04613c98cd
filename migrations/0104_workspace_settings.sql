-- Workspace-wide settings, one JSON value per key (e.g. 'incidents.group_by'). A missing key means the default
-- written in code, so a new setting needs no migration of its own.
CREATE TABLE workspace_settings (
  key          TEXT PRIMARY KEY,
  value        TEXT NOT NULL,            -- JSON
  updated_by   TEXT NOT NULL,            -- user id
  updated_at   INTEGER NOT NULL
);
