"""Analysis settings: defaults, a user's overrides merged key by key, and errors that name the key."""

from __future__ import annotations

from datetime import date

import pytest

from queries.analysis.selection import parse_months
from queries.config import CONFIG_ENV, load_config, merge_settings
from queries.errors import CspmapError


def test_defaults_load_and_hold_every_weight_and_threshold():
    config = load_config()
    assert config.grid.cell_size_m == 250
    assert config.evaluation.shares == [0.01, 0.05]
    assert config.emerging.min_months == 10
    assert set(config.priorities.components) >= {"crime_rate", "asb_rate", "low_confidence", "asb_standard_failures"}


def test_a_user_file_overrides_only_what_it_names(tmp_path, monkeypatch):
    (tmp_path / "imd.csv").write_text("code,score\nE01,1\n")
    user = tmp_path / "cspmap.toml"
    user.write_text(
        "[grid]\ncell_size_m = 100\n"
        '[harm.weights]\n"Burglary" = 300\n'
        '[priorities.components.deprivation]\nweight = 2\nfile = "imd.csv"\n'
    )
    config = load_config(user)
    assert config.grid.cell_size_m == 100
    assert config.grid.neighbourhood == "queen"  # untouched
    assert config.harm.weights["Burglary"] == 300 and config.harm.weights["Robbery"] == 746
    deprivation = config.priorities.components["deprivation"]
    assert deprivation.file == tmp_path / "imd.csv"  # relative to the config file
    assert "crime_rate" in config.priorities.components
    monkeypatch.setenv(CONFIG_ENV, str(user))
    assert load_config().grid.cell_size_m == 100


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[grid]\ncell_sise_m = 100\n", "grid.cell_sise_m: Extra inputs are not permitted"),
        ("[grid]\ncell_size_m = -5\n", "grid.cell_size_m: Input should be greater than 0"),
        ('[harm.weights]\n"Burglary" = -1\n', "harm weights cannot be negative: Burglary"),
        ("[evaluation]\nshares = [5]\n", "every share must be between 0 and 1"),
        ("[grid\n", "is not valid TOML"),
    ],
)
def test_bad_settings_are_refused_with_the_file_and_key(tmp_path, text, message):
    user = tmp_path / "bad.toml"
    user.write_text(text)
    with pytest.raises(CspmapError, match=message) as caught:
        load_config(user)
    assert str(user) in str(caught.value)


def test_a_missing_config_file_is_an_error(tmp_path):
    with pytest.raises(CspmapError, match="no config file"):
        load_config(tmp_path / "absent.toml")


def test_merge_replaces_lists_and_merges_tables():
    base = {"a": {"b": 1, "c": [1, 2]}, "d": 4}
    assert merge_settings(base, {"a": {"c": [3]}}) == {"a": {"b": 1, "c": [3]}, "d": 4}


def test_months_are_parsed_from_lists_and_ranges():
    assert parse_months("2016-07, 2017-07") == (date(2016, 7, 1), date(2017, 7, 1))
    assert parse_months("2017-11..2018-02") == (
        date(2017, 11, 1),
        date(2017, 12, 1),
        date(2018, 1, 1),
        date(2018, 2, 1),
    )
    for bad in ("2017-13", "July", "2018-02..2017-11", ","):
        with pytest.raises(CspmapError):
            parse_months(bad)
