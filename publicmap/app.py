"""Create the public app: Flask pages rendered on the server from the public file, with no partner routes at all.

Why not Dash: Plotly's script alone is 1.47 MB gzipped (4.8 MB raw), over the 1 MB budget for a first load on a
phone, and Dash's pages and callbacks live in process-wide registries that the partner app fills. Plain HTML
pages with an SVG map need no script, work with any assistive technology, and are cacheable.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import wraps
from pathlib import Path

import flask
from flask_compress import Compress

from publicmap.svg_map import map_view, parse_view
from publicmap.words import change_in_words, month_name, rate_in_words, trend_in_words, year_before
from queries.kept import KeptValues
from queries.public_file import ALL_CRIME, PERIOD_TOTAL, PublicFile

EXTENSION_KEY = "cspmap_public_file"
PAGE_MAX_AGE = 300  # seconds a page may be cached: the file changes at most when it is published again
STATIC_MAX_AGE = 86400
CACHE_KEY = "cspmap_public_pages"
CACHED_PAGES = 2048  # rendered pages kept per worker; a page depends only on the file and its address
SECURITY_HEADERS = {
    # No script at all, and nothing from anywhere else.
    "Content-Security-Policy": "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def create_public_app(db_path: Path) -> flask.Flask:
    """The public app serving the public file at ``db_path`` (written by `cspmap publish`)."""
    app = flask.Flask(__name__, static_url_path="/static")
    app.config["SEND_FILE_MAX_AGE_DEFAULT"] = STATIC_MAX_AGE
    app.config["COMPRESS_MIMETYPES"] = ["text/html", "text/css", "image/svg+xml"]
    app.extensions[EXTENSION_KEY] = PublicFile(db_path)
    app.extensions[CACHE_KEY] = KeptValues(CACHED_PAGES)  # rendered pages by (file identity, address)
    Compress(app)
    app.add_url_rule("/", "home", cached(home))
    app.add_url_rule("/search", "search", search)
    app.add_url_rule("/area/<code>", "area", cached(area))
    app.add_url_rule("/area/<code>/team", "team", cached(team))
    app.add_url_rule("/help", "help", cached(help_page))
    app.add_url_rule("/about", "about", cached(about))
    app.register_error_handler(404, not_found)
    app.after_request(_headers)
    app.context_processor(lambda: {"data": _data(), "month_name": month_name})
    return app


def cached(view: Callable[..., str]) -> Callable[..., str]:
    """``view`` rendered once per published file and address (a 404 raised inside is never stored)."""

    @wraps(view)
    def serve(**kwargs: str) -> str:
        public_file = flask.current_app.extensions[EXTENSION_KEY]
        public_file.current()  # notices a newly published file, changing its identity
        key = (public_file.identity, flask.request.path, tuple(sorted(flask.request.args.items(multi=True))))
        return flask.current_app.extensions[CACHE_KEY].get(key, lambda: view(**kwargs))

    return serve


def _data():
    return flask.current_app.extensions[EXTENSION_KEY].current()


def _headers(response: flask.Response) -> flask.Response:
    response.headers.update(SECURITY_HEADERS)
    if response.status_code == 200 and flask.request.path.startswith("/static/"):
        response.headers["Cache-Control"] = f"public, max-age={STATIC_MAX_AGE}"
    elif response.status_code in (200, 404):
        response.headers["Cache-Control"] = f"public, max-age={PAGE_MAX_AGE}"
    return response


def home() -> str:
    """Find your neighbourhood: search, a summary in words, the map, and every area as a list."""
    data = _data()
    level = data.map_level
    areas = data.areas(level)
    zoom, centre = parse_view(flask.request.args.get("zoom"), flask.request.args.get("x"), flask.request.args.get("y"))
    rates = _level_rates(data, level)
    view = map_view(areas, rates, zoom, centre)
    totals = data.tables["incident_counts"]
    top = data.levels[-1]
    latest = totals[(totals["level"] == top) & (totals["month"] == data.latest_month)]
    crimes = int(latest.loc[latest["category"] != "Anti-social behaviour", "incidents"].sum())
    asb = int(latest.loc[latest["category"] == "Anti-social behaviour", "incidents"].sum())
    places = [name for name in data.areas(top)["name"]]
    rows = [(row.code, row.name, rates.get(row.code)) for row in areas.itertuples()]
    return flask.render_template(
        "home.html", view=view, rows=rows, crimes=crimes, asb=asb, places=places, level=level, isnan=_missing
    )


def _level_rates(data, level: str):
    frame = data.tables["rates"]
    chosen = frame[(frame["level"] == level) & (frame["category"] == ALL_CRIME)]
    return chosen.set_index("area_code")["rate"]


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def search():
    """A postcode goes straight to its neighbourhood; a name to the one area it names, else a list to choose from."""
    data = _data()
    found = data.find(flask.request.args.get("q", ""))
    if len(found.codes) == 1:
        return flask.redirect(flask.url_for("area", code=found.codes[0]), code=303)
    areas = data.tables["areas"]
    results = list(areas[areas["code"].isin(found.codes)].drop_duplicates("code", keep="last").itertuples())
    return flask.render_template("search.html", found=found, results=results)


def area(code: str) -> str:
    """One area's crime and ASB: the latest month against last year, the rate against the CSP's, the trend."""
    data = _data()
    place = data.area(code)
    if place is None:
        flask.abort(404)
    level = place["level"]
    counts = data.counts(code, level)
    rates = data.rates(code, level)
    categories = [ALL_CRIME, *sorted(counts.index)]
    chosen = flask.request.args.get("category", ALL_CRIME)
    chosen = chosen if chosen in categories else ALL_CRIME
    latest, before = data.latest_month, year_before(data.latest_month)
    by_month = _category_months(counts, chosen)
    has_before = before in data.months
    summary = [
        change_in_words(
            name, _month_total(counts, name, latest), _month_total(counts, name, before) if has_before else None, latest
        )
        for name in (ALL_CRIME, "Anti-social behaviour")
    ]
    parent = data.parent(place)
    rate_row = rates.loc[chosen] if chosen in rates.index else None
    rate_text = None
    if rate_row is not None:
        reference = data.area(rate_row["reference_code"]) if isinstance(rate_row["reference_code"], str) else None
        rate_text = rate_in_words(
            float(rate_row["rate"]) if not _missing(rate_row["rate"]) else math.nan,
            float(rate_row["rate_low"]) if not _missing(rate_row["rate_low"]) else math.nan,
            float(rate_row["rate_high"]) if not _missing(rate_row["rate_high"]) else math.nan,
            None if _missing(rate_row["reference_rate"]) else float(rate_row["reference_rate"]),
            reference["name"] if reference is not None else "the area",
        )
    partner = data.partner_asb(code, level)
    confidence = data.confidence(code, level)
    table = [(name, [int(counts.loc[name, month]) for month in data.months]) for name in counts.index]
    peak = max(by_month.values(), default=0) or 1
    return flask.render_template(
        "area.html",
        place=place,
        parent=parent,
        categories=categories,
        chosen=chosen,
        summary=summary,
        change=change_in_words(chosen, by_month[latest], by_month.get(before) if has_before else None, latest),
        rate_text=rate_text,
        by_month=by_month,
        trend=trend_in_words(chosen, by_month),
        peak=peak,
        table=table,
        partner=partner,
        partner_total=PERIOD_TOTAL,
        confidence=confidence,
    )


def _category_months(counts, chosen: str) -> dict[str, int]:
    if chosen == ALL_CRIME:
        rows = counts[counts.index != "Anti-social behaviour"]
        return {month: int(rows[month].sum()) for month in counts.columns}
    if chosen in counts.index:
        return {month: int(counts.loc[chosen, month]) for month in counts.columns}
    return {month: 0 for month in counts.columns}


def _month_total(counts, chosen: str, month: str) -> int:
    return _category_months(counts, chosen).get(month, 0)


def team(code: str) -> str:
    """Who looks after the area, how to contact them, what they have agreed to work on, and when they meet."""
    data = _data()
    place = data.area(code)
    if place is None:
        flask.abort(404)
    teams = data.teams(code, place["level"])
    meetings = data.meetings(list(teams["team_id"]))
    return flask.render_template(
        "team.html",
        place=place,
        teams=list(teams.itertuples()),
        meetings=meetings,
        priorities=list(data.priorities(code, place["level"]).itertuples()),
    )


def help_page() -> str:
    return flask.render_template("help.html")


def about() -> str:
    return flask.render_template("about.html")


def not_found(_error) -> tuple[str, int]:
    return flask.render_template("not_found.html"), 404
