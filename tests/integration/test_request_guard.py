"""Requests that cannot hurt the server: malformed callback bodies get a 400 saying why, unknown scripts a 404,
a callback that raises a notice on the page, and every response carries the security headers."""

from __future__ import annotations

import re

import pytest

from dashboard.request_guard import FAILED_NOTICE
from tests.callback_payloads import output_ids, owner, payload, server_callbacks
from tests.signin_helpers import make_app, signed_in_analyst


@pytest.fixture(scope="module")
def client(demo_db, tmp_path_factory):
    return signed_in_analyst(demo_db, tmp_path_factory.mktemp("guard"))


@pytest.fixture(scope="module")
def overview(client):
    return next(dependency for dependency in server_callbacks(client) if owner(dependency) == "overview")


def good(overview) -> dict:
    return payload(overview, ["csp", ["2018-07"], [], "count"])


def test_a_well_formed_request_is_answered(client, overview):
    response = client.post("/_dash-update-component", json=good(overview))
    assert response.status_code == 200 and len(response.json["response"]["overview-table"]["rowData"]) == 2


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda body: [body], "the body is not a JSON object"),
        (lambda body: {**body, "output": 7}, "'output' must be a callback's output key"),
        (lambda body: {**body, "output": "overview-map.figure"}, "'output' names no callback this server runs"),
        (lambda body: {**body, "output": "overview-url-sync.data"}, "'output' names no callback this server runs"),
        (lambda body: {**body, "inputs": body["inputs"][:2]}, "'inputs' must be a list of 5 items"),
        (lambda body: {**body, "inputs": "csp"}, "'inputs' must be a list of 5 items"),
        (
            lambda body: {**body, "inputs": [*body["inputs"][:4], {"id": "confidence-level", "property": "value"}]},
            "'inputs' must hold the callback's components",
        ),
        (lambda body: {**body, "state": [{"id": "x", "property": "value"}]}, "'state' must be a list of 0 items"),
        (
            lambda body: {**body, "outputs": body["outputs"][:1]},
            "'outputs' must list the callback's {outputs} output(s)",
        ),
        (
            lambda body: {**body, "outputs": [{"id": "x", "property": "figure"}, *body["outputs"][1:]]},
            "'outputs' must list the callback's outputs",
        ),
        (lambda body: {**body, "changedPropIds": [1]}, "'changedPropIds' must be a list of strings"),
    ],
)
def test_a_malformed_request_gets_a_400_saying_what_is_wrong(client, overview, change, reason):
    response = client.post("/_dash-update-component", json=change(good(overview)))
    assert response.status_code == 400
    reason = reason.format(outputs=len(output_ids(overview)))
    assert response.get_data(as_text=True) == f"Malformed callback request: {reason}.\n"


def test_a_body_that_is_not_json_is_refused(client):
    assert client.post("/_dash-update-component", data="{not json", content_type="application/json").status_code == 400
    assert client.post("/_dash-update-component", data="level=csp").status_code == 400


def test_a_request_over_a_megabyte_is_refused(client, overview):
    body = payload(overview, ["csp", ["2018-07"] * 200_000, [], "count"])
    assert client.post("/_dash-update-component", json=body).status_code == 413


def test_a_callback_that_raises_shows_a_notice_instead_of_a_500(client, overview):
    # A list where a level belongs gets past the shape check; whatever the page makes of it, never a 500.
    response = client.post("/_dash-update-component", json=payload(overview, [["csp"], ["2018-07"], [], "count"]))
    assert response.status_code in (200, 204)
    if response.status_code == 200 and FAILED_NOTICE in response.get_data(as_text=True):
        assert response.json["response"]["overview-note"]["children"]["props"]["role"] == "alert"


def test_unknown_script_paths_answer_404_and_known_ones_are_served(client):
    assert client.get("/_dash-component-suites/dash/nothing-here.js").status_code == 404
    assert client.get("/_dash-component-suites/no_such_package/x.js").status_code == 404
    assert client.get("/_dash-component-suites/dash/../../etc/passwd").status_code == 404
    index = client.get("/").get_data(as_text=True)
    script = re.search(r'src="(/_dash-component-suites/dash/[^"]+\.js)"', index).group(1)
    assert client.get(script).status_code == 200


@pytest.mark.parametrize("path", ["/", "/login", "/_dash-layout", "/assets/style.css", "/no/such/page"])
def test_every_response_carries_the_security_headers(client, path):
    headers = client.get(path).headers
    policy = dict(part.strip().split(" ", 1) for part in headers["Content-Security-Policy"].split(";"))
    assert policy["default-src"] == "'self'" and policy["frame-ancestors"] == "'none'"
    assert policy["object-src"] == "'none'" and policy["base-uri"] == "'self'" and policy["form-action"] == "'self'"
    scripts = policy["script-src"].split()
    assert scripts[0] == "'self'" and all(source.startswith("'sha256-") for source in scripts[1:])
    assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"


def test_every_inline_script_of_the_page_is_allowed_by_its_hash(client):
    import base64
    import hashlib

    response = client.get("/")
    allowed = set(re.search(r"script-src ([^;]+)", response.headers["Content-Security-Policy"]).group(1).split())
    page = re.sub(r"<!--.*?-->", "", response.get_data(as_text=True), flags=re.S)  # Dash's IE warning is a comment
    inline = re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>(.*?)</script>", page, re.S)
    assert len(inline) >= 7  # the five pages' URL-keeping callbacks, Dash's page-title one and its renderer start-up
    for script in inline:
        digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in allowed


def test_with_no_users_only_a_request_from_this_computer_to_this_computer_is_served(demo_db, tmp_path):
    app = make_app(demo_db, tmp_path / "nobody.json")
    client = app.server.test_client()
    layout = client.get("/_dash-layout")
    assert layout.status_code == 200 and "Local mode: " in layout.get_data(as_text=True)
    refused = [
        client.get("/_dash-layout", environ_base={"REMOTE_ADDR": "10.0.0.2"}),  # from another computer
        client.get("/_dash-layout", base_url="http://cspmap.example.org"),  # a server name that is not this one
        client.get("/_dash-layout", headers={"X-Forwarded-For": "198.51.100.4"}),  # through a proxy
    ]
    for response in refused:
        assert response.status_code == 403
        assert "cspmap users add NAME --role analyst" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("path", "search"), [("confidence", ""), (None, ""), (["/"], ""), ("/", {"level": "csp"}), ("/", ["?a"])]
)
def test_page_routing_to_something_that_is_not_a_path_is_refused(client, path, search):
    routing = next(dependency for dependency in server_callbacks(client) if owner(dependency) == "_pages_content")
    response = client.post("/_dash-update-component", json=payload(routing, [path, search]))
    assert response.status_code == 400
    assert "location must be a path and a query string" in response.get_data(as_text=True)
