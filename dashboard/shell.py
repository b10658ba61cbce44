"""The app shell: creates the Dash app, its navigation and footer; pages register themselves in pages/."""

from __future__ import annotations

from pathlib import Path

import dash
from dash import Dash, dcc, html

from dashboard.basemap import register_basemap_routes
from dashboard.data import EXTENSION_KEY, DataAccess
from queries.config import load_config

HERE = Path(__file__).parent
ASSETS = HERE.parent / "assets"
ATTRIBUTION = (
    "Contains public sector information licensed under the Open Government Licence v3.0. "
    "Police data: police.uk. Boundaries and census: Office for National Statistics; "
    "contains OS data © Crown copyright and database right."
)


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
    )
    app.server.extensions[EXTENSION_KEY] = DataAccess(db_path, load_config(config_path))
    register_basemap_routes(app.server)  # a local PMTiles basemap, when one is configured
    app.layout = _shell()
    return app


def _shell() -> html.Div:
    return html.Div(
        className="shell",
        children=[
            html.Header(
                className="shell-header",
                children=[
                    dcc.Link("cspmap", href="/", className="shell-brand"),
                    html.Nav(
                        className="shell-nav",
                        children=[dcc.Link(page["name"], href=page["relative_path"]) for page in _pages()],
                    ),
                ],
            ),
            html.Main(dash.page_container, className="shell-main"),
            html.Footer(ATTRIBUTION, className="shell-footer"),
        ],
    )


def _pages() -> list[dict]:
    return sorted(dash.page_registry.values(), key=lambda page: page.get("order", 99))
