-- Dashboards and notebooks belong to a team (issue 20): lists filter by team, so the owner column is indexed.
CREATE INDEX dashboards_team ON dashboards(team_id);
CREATE INDEX notebooks_team ON notebooks(team_id);
