"""The app shell: creates the Dash app, its navigation and footer; pages register themselves in pages/."""

from __future__ import annotations

import gc
import logging
import sys
import time
from datetime import timedelta
from pathlib import Path

import dash
import flask
from dash import Dash, dcc, html
from werkzeug.middleware.proxy_fix import ProxyFix

from dashboard.access import may_open, page_name
from dashboard.answers import install_answer_cache
from dashboard.basemap import register_basemap_routes
from dashboard.data import EXTENSION_KEY, DataAccess
from dashboard.precompressed import install_precompressed
from dashboard.request_guard import callback_failed, install_request_guard
from dashboard.security_headers import install_security_headers
from dashboard.signin import SignIn, current_signin, current_viewer, install_signin
from dashboard.users import resolve_users_path, session_key
from queries.config import AccessConfig, load_config

HERE = Path(__file__).parent
ASSETS = HERE.parent / "assets"
ATTRIBUTION = (
    "Contains public sector information licensed under the Open Government Licence v3.0. "
    "Police data: police.uk. Boundaries and census: Office for National Statistics; "
    "contains OS data © Crown copyright and database right."
)
# Dash's own page, with the language set (WCAG 3.1.1) and its scripts outside <footer>: Dash puts them in a
# second <footer>, which would give the page two "contentinfo" landmarks.
INDEX_HTML = """<!DOCTYPE html>
<html lang="en-GB">
    <head>
        {%metas%}
        <title>{%title%}</title>
        {%favicon%}
        {%css%}
    </head>
    <body>
        {%app_entry%}
        <div class="dash-scripts">
            {%config%}
            {%scripts%}
            {%renderer%}
        </div>
    </body>
</html>"""
# flask-compress leaves gzip out of its streaming algorithms, so the files in assets/ (Flask streams them) went out
# uncompressed to a client offering only gzip; assets/plotly-cspmap.min.js is 2.99 MB raw, 0.88 MB gzipped.
COMPRESS_STREAMING = ["zstd", "br", "gzip", "deflate"]
# The partial plotly.js is served but not put in every page: assets/plotly-loader.js has dcc.Graph fetch it.
PLOTLY_BUNDLE = r"^plotly-cspmap\.min\.js$"
MAIN_ID = "main-content"
NAV_ID = "shell-nav"


def create_app(db_path: Path, config_path: Path | None = None, users_path: Path | None = None) -> Dash:
    """A Dash app serving the database at ``db_path`` read-only; everything it needs is served locally.

    Analysis settings come from ``config_path``, else ``$CSPMAP_CONFIG``, else queries/defaults.toml. Who may
    sign in is in ``users_path``, else ``$CSPMAP_USERS``, else the users file beside the database; with no users
    the app answers only requests from this computer (local mode).
    """
    config = load_config(config_path)
    server = flask.Flask("dashboard")  # the Flask app Dash would make, with compression set before Dash starts it
    server.config["COMPRESS_ALGORITHM_STREAMING"] = COMPRESS_STREAMING
    app = Dash(
        "dashboard",  # the package name, so Dash imports pages as dashboard.pages.<name>, as tests do
        server=server,
        use_pages=True,
        pages_folder=str(HERE / "pages"),
        assets_folder=str(ASSETS),
        assets_ignore=PLOTLY_BUNDLE,
        title="cspmap",
        serve_locally=True,
        compress=True,  # gzip every text response (flask-compress): the scripts shrink about fourfold
        suppress_callback_exceptions=True,
        on_error=callback_failed,
        index_string=INDEX_HTML,
        meta_tags=[{"name": "viewport", "content": "width=device-width, initial-scale=1"}],
    )
    app.server.extensions[EXTENSION_KEY] = DataAccess(db_path, config)
    users = resolve_users_path(db_path, users_path)
    _configure_sessions(app.server, users, config.access)
    install_signin(app.server, SignIn(users, config.access))
    install_request_guard(app)
    install_answer_cache(app)  # after the guard: a refused request never reaches a kept answer
    install_security_headers(app)
    install_precompressed(app)  # the scripts as brotli 11, once worked out
    register_basemap_routes(app.server)  # a local PMTiles basemap, when one is configured
    _log_to_stderr()
    app.layout = _shell  # a function: the navigation is drawn for the person asking
    _freeze_what_lasts()
    return app


