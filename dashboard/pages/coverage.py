"""Coverage and standards: who serves each neighbourhood, with how many officers and PCSOs, which partners have
named a contact, whether the minimum service is met, how ASB cases are handled there, and the gaps.

Only counts and presence are shown: never a contact's details, a case or a person. State lives in the URL
(``?level=neighbourhood&months=2018-07&measure=checks``).
"""

from __future__ import annotations

from dataclasses import replace

import dash
import pandas as pd
from dash import Input, Output, callback, dcc, html

from dashboard.answers import cacheable
from dashboard.components.controls import level_picker, month_picker, radio_picker, within_picker
from dashboard.components.filters import (
    LinkReader,
    area_map,
    checked_view,
    choice,
    in_view,
    loaded_options,
    selection_from,
    too_many_areas,
    within_name,
    within_options,
)
from dashboard.components.map_and_table import map_beside_table
from dashboard.components.notices import (
    how_it_is_worked_out,
    illustrative_notice,
    notes_list,
    plain_text,
    problem_notice,
)
from dashboard.components.profile_link import open_profile_on_click, profile_location
from dashboard.components.tables import data_table, number_column, percent_column, table_records, text_column
from dashboard.components.url_state import keep_in_url
from dashboard.data import data_access
from dashboard.figures.area_maps import Measure, empty_map
from dashboard.labels import STANDARD_LABELS
from dashboard.signin import viewer_may_open
from queries.analysis.coverage_gaps import CONTACT_GAP, HOTSPOT_GAP, MINIMUM_GAP, PRIORITY_GAP, Coverage, coverage_gaps
from queries.analysis.small_numbers import CountRule, Withheld, show_withheld, withhold_small_counts
from queries.analysis.standards import ALL_AREAS, Standards, case_standards
from queries.areas import MapView
from queries.errors import CspmapError
from queries.incidents import FilterOptions, counts_by_area, filter_options

dash.register_page(
    __name__, path="/coverage", name="Coverage and standards", title="Coverage and standards · cspmap", order=3
)

LEVEL, MONTHS, MEASURE = "coverage-level", "coverage-months", "coverage-measure"
WITHIN = "coverage-within"
MAP, TABLE, GAPS = "coverage-map", "coverage-table", "coverage-gaps"
STANDARDS_TABLE, STANDARDS_SUMMARY = "coverage-standards-table", "coverage-standards-summary"
BANNER, NOTES, URL_SYNC = "coverage-banner", "coverage-notes", "coverage-url-sync"
MEASURES = {
    # Fewer officers is the greater need, so darker means fewer (area_maps' one colour rule).
    "resourcing": Measure(
        "resourcing",
        "Officers and PCSOs<br>per 1,000 residents",
        decimals=2,
        cap_at_percentile=False,
        darker_when="lower",
    ),
    "checks": Measure("checks_failed", "Minimum-service<br>checks failed", cap_at_percentile=False),
    "cases": Measure("failing_percent", "% of ASB cases<br>failing a standard", cap_at_percentile=False),
}
POLICE_ONLY_MEASURE = Measure("per_1000", "Incidents per 1,000<br>residents (police.uk)", decimals=1)
MEASURE_OPTIONS = {
    "resourcing": "Officers and PCSOs per 1,000 residents",
    "checks": "Minimum-service checks failed",
    "cases": "% of ASB cases failing a standard",
}
# The key columns fit beside the map at 1440 px; "Columns" above the table shows the rest.
COLUMNS = [
    text_column("name", "Area"),
    text_column("police_teams", "Police team", min_width=100),
    {
        **number_column("resourcing", "Staff per 1,000", decimals=2),
        "headerTooltip": "Officers and PCSOs per 1,000 residents",
    },
    {
        **number_column("per_1000", "Incident rate", decimals=1),
        "headerTooltip": "Incidents per 1,000 residents (police.uk)",
    },
    number_column("officers_per_1000", "Officers per 1,000", decimals=2, hidden=True),
    number_column("pcsos_per_1000", "PCSOs per 1,000", decimals=2, hidden=True),
    number_column("officers_per_100_harm", "Officers per 100 harm", decimals=2, hidden=True),
    number_column("pcsos_per_100_harm", "PCSOs per 100 harm", decimals=2, hidden=True),
    text_column("partner_teams", "Partner teams", hidden=True),
    text_column("contact_agencies", "Named contacts from", hidden=True),
    text_column("meeting", "Monthly meeting", hidden=True),
    text_column("minimum", "Minimum service", wrap=True, min_width=150),
    number_column("checks_failed", "Checks failed", hidden=True),
    number_column("cases", "ASB cases", hidden=True),
    percent_column("failing_share", "Cases failing"),
    text_column("code", "Code", hidden=True),
]
STANDARDS_PART = "coverage-standards"  # the [access] name of this page's ASB case standards
NOT_YOUR_ROLE = "ASB case standards are built on case records, which your role does not see."
# The small-number rule (docs/security.md): a few ASB cases in an area are not shown, nor what became of them.
CASE_COUNTS = (
    CountRule("cases", hides=("failing_any", "failing_share", *STANDARD_LABELS)),
    CountRule("failing_any", hides=("failing_share",)),
    *(CountRule(f"{name}_{part}", hides=(name,)) for name in STANDARD_LABELS for part in ("met", "known")),
)
GAP_HEADINGS = {
    PRIORITY_GAP: "Priority areas with below-median police resourcing",
    HOTSPOT_GAP: "Hot spots in no police team's area",
    CONTACT_GAP: "No named partner contact",
}
# What the map and tables take from each result (either may be missing: no teams, or no ASB cases, loaded).
COVERAGE_FIELDS = [
    "police_teams",
    "partner_teams",
    "officers_per_1000",
    "pcsos_per_1000",
    "officers_per_100_harm",
    "pcsos_per_100_harm",
    "contact_agencies",
    "monthly_meeting",
    "minimum_service",
    "lacks",
]
STANDARD_PARTS = ("met", "known", "share", "low", "high")
STANDARD_FIELDS = [
    "cases",
    "failing_any",
    "failing_share",
    *(f"{name}_{part}" for name in STANDARD_LABELS for part in STANDARD_PARTS),
]


