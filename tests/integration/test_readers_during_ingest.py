"""Several gunicorn workers keep answering while an ingest runs, then serve the new numbers."""

from __future__ import annotations

import json
import sys
import threading
import time
import urllib.request
from pathlib import Path

from demo.build import POLICE_UK
from tests.cli_runner import run_cli
from tests.sample_rows import loaded_lsoa_codes, raw_rows
from tests.servers import free_port, running_server

REQUEST = {
    "output": "..overview-map.figure...overview-table.rowData...overview-note.children...overview-problem.children..",
    "outputs": [
        {"id": "overview-map", "property": "figure"},
        {"id": "overview-table", "property": "rowData"},
        {"id": "overview-note", "property": "children"},
        {"id": "overview-problem", "property": "children"},
    ],
    "inputs": [
        {"id": "overview-level", "property": "value", "value": "csp"},
        {"id": "overview-months", "property": "value", "value": ["2018-07"]},
        {"id": "overview-categories", "property": "value", "value": []},
        {"id": "overview-measure", "property": "value", "value": "count"},
        {"id": "overview-within", "property": "value"},  # not set: the demo offers no 'Within' choice
    ],
    "changedPropIds": ["overview-months.value"],
}


def mapped_incidents(url: str) -> int:
    """Ask the page's callback, as the browser does, how many incidents are on the map."""
    request = urllib.request.Request(
        f"{url}/_dash-update-component", data=json.dumps(REQUEST).encode(), headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        rows = json.loads(response.read())["response"]["overview-table"]["rowData"]
    return sum(row["incidents"] for row in rows)


def test_workers_answer_throughout_an_ingest_and_then_serve_the_new_data(demo_db, tmp_path):
    db = tmp_path / "served.duckdb"
    db.write_bytes(demo_db.read_bytes())
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "gunicorn", "--workers", "2", "--bind", f"127.0.0.1:{port}", "app:server"]
    july_2018 = [row for row in raw_rows() if row["Month"] == "2018-07"]
    expected_before = sum(1 for row in july_2018 if row["LSOA code"] in loaded_lsoa_codes())
    expected_after = sum(1 for row in july_2018[:1000] if row["LSOA code"] in loaded_lsoa_codes())
    answers: list[int] = []
    failures: list[str] = []
    stop = threading.Event()

    def keep_asking() -> None:
        while not stop.is_set():
            try:
                answers.append(mapped_incidents(url))
            except Exception as exc:  # any failure while the ingest runs is what this test looks for
                failures.append(repr(exc))

    askers = [threading.Thread(target=keep_asking) for _ in range(3)]

    with running_server(command, url, env={"CSPMAP_DB": str(db)}, cwd=Path(__file__).parents[2]):
        before = mapped_incidents(url)
        for asker in askers:
            asker.start()
        try:
            # Replace July 2018 with its first 1,000 rows while the workers are busy.
            original = POLICE_UK / "2018-07" / "2018-07-west-yorkshire-street.csv"
            shorter = tmp_path / original.name
            shorter.write_bytes(b"\r\n".join(original.read_bytes().split(b"\r\n")[:1001]) + b"\r\n")
            run_cli("ingest", "police-uk", shorter, "--db", db, "--quiet")
            deadline = time.monotonic() + 20
            while expected_after not in answers[-10:] and time.monotonic() < deadline:
                time.sleep(0.2)
        finally:
            stop.set()
            for asker in askers:
                asker.join()

    assert failures == []
    assert before == expected_before
    assert answers[-1] == expected_after
    assert set(answers) == {expected_before, expected_after}
