"""A callback's finished answer is kept: the same request again, from any worker, is answered from it byte for byte,
without running the callback or touching the database, until the database changes; a role never gets another
role's answer, and a notice saying what is wrong is worked out afresh each time."""

from __future__ import annotations

import json
from collections import Counter

import pytest

import dashboard.data
from dashboard.data import DataAccess
from dashboard.users import add_user
from queries.database import write_session
from tests.callback_payloads import owner, payload, server_callbacks
from tests.conftest import serving
from tests.sample_rows import loaded_lsoa_codes, raw_rows
from tests.signin_helpers import PASSWORDS, ROLES, make_app, sign_in

OVERVIEW = ("overview-map", "csp", ["2018-07"], [], "count")


@pytest.fixture
def copy_db(demo_db, tmp_path):
    db = tmp_path / "copy.duckdb"
    db.write_bytes(demo_db.read_bytes())
    return db


@pytest.fixture
def work_done(monkeypatch):
    """How often a page asked for data (``DataAccess.call``) and how often a query reached the database."""
    counted = Counter()
    call, cursor = DataAccess.call, dashboard.data.reading_cursor

    def counting_call(self, function, /, **arguments):
        counted["calls"] += 1
        return call(self, function, **arguments)

    def counting_cursor(connection):
        counted["queries"] += 1
        return cursor(connection)

    monkeypatch.setattr(DataAccess, "call", counting_call)
    monkeypatch.setattr("dashboard.data.reading_cursor", counting_cursor)
    return counted


def july_incidents_in_areas(without: str | None = None) -> int:
    """July 2018's incidents with a loaded LSOA code, worked out from the raw police.uk rows."""
    return sum(
        1
        for row in raw_rows()
        if row["Month"] == "2018-07" and row["LSOA code"] in loaded_lsoa_codes() and row["Crime type"] != without
    )


def test_a_repeat_from_another_worker_is_the_same_answer_and_runs_nothing(demo_app, callbacks, copy_db, work_done):
    with serving(demo_app, copy_db):
        first = callbacks.post(*OVERVIEW)
    assert first.status_code == 200 and work_done["queries"] > 0
    rows = json.loads(first.get_data())["response"]["overview-table"]["rowData"]
    assert sum(row["incidents"] for row in rows) == july_incidents_in_areas()

    work_done.clear()
    with serving(demo_app, copy_db):  # a new data access: another gunicorn worker, nothing in its memory
        again = callbacks.post(*OVERVIEW)
    assert again.get_data() == first.get_data()
    assert work_done == Counter()  # neither the callback nor any query ran


def test_a_new_version_of_the_database_is_answered_afresh(demo_app, callbacks, copy_db, work_done):
    with serving(demo_app, copy_db):
        before = callbacks.call(*OVERVIEW)[1]
        with write_session(copy_db) as con:
            con.execute("DELETE FROM incidents WHERE category = 'Burglary'")
        work_done.clear()
        after = callbacks.call(*OVERVIEW)[1]
    assert work_done["queries"] > 0
    assert sum(row["incidents"] for row in before) == july_incidents_in_areas()
    assert sum(row["incidents"] for row in after) == july_incidents_in_areas(without="Burglary")


def test_a_partial_update_and_a_full_draw_are_kept_apart(demo_app, callbacks, copy_db):
    with serving(demo_app, copy_db):
        full = callbacks.call(*OVERVIEW, triggered_by="overview-level")[0]
        patch = callbacks.call(*OVERVIEW, triggered_by="overview-months")[0]
        full_again = callbacks.call(*OVERVIEW, triggered_by="overview-level")[0]
    assert len(full["data"][0]["geojson"]["features"]) == 2  # the two CSPs' outlines
    assert "__dash_patch_update" in patch and "geojson" not in json.dumps(patch)
    assert full_again == full


def test_a_notice_is_never_kept(demo_app, callbacks, copy_db, work_done):
    with serving(demo_app, copy_db):
        for _ in range(2):
            work_done.clear()
            _, rows, _, problem = callbacks.call("overview-map", "ward", [], [], "count")
            assert rows == [] and "not a level this page offers" in json.dumps(problem)
            assert work_done["calls"] > 0  # worked out again: the second time was not served a kept notice


def test_a_download_is_kept_whatever_the_click_count(demo_app, callbacks, copy_db, work_done):
    team = "NPT-CAL-01"
    with serving(demo_app, copy_db):
        first = callbacks.call("reports-patrol-download", 1, team, ["2018-07"])
        work_done.clear()
        second = callbacks.call("reports-patrol-download", 2, team, ["2018-07"])  # the same button pressed again
    assert first[0]["filename"] == f"patrol-brief-{team}.pdf" and first[1] is None
    assert second == first and work_done == Counter()


@pytest.fixture
def signed_in(copy_db, tmp_path):
    users = tmp_path / "people.json"
    for name, role in ROLES.items():
        add_user(users, name, role, PASSWORDS[name], list(ROLES.values()))
    app = make_app(copy_db, users)
    clients = {name: app.server.test_client() for name in ("ana", "tom")}
    for name, client in clients.items():
        assert sign_in(client, name).status_code == 303
    return clients


def test_a_role_never_gets_the_answer_kept_for_another(signed_in, work_done):
    coverage = next(d for d in server_callbacks(signed_in["ana"]) if owner(d) == "coverage")
    body = payload(coverage, ["neighbourhood", [], "resourcing"])
    as_analyst = signed_in["ana"].post("/_dash-update-component", json=body).json["response"]
    assert len(as_analyst["coverage-standards-table"]["rowData"]) == 86  # the analyst sees the ASB case standards
    work_done.clear()
    as_team = signed_in["tom"].post("/_dash-update-component", json=body).json["response"]
    assert work_done["calls"] > 0  # worked out for the team, not taken from the analyst's answer
    assert as_team["coverage-standards-table"]["rowData"] == []
    assert "your role does not see" in json.dumps(as_team["coverage-standards-summary"])
    work_done.clear()
    again = signed_in["tom"].post("/_dash-update-component", json=body).json["response"]
    assert again == as_team and work_done == Counter()  # the team's own answer is kept for the team