def layout(
    level: str | None = None,
    months: str | None = None,
    measure: str | None = None,
    within: str | None = None,
    **_other_query: str,
) -> html.Div:
    """The page, with its choices set from the URL query (what is not a choice is ignored, and the page says so)."""
    options = loaded_options()
    if not isinstance(options, FilterOptions):
        return options
    settings = data_access().config
    top = settings.coverage.priority_top
    link = LinkReader()
    controls = [
        level_picker(LEVEL, options.levels, link, level),
        within_picker(WITHIN, within_options(), link, within),
        month_picker(MONTHS, options.months, link, months, "Police data months (harm, priorities, hot spots)"),
        radio_picker("Colour by", MEASURE, MEASURE_OPTIONS, link, "measure", measure, "resourcing"),
    ]
    return html.Div(
        className="page coverage-page",
        children=[
            html.H1("Coverage and standards"),
            html.P(
                "Who serves each area: the police and partner teams covering it, officers and PCSOs for its "
                "residents and its harm, which agencies have named a contact, whether a community meeting is held "
                "monthly and the minimum service is met, and how ASB cases reported there were handled.",
                className="lede",
            ),
            link.notice(),
            html.Div(id=BANNER),
            html.Div(className="controls", children=controls),
            map_beside_table(MAP, data_table(TABLE, COLUMNS, label="Coverage by area", file_name="coverage")),
            html.Div(
                className="coverage-below",
                children=[
                    html.Section(
                        className="coverage-gaps",
                        children=[
                            html.H2("Gaps"),
                            html.P(
                                f"Priority areas are the top {top} of the priority index for the same months.",
                                className="section-lede",
                            ),
                            html.Div(id=GAPS),
                        ],
                    ),
                    html.Section(
                        className="coverage-standards",
                        children=[
                            html.H2("ASB case standards"),
                            html.Div(id=STANDARDS_SUMMARY),
                            html.Div(
                                data_table(
                                    STANDARDS_TABLE,
                                    _standard_columns(settings.standards.interval),
                                    420,
                                    label="ASB case standards by area",
                                    file_name="asb-case-standards",
                                ),
                                className="table-panel",
                            ),
                        ],
                    ),
                ],
            ),
            html.Section(
                className="coverage-notes",
                children=[html.H2("Notes"), how_it_is_worked_out(html.Div(id=NOTES))],
            ),
            dcc.Store(id=URL_SYNC),
            profile_location(MAP),
        ],
    )


