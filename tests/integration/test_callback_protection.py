"""Every callback refuses a request without a session, and a signed-in role that lacks its page, with no data in
the answer; the list of callbacks comes from the running app's /_dash-dependencies, so a page added later is
checked too, and a callback that belongs to no page is refused to everyone."""

from __future__ import annotations

import json

import pytest
from dash import Input, Output

from dashboard.users import add_user
from tests.callback_payloads import owner, payload, server_callbacks
from tests.signin_helpers import PASSWORDS, ROLES, make_app, sign_in

# What the [access] settings give the team role (queries/defaults.toml), written out: police data, hot spots and
# coverage; not the confidence page (survey) nor the priorities page (its index has survey and case components).
TEAM_PAGES = {"overview", "hotspots", "coverage", "reports"}
PAGE_PATHS = {
    "overview": "/",
    "priorities": "/priorities",
    "hotspots": "/hotspots",
    "coverage": "/coverage",
    "confidence": "/confidence",
    "profile": "/profile",
    "quality": "/quality",
    "reports": "/reports",
}


@pytest.fixture(scope="module")
def app(demo_db, tmp_path_factory):
    users = tmp_path_factory.mktemp("protection") / "people.json"
    for name, role in ROLES.items():
        add_user(users, name, role, PASSWORDS[name], list(ROLES.values()))
    return make_app(demo_db, users)


@pytest.fixture(scope="module")
def signed_in(app):
    clients = {}
    for name in ROLES:
        clients[name] = app.server.test_client()
        assert sign_in(clients[name], name).status_code == 303
    return clients


@pytest.fixture(scope="module")
def callbacks(signed_in):
    return server_callbacks(signed_in["ana"])


def routing_payload(callbacks: list[dict], path: str) -> dict:
    routing = next(dependency for dependency in callbacks if owner(dependency) == "_pages_content")
    return payload(routing, [path, ""])


def test_the_app_has_a_server_callback_for_every_page_and_the_routing(callbacks):
    assert sorted(owner(dependency) for dependency in callbacks) == [
        "_pages_content",
        "confidence",
        "coverage",
        "hotspots",
        "hotspots",
        "overview",
        "priorities",
        "profile",
        "profile",
        "profile",
        "quality",
        "reports",
        "reports",
    ]


def test_every_callback_refuses_a_request_without_a_session_and_says_nothing_else(app, callbacks):
    anonymous = app.server.test_client()
    bodies = [payload(dependency) for dependency in callbacks]
    bodies += [routing_payload(callbacks, path) for path in PAGE_PATHS.values()]
    for body in bodies:
        response = anonymous.post("/_dash-update-component", json=body)
        assert response.status_code == 401, body["output"]
        assert response.get_data(as_text=True) == "Sign in first.\n"
    assert anonymous.get("/_dash-layout").status_code == 401
    assert anonymous.get("/_dash-dependencies").status_code == 401


def test_the_team_role_is_refused_every_callback_of_a_page_it_lacks_and_served_the_others(signed_in, callbacks):
    team = signed_in["tom"]
    refused, served = [], []
    for dependency in callbacks:
        if owner(dependency) == "_pages_content":
            continue
        response = team.post("/_dash-update-component", json=payload(dependency))
        assert response.status_code in (200, 204, 403), (dependency["output"], response.status_code)
        (refused if response.status_code == 403 else served).append(owner(dependency))
        if response.status_code == 403:
            assert response.get_data(as_text=True) == "Your role cannot use this part of the dashboard.\n"
    assert sorted(refused) == ["confidence", "priorities", "profile", "profile", "profile", "quality"]
    assert set(served) == TEAM_PAGES
    for page, path in PAGE_PATHS.items():
        routed = team.post("/_dash-update-component", json=routing_payload(callbacks, path))
        assert routed.status_code == (200 if page in TEAM_PAGES else 403), page
        assert team.get(path).status_code == (200 if page in TEAM_PAGES else 403), page


