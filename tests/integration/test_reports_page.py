"""The reports page's downloads called through their HTTP route on the demo: real PDFs and HTML, the same as the CLI
writes."""

from __future__ import annotations

import base64
import importlib
import io

import pypdf
import pytest

from tests.page_trees import find, text_of


@pytest.fixture
def page(in_demo_app):
    return importlib.import_module("dashboard.pages.reports")


def test_the_patrol_brief_downloads_as_a_pdf_for_the_chosen_team(page, callbacks):
    download, problem = callbacks.call(page.PATROL_DOWNLOAD, 1, "NPT-CAL-01", ["2018-07"])
    assert problem is None and download["filename"] == "patrol-brief-NPT-CAL-01.pdf"
    reader = pypdf.PdfReader(io.BytesIO(base64.b64decode(download["content"])))
    text = " ".join(p.extract_text() for p in reader.pages)
    assert 1 <= len(reader.pages) <= 2 and "Patrol brief: Calderdale Neighbourhood Policing Team 1" in text
    assert "Months: 2018-07" in text


def test_the_strategic_assessment_downloads_as_pdf_or_html(page, callbacks):
    download, _ = callbacks.call(page.STRATEGIC_DOWNLOAD, 1, None, ["2018-07"], triggered_by=page.STRATEGIC_PDF)
    reader = pypdf.PdfReader(io.BytesIO(base64.b64decode(download["content"])))
    assert (
        download["filename"] == "strategic-assessment.pdf" and "Strategic assessment" in reader.pages[0].extract_text()
    )
    download, _ = callbacks.call(page.STRATEGIC_DOWNLOAD, 1, 1, ["2018-07"], triggered_by=page.STRATEGIC_HTML)
    assert (
        download["filename"] == "strategic-assessment.html" and "<h1>Strategic assessment</h1>" in download["content"]
    )


def test_no_team_or_an_unknown_one_is_a_message(page, callbacks):
    download, problem = callbacks.call(page.PATROL_DOWNLOAD, 1, None, [])
    assert download is None and "Pick a team first." in text_of(problem, " ")
    download, problem = callbacks.call(page.PATROL_DOWNLOAD, 1, "NOPE", [])
    assert download is None and "No team 'NOPE'" in text_of(problem, " ")


def test_the_layout_takes_the_team_from_the_url(page):
    assert find(page.layout(team="NPT-KIR-02"), page.TEAM).value == "NPT-KIR-02"
    bogus = page.layout(team="bogus")
    assert find(bogus, page.TEAM).value is None and "Part of this link was ignored: team=bogus" in text_of(bogus)
    assert "was ignored" not in text_of(page.layout(team="NPT-KIR-02"), " ")


def test_a_month_the_data_does_not_have_is_a_message(page, callbacks):
    download, problem = callbacks.call(page.PATROL_DOWNLOAD, 1, "NPT-CAL-01", ["2030-01"])
    assert download is None and "'2030-01' is not a month this page offers" in text_of(problem, " ")
