"""The confidence and targets page through its HTTP callback and its sections on the demo, checked against the
survey responses counted independently in SQL and the figures documented in docs/analysis.md."""

from __future__ import annotations

import importlib
import shutil
from pathlib import Path

import pytest
from dash import html

from queries.analysis.confidence import survey_shares
from queries.analysis.selection import parse_months
from queries.config import load_config
from queries.database import write_session
from tests.conftest import serving
from tests.page_trees import find, text_of

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


def test_suppressed_areas_are_exactly_those_with_fewer_than_30_answered_responses(callbacks, demo_con):
    _, rows, _, summary, _, _, problem = callbacks.call("confidence-map", "neighbourhood", THREE_YEARS)
    assert problem is None
    counted = answered(demo_con, "neighbourhood", "2015-10-01", "2018-10-01")
    codes = dict(demo_con.execute("SELECT name, code FROM areas WHERE level = 'neighbourhood'").fetchall())
    by_name = {row["area_name"]: row for row in rows}
    assert len(rows) == len(by_name) == len(codes) == 86
    few = {name for name, code in codes.items() if counted.get(code, (0, None))[0] < 30}
    assert {name for name, row in by_name.items() if row["share_shown"] == "Suppressed"} == few
    assert len(few) == 79  # docs/analysis.md: with all three years, 7 of 86 have 30 or more
    small = {name for name, code in codes.items() if 0 < counted.get(code, (0, None))[0] < 5}
    assert len(small) != 1  # so the small-number rule withholds no second count to protect a single one
    for name, row in by_name.items():
        code = codes[name]
        # The small-number rule (docs/security.md): fewer than 5 answered responses are not shown as a number.
        assert row["responses"] == ("under 5" if name in small else counted.get(code, (0, None))[0])
        if name in few:
            assert row["interval"] == "—" and row["against_target"] == "Not judged"  # said, never blank
        else:
            assert row["share_shown"] == pytest.approx(counted[code][1], abs=1e-12)
    assert summary.startswith("7 of 86 neighbourhood areas have enough responses")


def test_the_csp_shares_are_the_weighted_share_of_the_responses(callbacks, demo_con):
    figure, rows, chart, _, _, _, _ = callbacks.call("confidence-map", "csp", "latest")
    counted = answered(demo_con, "csp", "2017-10-01", "2018-10-01")
    codes = dict(demo_con.execute("SELECT name, code FROM areas WHERE level = 'csp'").fetchall())
    for row in rows:
        code = codes[row["area_name"]]
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
        (label, x, x + error)
        for trace in chart["data"]
        for label, x, error in zip(trace["y"][1], trace["x"], trace["error_x"]["array"], strict=True)
    }
    for row in rows:
        high = float(row["interval"].split("–")[1]) / 100
        assert any(
            label == row["area_name"] and x == pytest.approx(row["share_shown"]) and abs(top - high) < 0.0005
            for label, x, top in drawn
        )
    assert any(label == "All responses" and 0 < x < 1 for label, x, _ in drawn)
    assert [shape["x0"] for shape in chart["layout"]["shapes"]] == [0.6]  # the target line
    assert sorted(figure["data"][0]["locations"]) == ["E08000033", "E08000034"]


def test_a_level_where_every_area_is_suppressed_draws_them_grey_and_says_how_to_see_more(callbacks):
    figure, rows, chart, summary, _, _, _ = callbacks.call("confidence-map", "neighbourhood", "latest")
    assert all(row["share_shown"] == "Suppressed" for row in rows)
    (grey,) = figure["data"]
    assert len(grey["locations"]) == 86 and grey["name"] == "Suppressed: fewer than 30 responses"
    assert grey["showlegend"]
    assert summary.startswith("0 of 86") and "Pool more years" in summary
    labels = {label for trace in chart["data"] for label in trace["y"][1]}
    assert labels == {"All responses", "Calderdale", "Kirklees"}


def test_the_illustrative_label_is_shown_above_the_survey_and_the_targets(page, callbacks):
    _, _, _, _, notes, banner, _ = callbacks.call("confidence-map", "csp", "latest")
    # The banner opens with the label's own words, once: "Illustrative data (survey): generated by ..."
    assert " ".join(text_of(banner, " ").split()).startswith("Illustrative data (survey): generated by the cspmap demo")
    assert "Illustrative" not in text_of(notes, " ")  # the label's note is in the banner, not repeated
    targets = page.targets_section()
    assert any(text_of(part, " ").startswith("Illustrative data (") for part in targets if part is not None)


