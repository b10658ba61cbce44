"""The app shell: creates the Dash app, its navigation and footer; pages register themselves in pages/."""

from __future__ import annotations

from pathlib import Path

import dash
from dash import Dash, dcc, html

from dashboard.data import EXTENSION_KEY, DataAccess
from queries.config import load_config

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
MAIN_ID = "main-content"
NAV_ID = "shell-nav"


def create_app(db_path: Path, config_path: Path | None = None) -> Dash:
    """A Dash app serving the database at ``db_path`` read-only; everything it needs is served locally.

    Analysis settings come from ``config_path``, else ``$CSPMAP_CONFIG``, else queries/defaults.toml.
    """
    app = Dash(
        "dashboard",  # the package name, so Dash imports pages as dashboard.pages.<name>, as tests do
        use_pages=True,
        pages_folder=str(HERE / "pages"),
        assets_folder=str(ASSETS),
        title="cspmap",
        serve_locally=True,
        suppress_callback_exceptions=True,
        index_string=INDEX_HTML,
        meta_tags=[{"name": "viewport", "content": "width=device-width, initial-scale=1"}],
    )
    app.server.extensions[EXTENSION_KEY] = DataAccess(db_path, load_config(config_path))
    app.layout = _shell()
    return app


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
                ],
            ),
            html.Main(dash.page_container, id=MAIN_ID, className="shell-main", tabIndex="-1"),
            html.Footer(ATTRIBUTION, className="shell-footer"),
        ],
    )


def _nav_pages() -> list[dict]:
    """The pages in the navigation; pages registered with ``nav=False`` (the methods) are linked from text."""
    return [page for page in _pages() if page.get("nav", True)]


def _pages() -> list[dict]:
    return sorted(dash.page_registry.values(), key=lambda page: page.get("order", 99))