@callback(
    Output(MAP, "figure"),
    Output(TABLE, "rowData"),
    Output(GAPS, "children"),
    Output(STANDARDS_TABLE, "rowData"),
    Output(STANDARDS_SUMMARY, "children"),
    Output(BANNER, "children"),
    Output(NOTES, "children"),
    Input(LEVEL, "value"),
    Input(MONTHS, "value"),
    Input(MEASURE, "value"),
    Input(WITHIN, "value"),
)
def show_coverage(level: str, months: list[str] | None, measure: str, within: str | None = None):
    """Coverage, gaps and case standards for the level; redraw outlines only when the level or the area changes."""
    data = data_access()
    try:
        options = data.call(filter_options)
        level = choice("level", level, options.levels)
        selection = selection_from(options, months)
        measure = choice("measure", measure, MEASURES)
        view = checked_view(level, within)
    except CspmapError as exc:
        return empty_map(), [], None, [], None, problem_notice(str(exc)), None
    if not view.fits:
        return empty_map(), [], None, [], None, too_many_areas(view), None
    coverage, coverage_problem = _attempt(coverage_gaps, level=level, selection=selection, config=data.config)
    if viewer_may_open(STANDARDS_PART):
        standards, standards_problem = _attempt(case_standards, level=level, config=data.config)
    else:
        standards, standards_problem = None, NOT_YOUR_ROLE
    incidents = in_view(data.call(counts_by_area, level=level, months=selection.months or ()), view)
    if coverage is None and standards is None:
        return _police_data_only(level, incidents, f"{coverage_problem} {standards_problem}", view)
    banner = [_missing(coverage_problem), _banner(coverage, standards)]
    table, withheld = _withhold_small_counts(_area_table(coverage, standards), data.config.access.partner_threshold)
    table = in_view(table, view).merge(incidents[["code", "per_1000"]], on="code", how="left")
    figure = area_map(LEVEL, level, table, MEASURES[measure], _hover(table), view, WITHIN)
    if coverage is not None:  # the gaps listed are those of the areas in view
        coverage = replace(coverage, gaps=in_view(coverage.gaps, view, "area_code"))
    return cacheable(
        figure,
        table_records(table, COLUMNS),
        _gaps(coverage, len(table)) if coverage is not None else None,
        table_records(table, _standard_columns(data.config.standards.interval)) if standards is not None else [],
        _standards_summary(standards, data.config.standards.interval, view.within, data.config.access.partner_threshold)
        if standards is not None
        else _missing(standards_problem),
        banner,
        [*_notes(coverage, standards), *_withheld_note(withheld)],
    )


keep_in_url(URL_SYNC, {"level": LEVEL, "months": MONTHS, "measure": MEASURE, "within": WITHIN})
open_profile_on_click(MAP)


def _police_data_only(level: str, incidents: pd.DataFrame, problem: str, view: MapView) -> tuple:
    """Without teams or ASB cases: the police.uk demand each area has (incidents per 1,000 residents) on the
    map and in the table, and a notice saying what to load to see the coverage."""
    hover = [
        f"<b>{row.name}</b><br>Incidents per 1,000 residents: {_or_unknown(row.per_1000, '{:.1f}')}"
        for row in incidents.itertuples(index=False)
    ]
    figure = area_map(LEVEL, level, incidents, POLICE_ONLY_MEASURE, hover, view, WITHIN)
    rows = table_records(incidents.reindex(columns=[c["field"] for c in COLUMNS]), COLUMNS)
    notice = html.Div(
        className="notice partial",
        role="alert",
        children=[
            html.Strong("No partner data yet: "),
            f"{problem} Until then the map and table show the police.uk side only: incidents per 1,000 residents, "
            "where the demand is.",
        ],
    )
    return figure, rows, None, [], _missing(problem), notice, None


