"""Serve the dashboard: `python app.py` (building the demo database on first run), `gunicorn app:server` for the
partner dashboard, or `gunicorn app:public_server` for the public neighbourhood map.

The partner database is $CSPMAP_DB, else ./cspmap.duckdb; the users who may sign in are in $CSPMAP_USERS, else
the users file beside the database (with no users the app runs in local mode, answering only this computer).
The public file is $CSPMAP_PUBLIC_DB, else ./public.duckdb. Each app is built only when its name is first asked
for (PEP 562), so a public worker never imports the partner pages, whose Dash registries are process-wide.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from queries.database import resolve_db_path

DB_PATH = resolve_db_path()
PUBLIC_DB_ENV = "CSPMAP_PUBLIC_DB"


def __getattr__(name: str) -> Any:
    if name in ("app", "server"):
        from dashboard.shell import create_app

        dash_app = create_app(DB_PATH)
        globals().update(app=dash_app, server=dash_app.server)
        return globals()[name]
    if name == "public_server":
        from publicmap.app import create_public_app

        public = create_public_app(Path(os.environ.get(PUBLIC_DB_ENV) or "public.duckdb").expanduser())
        globals()["public_server"] = public
        return public
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


if __name__ == "__main__":
    if not DB_PATH.exists():
        from demo.build import build_demo

        print(f"No database at {DB_PATH.resolve()}: building the demo from the real sample in demo/data ...")
        build_demo(DB_PATH)
    from dashboard.startup import startup_message

    print(startup_message(DB_PATH, "http://127.0.0.1:8050"), flush=True)
    __getattr__("app").run(host="127.0.0.1", port=8050)