def _freeze_what_lasts() -> None:
    """Take what is loaded by now (Dash, Plotly, pandas, the pages: 200,000 objects that last as long as the
    process) out of the garbage collector's sight.

    Otherwise every full collection walks them all, about 150-250 ms on the development machine, and it lands on
    whichever request is running, a cached repeat as likely as any; after this it walks only what requests made
    since. Garbage is collected first, so nothing unreachable is kept."""
    gc.collect()
    gc.freeze()


def _configure_sessions(server: flask.Flask, users_path: Path, settings: AccessConfig) -> None:
    """Session cookies signed with the key beside the users file (shared by every worker), HttpOnly, SameSite."""
    server.secret_key = session_key(users_path)
    server.config.update(
        SESSION_COOKIE_NAME="cspmap_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.secure_cookies,
        PERMANENT_SESSION_LIFETIME=timedelta(hours=settings.session_hours),
    )
    if settings.trusted_proxies:
        # Believe the proxies' X-Forwarded-For (the address in logs and the sign-in slow-down) and -Proto.
        count = settings.trusted_proxies
        server.wsgi_app = ProxyFix(server.wsgi_app, x_for=count, x_proto=count, x_host=count)


def _log_to_stderr() -> None:
    """Sign-ins and refused requests go to standard error (gunicorn's error log), times in UTC."""
    logger = logging.getLogger("cspmap")
    if logger.handlers:
        return
    handler = logging.StreamHandler(sys.stderr)
    formatter = logging.Formatter("%(asctime)s UTC %(name)s %(levelname)s %(message)s")
    formatter.converter = time.gmtime
    handler.setFormatter(formatter)
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)


def _shell() -> html.Div:
    return html.Div(
        className="shell",
        children=[
            # The first Tab stop: straight past the navigation to the page (WCAG 2.4.1).
            html.A("Skip to main content", href=f"#{MAIN_ID}", className="skip-link"),
            html.Header(
                className="shell-header",
                children=[
                    dcc.Link("cspmap", href="/", className="shell-brand"),
                    # On a narrow screen the links fold behind this button (assets/shell.js opens them).
                    html.Button(
                        "Menu",
                        className="nav-toggle",
                        **{"aria-expanded": "false", "aria-controls": NAV_ID},
                    ),
                    html.Nav(
                        id=NAV_ID,
                        className="shell-nav",
                        **{"aria-label": "Pages"},
                        children=[dcc.Link(page["name"], href=page["relative_path"]) for page in _nav_pages()],
                    ),
                    _viewer_bar(),
                ],
            ),
            _local_mode_banner(),
            html.Main(dash.page_container, id=MAIN_ID, className="shell-main", tabIndex="-1"),
            html.Footer(ATTRIBUTION, className="shell-footer"),
        ],
    )


def _nav_pages() -> list[dict]:
    """The pages in the navigation: those the person may open, less pages registered with ``nav=False`` (the
    methods), which are linked from text."""
    return [page for page in _visible_pages() if page.get("nav", True)]


def _pages() -> list[dict]:
    return sorted(dash.page_registry.values(), key=lambda page: page.get("order", 99))


def _visible_pages() -> list[dict]:
    """The pages the person asking may open (all of them outside a request, e.g. when Dash checks the layout)."""
    viewer = current_viewer() if flask.has_request_context() else None
    if viewer is None or viewer.local:
        return _pages()
    roles = current_signin().settings.roles
    return [page for page in _pages() if may_open(roles, viewer.role, page_name(page["module"]))]


def _viewer_bar() -> html.Div | None:
    """Who is signed in, with a sign-out link (a real request, not a page change)."""
    viewer = current_viewer() if flask.has_request_context() else None
    if viewer is None or viewer.local:
        return None
    return html.Div(
        className="shell-viewer",
        children=[f"Signed in as {viewer.name} ({viewer.role}) · ", html.A("Sign out", href="/logout")],
    )


def _local_mode_banner() -> html.Aside | None:
    viewer = current_viewer() if flask.has_request_context() else None
    if viewer is None or not viewer.local:
        return None
    # A landmark of its own (complementary), so that no page content sits outside a landmark (axe "region").
    return html.Aside(
        className="local-mode",
        **{"aria-label": "Local mode"},
        children=[
            html.Strong("Local mode: "),
            "no sign-in, because this server has no users and answers only on this computer. Every page is open. "
            "Add a user (cspmap users add NAME --role analyst) and sign-in is required on every address.",
        ],
    )
