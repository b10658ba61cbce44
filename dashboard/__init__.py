"""The web face: the app shell, pages, figures and the read-only data access they share."""
