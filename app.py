"""Serve the dashboard: `python app.py` (building the demo database on first run) or `gunicorn app:server`.

The database is $CSPMAP_DB, else ./cspmap.duckdb; the users who may sign in are in $CSPMAP_USERS, else the users
file beside the database. With no users the app runs in local mode, answering only this computer.
"""

from __future__ import annotations

from dashboard.shell import create_app
from queries.database import resolve_db_path

DB_PATH = resolve_db_path()
app = create_app(DB_PATH)
server = app.server

if __name__ == "__main__":
    if not DB_PATH.exists():
        from demo.build import build_demo

        print(f"No database at {DB_PATH.resolve()}: building the demo from the real sample in demo/data ...")
        build_demo(DB_PATH)
    from dashboard.startup import startup_message

    print(startup_message(DB_PATH, "http://127.0.0.1:8050"), flush=True)
    app.run(host="127.0.0.1", port=8050)
