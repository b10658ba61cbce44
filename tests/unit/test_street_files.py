"""What the ingest's progress bar says it is on: the force and month of a police.uk archive file."""

from pathlib import Path

import pytest

from queries.ingest.street_files import StreetFile


@pytest.mark.parametrize(
    ("name", "label"),
    [
        ("2018-07/2018-07-west-yorkshire-street.csv", "West Yorkshire, July 2018"),
        ("2016-12/2016-12-devon-and-cornwall-street.csv.gz", "Devon and Cornwall, December 2016"),
        ("2019-01-city-of-london-street.csv", "City of London, January 2019"),
        ("2020-02-metropolitan-STREET.CSV", "Metropolitan, February 2020"),
        ("leeds-july.csv", "leeds-july.csv"),  # not an archive name: shown as it is
        ("2018-13-west-yorkshire-street.csv", "2018-13-west-yorkshire-street.csv"),  # no such month
    ],
)
def test_a_file_is_named_by_its_force_and_month(name: str, label: str) -> None:
    assert StreetFile(name, Path(name)).label == label


def test_a_zip_member_is_named_by_the_member_not_the_archive() -> None:
    member = StreetFile(
        "archive.zip:2017-03/2017-03-kent-street.csv", Path("archive.zip"), "2017-03/2017-03-kent-street.csv"
    )
    assert member.label == "Kent, March 2017"