def _attempt(function, **arguments):
    """The cached result and no problem, or no result and what is missing (e.g. no teams or cases loaded)."""
    try:
        return data_access().call(function, **arguments), None
    except CspmapError as exc:
        return None, str(exc)


def _area_table(coverage: Coverage | None, standards: Standards | None) -> pd.DataFrame:
    """One row per area for the map and tables: the results' columns side by side, with words for yes and no.

    Nothing is recomputed: officers and PCSOs per 1,000 residents is the sum the gaps compare with the median,
    checks failed counts the items the minimum-service check lists as lacking.
    """
    base = coverage.table if coverage is not None else standards.table
    table = base.rename(columns={"area_code": "code", "area_name": "name"})
    if coverage is not None and standards is not None:
        from_standards = standards.table[["area_code", *STANDARD_FIELDS]].rename(columns={"area_code": "code"})
        table = table.merge(from_standards, on="code", how="left")
    table = table.reindex(columns=["code", "name", *COVERAGE_FIELDS, *STANDARD_FIELDS])
    for column in ("police_teams", "partner_teams", "contact_agencies"):
        table[column] = table[column].replace("", "none")
    table["resourcing"] = table["officers_per_1000"] + table["pcsos_per_1000"]
    table["meeting"] = table["monthly_meeting"].map({True: "Yes", False: "No"})
    table["minimum"] = table["minimum_service"].map({True: "Met"}).fillna(table["lacks"])
    table["checks_failed"] = table["lacks"].map(
        lambda lacks: len(lacks.split("; ")) if lacks else 0, na_action="ignore"
    )
    table["failing_percent"] = 100.0 * table["failing_share"]
    for name in STANDARD_LABELS:
        parts = table[[f"{name}_{part}" for part in STANDARD_PARTS]].to_numpy()
        table[name] = [_standard_text(*values) for values in parts]
    return table


def _withhold_small_counts(table: pd.DataFrame, threshold: int) -> tuple[pd.DataFrame, Withheld | None]:
    """The table with small ASB case counts, and what they would reveal, replaced by words (small-number rule)."""
    if "cases" not in table or table["cases"].isna().all():
        return table, None
    withheld = withhold_small_counts(table, CASE_COUNTS, threshold)
    shown = show_withheld(table, withheld)
    shown["failing_percent"] = table["failing_percent"].where(~withheld.mask["failing_share"])  # blank on the map
    return shown, withheld


def _withheld_note(withheld: Withheld | None) -> list:
    if withheld is None or not withheld.areas:
        return []
    return [
        html.P(
            f"ASB case counts under {withheld.threshold} are not shown ({withheld.areas} areas), nor one more where "
            "a single one would otherwise be worked out from the total: a few cases can single out a resident."
        )
    ]


def _standard_columns(interval: float) -> list[dict]:
    return [
        text_column("name", "Area"),
        number_column("cases", "ASB cases"),
        *(
            {
                **text_column(name, label, min_width=150),
                "headerTooltip": f"{label}: cases met of those known, %, and the {interval:.0%} interval",
            }
            for name, label in STANDARD_LABELS.items()
        ),
        number_column("failing_any", "Cases failing any", hidden=True),
        percent_column("failing_share", "Failing any (%)"),
        text_column("code", "Code", hidden=True),
    ]


def _standard_text(met: float, known: float, share: float, low: float, high: float) -> str | None:
    if pd.isna(known):
        return None
    if known == 0:
        return "no cases"
    return f"{int(met)} of {int(known)}: {share:.0%} ({low:.0%}–{high:.0%})"


def _hover(table: pd.DataFrame) -> list[str]:
    rows = []
    for row in table.itertuples(index=False):
        lines = [f"<b>{row.name}</b> ({row.code})"]
        if pd.notna(row.minimum):
            lines += [
                f"Police team: {row.police_teams}",
                f"Officers and PCSOs per 1,000 residents: {_or_unknown(row.resourcing, '{:.2f}')}",
                f"Minimum service: {row.minimum}",
            ]
        if isinstance(row.cases, str):
            lines.append(f"ASB cases: {row.cases}")
        elif pd.notna(row.cases):
            failing = f"{_whole(row.failing_any)} of {int(row.cases)}" if row.cases else "no cases"
            lines.append(f"ASB cases failing a standard: {failing}")
        rows.append("<br>".join(lines))
    return rows


