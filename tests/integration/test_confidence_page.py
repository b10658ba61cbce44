"""The confidence and targets page's callback and sections called directly on the demo, checked against the
analysis and against the survey responses counted independently in SQL."""

from __future__ import annotations

import importlib
import shutil
from pathlib import Path

import pytest
from dash import html

from queries.analysis.confidence import survey_shares
from queries.analysis.selection import parse_months
from queries.analysis.targets import target_progress
from queries.config import load_config
from queries.database import write_session
from tests.conftest import run_callback, serving
from tests.page_trees import find, text_of

pytestmark = pytest.mark.filterwarnings("ignore:\\s*The dash_table.DataTable will be removed:DeprecationWarning")

THREE_YEARS = "2015-10..2018-09"
# Answered responses and the weighted share agreeing per area of $level, from the raw table: a response counts by
# its LSOA, else by the area the file named when that area lies wholly in one area of $level.
ANSWERED = """
WITH placed AS (
    SELECT
        s.weight,
        s.confidence_agree,
        coalesce(
            (SELECT l.area_code FROM area_lookup AS l WHERE l.level = $level AND l.lsoa_code = s.lsoa_code),
            CASE WHEN s.area_level = $level THEN s.area_code END,
            (
                SELECT min(l.area_code)
                FROM area_lookup AS m JOIN area_lookup AS l ON l.lsoa_code = m.lsoa_code AND l.level = $level
                WHERE m.level = s.area_level AND m.area_code = s.area_code
                HAVING count(DISTINCT l.area_code) = 1
            )
        ) AS area_code
    FROM survey_responses AS s
    WHERE s.confidence_agree IS NOT NULL AND s.response_date >= $first AND s.response_date < $after
)
SELECT area_code, count(*), sum(weight * confidence_agree::INTEGER) / sum(weight)
FROM placed
GROUP BY area_code
"""


@pytest.fixture
def page(in_demo_app):
    # Page modules register themselves with the app, so they are imported once the app exists.
    return importlib.import_module("dashboard.pages.confidence")


def answered(con, level: str, first: str, after: str) -> dict[str, tuple[int, float]]:
    rows = con.execute(ANSWERED, {"level": level, "first": first, "after": after}).fetchall()
    return {code: (count, share) for code, count, share in rows if code is not None}


def test_suppressed_areas_are_exactly_those_with_fewer_than_30_answered_responses(page, demo_con):
    _, rows, _, summary, _, _, problem = run_callback(page.show_confidence, "neighbourhood", THREE_YEARS)
    assert problem is None
    counted = answered(demo_con, "neighbourhood", "2015-10-01", "2018-10-01")
    codes = dict(demo_con.execute("SELECT name, code FROM areas WHERE level = 'neighbourhood'").fetchall())
    by_name = {row["area_name"]: row for row in rows}
    assert len(rows) == len(by_name) == len(codes) == 86
    few = {name for name, code in codes.items() if counted.get(code, (0, None))[0] < 30}
    assert {name for name, row in by_name.items() if row["share_shown"] == "Suppressed"} == few
    assert len(few) == 79  # docs/analysis.md: with all three years, 7 of 86 have 30 or more
    for name, row in by_name.items():
        code = codes[name]
        assert row["responses"] == counted.get(code, (0, None))[0]
        if name in few:
            assert row["interval"] == "—" and row["against_target"] == "Not judged"  # said, never blank
        else:
            assert row["share_shown"] == pytest.approx(counted[code][1], abs=1e-12)
    assert summary.startswith("7 of 86 neighbourhood areas have enough responses")


def test_the_csp_shares_are_the_confidence_results_and_the_weighted_share_of_the_responses(page, demo_con):
    figure, rows, chart, _, _, _, _ = run_callback(page.show_confidence, "csp", "latest")
    result = survey_shares(demo_con, "csp", load_config())
    expected = result.table.set_index("area_name")
    counted = answered(demo_con, "csp", "2017-10-01", "2018-10-01")
    for row in rows:
        code = expected.loc[row["area_name"], "area_code"]
        assert row["share_shown"] == expected.loc[row["area_name"], "share"]
        assert row["share_shown"] == pytest.approx(counted[code][1], abs=1e-12)
        assert row["responses"] == counted[code][0]
    calderdale = next(row for row in rows if row["area_name"] == "Calderdale")
    assert (round(calderdale["share_shown"], 3), calderdale["interval"], calderdale["responses"]) == (
        0.562,
        "48.8–63.4",
        185,
    )  # docs/analysis.md
    assert calderdale["against_target"] == "Can't tell"
    drawn = {
        (label, x, high - x)
        for trace in chart.data
        for label, x, high in zip(
            trace.y[1], trace.x, (a + b for a, b in zip(trace.x, trace.error_x.array, strict=True)), strict=True
        )
    }
    for name in ("Calderdale", "Kirklees"):
        share, high = expected.loc[name, "share"], expected.loc[name, "share_high"]
        assert any(label == name and x == share and abs(top - (high - share)) < 1e-12 for label, x, top in drawn)
    everyone = result.reference.set_index("reference_code").loc["all", "share"]
    assert any(label == "All responses" and x == everyone for label, x, _ in drawn)
    assert [shape.x0 for shape in chart.layout.shapes] == [0.6]  # the target line
    assert sorted(figure.data[0].locations) == ["E08000033", "E08000034"]


