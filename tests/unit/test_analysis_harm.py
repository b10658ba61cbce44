"""Harm weights: the derivation from offence weights, the coverage of police.uk categories, and unknowns."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest

from queries.analysis.harm import derive_category_weights, harm_of_counts, read_offence_table
from queries.config import load_config
from queries.errors import CspmapError

# Every category police.uk has published: the current fourteen, and the names used before May 2013.
POLICE_UK_CATEGORIES = [
    "Anti-social behaviour",
    "Bicycle theft",
    "Burglary",
    "Criminal damage and arson",
    "Drugs",
    "Other crime",
    "Other theft",
    "Possession of weapons",
    "Public order",
    "Robbery",
    "Shoplifting",
    "Theft from the person",
    "Vehicle crime",
    "Violence and sexual offences",
    "Violent crime",
    "Public disorder and weapons",
]


def test_every_police_uk_category_has_a_default_weight():
    weights = load_config().harm.weights
    assert [category for category in POLICE_UK_CATEGORIES if category not in weights] == []
    assert weights["Anti-social behaviour"] == 0  # not a crime: no CSS weight


def test_category_weight_is_the_volume_weighted_mean_of_its_offences():
    # Burglary: 100 dwelling burglaries at 438 and 300 others at 117 -> (43,800 + 35,100) / 400 = 197.25.
    # Robbery: one offence at 746 -> 746.
    offences = pd.DataFrame(
        {
            "category": ["Burglary", "Burglary", "Robbery"],
            "offence": ["dwelling", "non-dwelling", "personal property"],
            "weight": [438.0, 117.0, 746.0],
            "volume": [100.0, 300.0, 50.0],
        }
    )
    assert derive_category_weights(offences).to_dict() == {"Burglary": 197.25, "Robbery": 746.0}


def test_harm_of_counts_reports_categories_without_a_weight():
    counts = pd.DataFrame({"category": ["Burglary", "Robbery", "Fly-tipping"], "incidents": [2, 1, 5]})
    harm, unknown = harm_of_counts(counts, {"Burglary": 280.0, "Robbery": 746.0})
    assert harm.tolist() == [560.0, 746.0, 0.0]
    assert unknown == ["Fly-tipping"]


def test_an_offence_table_with_a_bad_number_names_the_line(tmp_path):
    path = tmp_path / "offences.csv"
    path.write_text("category,offence,weight,volume\nBurglary,dwelling,438,100\nBurglary,other,lots,300\n")
    with pytest.raises(CspmapError, match=r"line 3, column weight: 'lots'"):
        read_offence_table(path)


def test_the_defaults_are_the_derivation_written_in_the_docs():
    # docs/harm-weights.md holds the offence table in a ```csv block; deriving it must give the defaults.
    doc = (Path(__file__).parents[2] / "docs" / "harm-weights.md").read_text(encoding="utf-8")
    block = doc.split("```csv\n", 1)[1].split("```", 1)[0]
    derived = derive_category_weights(pd.read_csv(io.StringIO(block))).round(0)
    defaults = load_config().harm.weights
    assert {category: defaults[category] for category in derived.index} == derived.to_dict()
    assert set(defaults) - set(derived.index) == {"Anti-social behaviour", "Other crime"}
