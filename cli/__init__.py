"""The `cspmap` command line: ingest data, check what is loaded, build the demo, serve the dashboard."""