def test_a_level_where_every_area_is_suppressed_draws_them_grey_and_says_how_to_see_more(page):
    figure, rows, chart, summary, _, _, _ = run_callback(page.show_confidence, "neighbourhood", "latest")
    assert all(row["share_shown"] == "Suppressed" for row in rows)
    (grey,) = figure.data
    assert len(grey.locations) == 86 and grey.name == "Suppressed: fewer than 30 responses" and grey.showlegend
    assert summary.startswith("0 of 86") and "Pool more years" in summary
    assert {label for trace in chart.data for label in trace.y[1]} == {"All responses", "Calderdale", "Kirklees"}


def test_the_illustrative_label_is_shown_above_the_survey_and_the_targets(page):
    _, _, _, _, notes, banner, _ = run_callback(page.show_confidence, "csp", "latest")
    # The banner opens with the label's own words, once: "Illustrative data (survey): generated by ..."
    assert " ".join(text_of(banner, " ").split()).startswith("Illustrative data (survey): generated by the cspmap demo")
    assert "Illustrative" not in text_of(notes, " ")  # the label's note is in the banner, not repeated
    targets = page.targets_section()
    assert any(text_of(part, " ").startswith("Illustrative data (") for part in targets if part is not None)


def test_the_targets_table_is_target_progress_in_words(page, demo_con):
    table = find(html.Div(page.targets_section()), page.TARGETS)
    progress = target_progress(demo_con, load_config()).table
    assert len(table.data) == len(progress) == 10
    rows = {(row["area_name"], row["indicator_text"]): row for row in table.data}
    calderdale_asb = rows[("Calderdale", "ASB incidents (police.uk)")]
    kirklees_asb = rows[("Kirklees", "ASB incidents (police.uk)")]
    # docs/analysis.md: Calderdale met it (397 against 440.1), Kirklees missed it (1,018 against 906.3)
    assert (calderdale_asb["current"], calderdale_asb["target_value"], calderdale_asb["status_text"]) == (
        397.0,
        pytest.approx(440.1),
        "Met",
    )
    assert (kirklees_asb["current"], kirklees_asb["status_text"], kirklees_asb["aim"]) == (
        1018.0,
        "Missed",
        "down 10% on 2017-07",
    )
    confidence = rows[("Calderdale", page.INDICATOR_LABELS["confidence"][0])]
    expected = progress[(progress["area_name"] == "Calderdale") & (progress["indicator"] == "confidence")].iloc[0]
    assert confidence["needed_per_month"] == expected["needed_per_month"]
    assert (confidence["status_text"], confidence["aim"], confidence["unit_text"]) == (
        "Off track",
        "at least 60%",
        "% of respondents",
    )


def test_the_layout_reads_the_url_and_ignores_values_that_are_not_choices(page):
    layout = page.layout(level="galaxy", period="1999-01..1999-12")
    assert find(layout, page.LEVEL).value == "neighbourhood"
    assert find(layout, page.PERIOD).value == "latest"
    chosen = page.layout(level="csp", period="2016-10..2018-09", colour="blue")
    assert find(chosen, page.LEVEL).value == "csp"
    assert find(chosen, page.PERIOD).value == "2016-10..2018-09"
    assert parse_months(find(chosen, page.PERIOD).options[2]["value"])[0].isoformat() == "2015-10-01"


@pytest.fixture
def without_partner_data(page, demo_db: Path, tmp_path: Path):
    """The page served from a copy of the demo with no survey responses and no targets."""
    path = tmp_path / "police-only.duckdb"
    shutil.copy(demo_db, path)
    with write_session(path) as con:
        con.execute("DELETE FROM survey_responses")
        con.execute("DELETE FROM targets")
    with serving(path):
        yield page


def test_without_survey_or_targets_the_page_says_what_to_load(without_partner_data):
    page = without_partner_data
    text = text_of(page.layout(), " ")
    assert "No survey responses are loaded; load them with `cspmap ingest survey FILE`." in text
    assert "No targets are loaded; load them with `cspmap ingest targets FILE`." in text
    *_, problem = run_callback(page.show_confidence, "neighbourhood", "latest")
    assert "No survey responses are loaded" in text_of(problem, " ")


def test_every_neighbourhood_gets_a_modelled_estimate_beside_the_suppressed_direct_one(page, demo_con):
    # On the demo no neighbourhood has 30 responses in the latest year, so every direct share is suppressed; the
    # modelled estimate is shown for all of them, labelled as modelled, with its interval around it.
    result = survey_shares(demo_con, "neighbourhood", load_config())
    table = result.table
    assert (table["compared"] == "suppressed").all()
    assert table["modelled_share"].notna().all()
    assert (
        (table["modelled_low"] < table["modelled_share"]) & (table["modelled_share"] < table["modelled_high"])
    ).all()
    rows = page.area_rows(result)
    assert all(text.startswith("Modelled: ") for text in rows["modelled"])
    assert any("Modelled share (labelled modelled wherever shown)" in note for note in result.notes)