def test_the_targets_table_says_each_targets_progress_in_words(page, demo_con):
    table = find(html.Div(page.targets_section()), page.TARGETS)
    (loaded,) = demo_con.execute("SELECT count(*) FROM targets").fetchone()
    assert len(table.rowData) == loaded == 10
    rows = {(row["area_name"], row["indicator_text"]): row for row in table.rowData}
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
    assert confidence["needed_per_month"] > confidence["trend_per_month"]  # what "off track" means
    assert (confidence["status_text"], confidence["aim"], confidence["unit_text"]) == (
        "Off track",
        "at least 60%",
        "% of respondents",
    )


def test_the_page_opens_on_the_shortest_period_that_publishes_a_share_and_says_why(page, demo_con):
    # Worked out from the raw responses: no neighbourhood has 30 answered responses in the latest 12 months or
    # the latest 2 years, some have in the latest 3 years; every CSP has them in the latest 12 months.
    enough = {
        first: max((n for n, _ in answered(demo_con, "neighbourhood", first, "2018-10-01").values()), default=0) >= 30
        for first in ("2017-10-01", "2016-10-01", "2015-10-01")
    }
    assert enough == {"2017-10-01": False, "2016-10-01": False, "2015-10-01": True}
    opened = page.layout()
    assert find(opened, page.PERIOD).value == THREE_YEARS
    why = text_of(opened, " ")
    assert "Opened on “Latest 3 years, pooled (Oct 2015 to Sep 2018)”" in why
    assert "no neighbourhood area has the 30 responses needed to publish a share" in why
    assert min(n for n, _ in answered(demo_con, "csp", "2017-10-01", "2018-10-01").values()) >= 30
    csp = page.layout(level="csp")
    assert find(csp, page.PERIOD).value == "latest" and "Opened on" not in text_of(csp, " ")


def test_the_layout_reads_the_url_and_ignores_values_that_are_not_choices(page):
    layout = page.layout(level="galaxy", period="1999-01..1999-12")
    assert find(layout, page.LEVEL).value == "neighbourhood"
    assert find(layout, page.PERIOD).value == THREE_YEARS  # not a choice: the opening period, as with none
    assert "ignored: level=galaxy; period=1999-01..1999-12" in text_of(layout)
    chosen = page.layout(level="csp", period="2016-10..2018-09", colour="blue")
    assert find(chosen, page.LEVEL).value == "csp"
    assert find(chosen, page.PERIOD).value == "2016-10..2018-09"
    assert parse_months(find(chosen, page.PERIOD).options[2]["value"])[0].isoformat() == "2015-10-01"


@pytest.mark.parametrize("values", [("galaxy", "latest"), ("csp", "1000-01..9999-12"), (["csp"], None)])
def test_a_value_that_is_not_a_choice_gives_a_notice_not_an_exception(callbacks, values):
    response = callbacks.post("confidence-map", *values)
    assert response.status_code == 200
    answer = response.json["response"]
    assert answer["confidence-table"]["rowData"] == []
    assert "this page offers" in text_of(answer["confidence-problem"]["children"])


@pytest.fixture
def without_partner_data(page, demo_app, demo_db: Path, tmp_path: Path):
    """The page served from a copy of the demo with no survey responses and no targets."""
    path = tmp_path / "police-only.duckdb"
    shutil.copy(demo_db, path)
    with write_session(path) as con:
        con.execute("DELETE FROM survey_responses")
        con.execute("DELETE FROM targets")
    with serving(demo_app, path):
        yield page


def test_without_survey_or_targets_the_page_says_what_to_load(without_partner_data, callbacks):
    page = without_partner_data
    text = text_of(page.layout(), " ")
    assert "No survey responses are loaded; load them with `cspmap ingest survey FILE`." in text
    assert "No targets are loaded; load them with `cspmap ingest targets FILE`." in text
    *_, problem = callbacks.call("confidence-map", "neighbourhood", "latest")
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
