"""The dashboards' pages: the overview with its panels (`overview`) and the drill-down behind
the organizational-life figures (`life`)."""