def test_analysts_and_admins_reach_every_callback_and_page(signed_in, callbacks):
    for name in ("ana", "ada"):
        for dependency in callbacks:
            if owner(dependency) == "_pages_content":
                continue
            response = signed_in[name].post("/_dash-update-component", json=payload(dependency))
            assert response.status_code in (200, 204), (name, dependency["output"], response.status_code)
        for path in PAGE_PATHS.values():
            assert signed_in[name].get(path).status_code == 200
            routed = signed_in[name].post("/_dash-update-component", json=routing_payload(callbacks, path))
            assert routed.status_code == 200


def test_navigation_lists_only_the_pages_the_role_may_open(signed_in):
    team_layout = json.dumps(signed_in["tom"].get("/_dash-layout").json)
    analyst_layout = json.dumps(signed_in["ana"].get("/_dash-layout").json)
    for name in ("Confidence and targets", "Priority neighbourhoods"):
        assert name not in team_layout and name in analyst_layout
    for name in ("Incidents by area", "Hot spots and patrol plan", "Coverage and standards"):
        assert name in team_layout
    assert "Signed in as tom (team)" in team_layout and '"href": "/logout"' in team_layout


def test_the_team_sees_coverage_without_the_asb_case_standards(signed_in, callbacks):
    coverage = next(dependency for dependency in callbacks if owner(dependency) == "coverage")
    body = payload(coverage, ["neighbourhood", [], "resourcing"])
    as_team = signed_in["tom"].post("/_dash-update-component", json=body).json["response"]
    as_analyst = signed_in["ana"].post("/_dash-update-component", json=body).json["response"]
    assert as_team["coverage-standards-table"]["rowData"] == []
    assert len(as_analyst["coverage-standards-table"]["rowData"]) == 86
    assert "your role does not see" in json.dumps(as_team["coverage-standards-summary"])
    assert len(as_team["coverage-table"]["rowData"]) == 86
    assert all(row["cases"] is None for row in as_team["coverage-table"]["rowData"])


def test_a_callback_that_names_no_page_is_refused_to_everyone(app, signed_in):
    # A page added later whose ids forget the page prefix: its callback is refused, even to an admin.
    app.callback(Output("mystery-note", "children"), Input("mystery-level", "value"))(lambda level: "partner data")
    body = {
        "output": "mystery-note.children",
        "outputs": {"id": "mystery-note", "property": "children"},
        "inputs": [{"id": "mystery-level", "property": "value", "value": "csp"}],
        "state": [],
        "changedPropIds": ["mystery-level.value"],
    }
    for name in ("ana", "ada", "tom"):
        response = signed_in[name].post("/_dash-update-component", json=body)
        assert response.status_code == 403 and "partner data" not in response.get_data(as_text=True)


def test_the_team_role_gets_the_patrol_brief_but_not_the_strategic_assessment(signed_in, callbacks):
    team, analyst = signed_in["tom"], signed_in["ana"]
    page = routing_payload(callbacks, "/reports")
    assert "Patrol brief" in team.post("/_dash-update-component", json=page).get_data(as_text=True)
    assert "Strategic assessment" not in team.post("/_dash-update-component", json=page).get_data(as_text=True)
    assert "Strategic assessment" in analyst.post("/_dash-update-component", json=page).get_data(as_text=True)
    (strategic,) = [d for d in callbacks if "reports-strategic-download" in d["output"]]
    body = payload(strategic, [1, None])
    refused = team.post("/_dash-update-component", json=body)
    assert refused.status_code == 200
    response = refused.get_json()["response"]
    assert response["reports-strategic-download"]["data"] is None
    assert "your role does not see" in json.dumps(response["reports-strategic-problem"])
    served = analyst.post("/_dash-update-component", json=body).get_json()["response"]
    assert served["reports-strategic-download"]["data"]["filename"] == "strategic-assessment.pdf"