def _whole(value: object) -> str:
    return str(value) if isinstance(value, str) else f"{int(value):,}"


def _gaps(coverage: Coverage, areas: int) -> list:
    """The gaps in plain words: priority areas, hot spots and contacts listed; the minimum service folded away."""
    sections = []
    for gap, heading in GAP_HEADINGS.items():
        found = coverage.gaps[coverage.gaps["gap"] == gap]
        items = [
            html.Li([html.Strong(row.area_name), f": {plain_text(row.detail)}"])
            for row in found.itertuples(index=False)
        ]
        if gap not in coverage.checked:
            body = html.P("Not checked: the notes below say why.", className="gap-none")
        else:
            body = html.Ul(items) if items else html.P("None found.", className="gap-none")
        count = html.Span(f" {len(found)}", className="gap-count") if gap in coverage.checked else None
        sections.append(html.Div(className="gap", children=[html.H3([heading, count]), body]))
    below = coverage.gaps[coverage.gaps["gap"] == MINIMUM_GAP]
    sections.append(
        html.Details(
            className="gap",
            children=[
                html.Summary(
                    f"Below the minimum service: {len(below)} of {areas} areas (what each lacks)",
                ),
                html.Ul(
                    [
                        html.Li([html.Strong(row.area_name), f": {plain_text(row.detail)}"])
                        for row in below.itertuples(index=False)
                    ]
                ),
            ],
        )
    )
    return sections


def _standards_summary(
    standards: Standards, interval: float, within: tuple[str, str] | None = None, threshold: int = 0
) -> html.P:
    """The standards over every case, or over the chosen CSP's when one is chosen under "Within" (a reference area,
    config rates.reference_level) and it has at least ``threshold`` cases (the small-number rule); else over every
    case, and the summary says so."""
    by_reference = standards.reference.set_index("reference_code")
    chosen = within[1] if within is not None and within[1] in by_reference.index else None
    if chosen is not None and by_reference.loc[chosen, "cases"] < threshold:
        chosen = None
    everyone = by_reference.loc[chosen or ALL_AREAS]
    where = f"In {within_name(within)}, " if chosen else ("Across every area, " if within is not None else "")
    parts = [
        f"{everyone[f'{name}_share']:.0%} {label.lower()} ({everyone[f'{name}_low']:.0%}–"
        f"{everyone[f'{name}_high']:.0%})"
        for name, label in STANDARD_LABELS.items()
    ]
    return html.P(
        className="section-lede",
        children=[
            f"{where}{plain_text(standards.period.description)}: {int(everyone['cases']):,} cases, of which ",
            "; ".join(parts),
            f"; {everyone['failing_share']:.0%} failed at least one. Intervals are {interval:.0%} Wilson intervals.",
        ],
    )


def _missing(problem: str | None) -> html.Div | None:
    """What part of the page is empty and how to fill it (e.g. no teams loaded), when the rest can be shown."""
    if not problem:
        return None
    return html.Div(className="notice partial", role="alert", children=[html.Strong("Not shown: "), problem])


def _banner(coverage: Coverage | None, standards: Standards | None) -> html.Div | None:
    label = (coverage.label if coverage is not None else None) or (standards.label if standards is not None else None)
    if not label:
        return None
    return illustrative_notice(
        f"The teams, staff, named contacts, meetings and ASB cases on this page come from partner data labelled "
        f"{label}: read the page as an example of what cspmap shows, not as findings. Harm-weighted incidents and "
        "hot spots are police.uk data."
    )


def _notes(coverage: Coverage | None, standards: Standards | None) -> list:
    notes = []
    for title, result in (("Coverage and gaps", coverage), ("ASB case standards", standards)):
        if result is not None:
            notes += [html.H3(title), notes_list(result.notes)]
    return notes


def _or_unknown(value: float, template: str) -> str:
    return template.format(value) if pd.notna(value) else "unknown"
