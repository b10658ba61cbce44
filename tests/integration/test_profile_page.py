"""The neighbourhood profile page's callbacks called through their HTTP route on the demo, checked against the raw police.uk
and census rows (counted here with the csv module) and against the partner tables read with plain SQL."""

from __future__ import annotations

import csv
import importlib
from collections import Counter
from functools import cache

import pytest
from scipy import stats

from demo.build import CENSUS
from tests.page_trees import find, text_of
from tests.sample_rows import loaded_lsoa_codes, raw_rows

AREA, AREA_NAME, CSP = "E02002244", "Calderdale 001", "E08000033"


@pytest.fixture
def page(in_demo_app):
    return importlib.import_module("dashboard.pages.profile")


@cache
def census() -> tuple[dict[str, str], ...]:
    with open(CENSUS, newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        return tuple(dict(zip(header[:9], row[:9], strict=True)) | {"persons": row[9]} for row in reader)


def residents(column: str, code: str) -> int:
    return sum(int(row["persons"].replace(",", "")) for row in census() if row[column] == code)


def area_rows(month: str, column: str = "MSOA Code", code: str = AREA) -> list[dict[str, str]]:
    lsoas = {row["LSOA Code"] for row in census() if row[column] == code} & loaded_lsoa_codes()
    return [row for row in raw_rows() if row["Month"] == month and row["LSOA code"] in lsoas]


def show_profile(callbacks, level: str, area: str | None, months: list[str]) -> dict:
    (content,) = callbacks.call("profile-content", level, area, months)
    return content


def table_data(content: dict, table_id: str) -> list[dict]:
    return find(content, table_id)["props"]["rowData"]


def test_the_profile_counts_rates_and_compares_with_the_csp_as_the_raw_rows_say(callbacks):
    content = show_profile(callbacks, "neighbourhood", AREA, ["2018-07"])
    text = text_of(content, " ")
    july = area_rows("2018-07")
    population = residents("MSOA Code", AREA)
    rate = len(july) / population * 1000
    csp_rate = len(area_rows("2018-07", "Local authority code", CSP)) / residents("Local authority code", CSP) * 1000
    low, high = stats.chi2.ppf(0.025, 2 * len(july)) / 2, stats.chi2.ppf(0.975, 2 * len(july) + 2) / 2
    assert f"{AREA_NAME} (Neighbourhood {AREA})" in text
    assert f"{len(july):,} incidents in 2018-07: {rate:.1f} per 1,000 residents" in text
    assert f"95% interval {low / population * 1000:.1f} to {high / population * 1000:.1f}" in text
    assert f"the CSP's {csp_rate:.1f}" in text
    categories = Counter(row["Crime type"] for row in july)
    rows = table_data(content, "profile-categories")
    assert {row["category"]: row["incidents"] for row in rows} == dict(categories)
    assert rows[0]["category"] == categories.most_common(1)[0][0]
    burglary = next(row for row in rows if row["category"] == "Burglary")
    assert burglary["harm"] == categories["Burglary"] * 279.0  # the default CSS weight for burglary


def test_this_period_against_the_same_month_a_year_earlier(callbacks):
    content = show_profile(callbacks, "neighbourhood", AREA, ["2018-07"])
    now, before = len(area_rows("2018-07")), len(area_rows("2017-07"))
    assert f"(2017-07): {now:,} against {before:,}, a ratio of {now / before:.2f}" in text_of(content, " ")
    months = {row["period"]: row["incidents"] for row in table_data(content, "profile-months-table")}
    assert months == {month: len(area_rows(month)) for month in ("2016-07", "2017-07", "2018-07")}


def test_repeat_locations_are_named_by_their_police_uk_location(callbacks):
    content = show_profile(callbacks, "neighbourhood", AREA, ["2016-07", "2017-07", "2018-07"])
    rows = [row for month in ("2016-07", "2017-07", "2018-07") for row in area_rows(month) if row["Longitude"]]
    points: dict[tuple[str, str], list[dict]] = {}
    for row in rows:
        points.setdefault((row["Longitude"], row["Latitude"]), []).append(row)
    repeats = [found for found in points.values() if len({row["Month"] for row in found}) >= 2]
    expected = sorted(((len({r["Month"] for r in found}), len(found)) for found in repeats), reverse=True)[:10]
    shown = table_data(content, "profile-repeats")
    assert [(row["months"], row["incidents"]) for row in shown] == expected
    busiest = max(repeats, key=lambda found: (len({r["Month"] for r in found}), len(found)))
    names = Counter(row["Location"] for row in busiest)
    assert shown[0]["location"] == min(names, key=lambda name: (-names[name], name))


def test_partner_sections_show_the_tables_rows_for_the_area(callbacks, demo_con):
    content = show_profile(callbacks, "neighbourhood", AREA, ["2018-07"])
    priorities = demo_con.execute(
        "SELECT priority FROM neighbourhood_priorities WHERE area_code = ? ORDER BY priority", [AREA]
    ).fetchall()
    assert sorted(row["priority"] for row in table_data(content, "profile-priorities")) == [p for (p,) in priorities]
    roles = demo_con.execute("SELECT agency, role FROM contacts WHERE area_code = ? ORDER BY ALL", [AREA]).fetchall()
    assert [(row["agency"], row["role"]) for row in table_data(content, "profile-contacts")] == roles
    teams = [row["team_name"] for row in table_data(content, "profile-teams")]
    assert teams[0].startswith("Calderdale Neighbourhood Policing Team")
    # A&E: the assaults placed in the neighbourhood's LSOAs, by month, against police violence counted from raw rows.
    ae = dict(
        demo_con.execute(
            "SELECT strftime(month, '%Y-%m'), count(*) FROM ae_assaults WHERE lsoa_code IN "
            "(SELECT lsoa_code FROM area_lookup WHERE level = 'neighbourhood' AND area_code = ?) GROUP BY 1",
            [AREA],
        ).fetchall()
    )
    cardiff = table_data(content, "profile-cardiff-months")
    assert {row["month"]: row["ae_assaults"] for row in cardiff} == ae
    for row in cardiff:
        violence = sum(r["Crime type"] == "Violence and sexual offences" for r in area_rows(row["month"]))
        assert row["police_violence"] == violence
        assert row["also_in_police"] <= min(row["ae_assaults"], violence)
    text = text_of(content, " ")
    assert "Illustrative data" in text and "@" not in "".join(str(r) for r in table_data(content, "profile-contacts"))


def test_no_area_asks_for_one_and_a_bad_code_is_a_message(callbacks):
    assert "Pick an area" in text_of(show_profile(callbacks, "neighbourhood", None, []), " ")
    problem = show_profile(callbacks, "neighbourhood", "E99999999", [])
    assert "No neighbourhood area has the code 'E99999999'" in text_of(problem, " ")
    crafted = show_profile(callbacks, "neighbourhood", AREA, ["2018-13"])  # not a choice the page offers
    assert "'2018-13' is not a month" in text_of(crafted, " ")


def test_the_layout_finds_the_level_of_a_code_from_the_url(page, callbacks):
    layout = page.layout(area=CSP)
    assert find(layout, page.LEVEL).value == "csp" and find(layout, page.AREA).value == CSP
    assert "No loaded area has the code" in text_of(page.layout(area="NOPE"), " ")
    options, value = callbacks.call(page.AREA, "lsoa", AREA)
    assert value is None and len(options) == 387


def test_a_link_keeps_its_loaded_months_and_says_what_it_ignored(page):
    layout = page.layout(area=AREA, level="neighbourhood", months="2018-07,2030-01")
    assert find(layout, page.MONTHS).value == ["2018-07"] and find(layout, page.AREA).value == AREA
    assert "Part of this link was ignored: months=2030-01 (not a choice" in text_of(layout)
    assert "was ignored" not in text_of(page.layout(area=AREA, level="neighbourhood", months="2018-07"), " ")
