-- The alerts an incident page speaks for on its channel: the one that paged and those grouped into it. Their
-- acknowledgements and resolves are the page's; an alert that paged on its own before it joined keeps its own page.
CREATE TABLE incident_page_alerts (
  channel_id   TEXT NOT NULL,
  alert_id     TEXT NOT NULL,
  incident_id  TEXT NOT NULL,
  PRIMARY KEY (channel_id, alert_id)
);
