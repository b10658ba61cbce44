"""Random and hostile callback requests, fired at every callback of every page as a signed-in analyst (so they get
past the sign-in to the callbacks themselves): wrong types, huge strings and lists, unknown codes, SQL fragments,
NaN, missing and extra fields. Not one may answer with a 5xx or a traceback."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.request_guard import FAILED_NOTICE
from tests.callback_payloads import owner, payload, server_callbacks
from tests.signin_helpers import signed_in_analyst

EXAMPLES_PER_CALLBACK = 40  # x 7 callbacks; the whole test stays well under a minute on two cores
HOSTILE_TEXT = [
    "'; DROP TABLE incidents; --",
    "E01011107' OR '1'='1",
    "../../../../etc/passwd",
    '=HYPERLINK("http://example.invalid","x")',
    "<script>alert(1)</script>",
    "\x00",
    "nan",
    "Infinity",
    "E01999999",
    "E05000000",
    "2018-13",
    "0000-00",
    "9999-12",
    "2018-07..2016-07",
    "2016-07..2018-09",
    "1900-01..2999-12",
    "2018-07",
    "csp",
    "lsoa",
    "neighbourhood",
    "latest",
    "all",
    "count",
    "rate",
    "resourcing",
    "density",
    "anti-social-behaviour",
    "violent-crime",
    "/confidence",
    "/nowhere",
    "?level=csp&period=<x>",
]
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
    st.sampled_from(HOSTILE_TEXT),
    st.just("x" * 200_000),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=6), st.dictionaries(st.text(max_size=8), inner, max_size=3)),
    max_leaves=10,
)
LONG_LISTS = st.sampled_from(HOSTILE_TEXT).map(lambda text: [text] * 20_000)
FIELDS = ("output", "outputs", "inputs", "state", "changedPropIds")


def bodies(dependency: dict) -> st.SearchStrategy:
    """Well-formed requests with hostile values, and requests broken in their structure."""
    count = len(dependency["inputs"])
    hostile_values = st.lists(st.one_of(VALUES, LONG_LISTS), min_size=count, max_size=count).map(
        lambda values: payload(dependency, values)
    )
    broken = st.tuples(hostile_values, st.sampled_from(FIELDS), st.one_of(st.just("<missing>"), VALUES)).map(
        lambda parts: _break(*parts)
    )
    not_objects = st.one_of(VALUES.filter(lambda value: not isinstance(value, dict)), st.text(max_size=30))
    return st.one_of(hostile_values, hostile_values, broken, not_objects)


def _break(body: dict, field: str, value) -> dict:
    broken = dict(body)
    if value == "<missing>":
        broken.pop(field)
    else:
        broken[field] = value
    return broken


def fire_at(client, dependency: dict, statuses: dict, fired: dict[str, int]):
    """A hypothesis test that fires requests at one callback, counting the answers by status."""

    @settings(
        max_examples=EXAMPLES_PER_CALLBACK,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
    )
    @given(body=bodies(dependency))
    def fire(body) -> None:
        text = json.dumps(body, allow_nan=True)
        response = client.post("/_dash-update-component", data=text, content_type="application/json")
        answer = response.get_data(as_text=True)
        # A callback that raised is answered by the safety net's notice: counted apart from the 200s it is in.
        status = "200 notice" if FAILED_NOTICE in answer else response.status_code
        statuses[status] = statuses.get(status, 0) + 1
        fired[owner(dependency)] = fired.get(owner(dependency), 0) + 1
        assert response.status_code < 500, (response.status_code, text[:500], answer[:500])
        assert "Traceback" not in answer

    return fire


@pytest.fixture(scope="module")
def analyst(demo_db, tmp_path_factory):
    return signed_in_analyst(demo_db, tmp_path_factory.mktemp("fuzz"))


def test_no_callback_answers_hostile_requests_with_a_5xx_or_a_traceback(analyst, capsys):
    callbacks = server_callbacks(analyst)
    assert len(callbacks) == 13
    statuses: dict = {}
    fired: dict[str, int] = {}
    for dependency in callbacks:
        fire_at(analyst, dependency, statuses, fired)()
    with capsys.disabled():  # the figures docs/security.md quotes
        print(f"\nfuzz: {sum(statuses.values())} requests to {len(callbacks)} callbacks; statuses {statuses}")
    assert all(status == "200 notice" or status < 500 for status in statuses)
    assert set(fired) == {
        "_pages_content",
        "confidence",
        "coverage",
        "hotspots",
        "overview",
        "priorities",
        "profile",
        "quality",
        "reports",
    }
