"""Coverage: a team's staff shared among the areas it covers, and the minimum-service checklist, by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from queries.analysis.coverage import apportion_staff, check_minimum_service
from queries.config import load_config


def test_staff_are_shared_by_the_residents_each_area_holds_else_by_lsoas():
    team_areas = pd.DataFrame(
        {
            # T1 covers A (1,000 residents) and B (3,000) with 4 PCSOs and 1 sergeant: A gets 1/4, B 3/4.
            # T2's residents are unknown: it is shared by LSOAs covered, 1 in A and 3 in B.
            "team_id": ["T1", "T1", "T2", "T2"],
            "team_type": ["police", "police", "partner", "partner"],
            "area_code": ["A", "B", "A", "B"],
            "covered_residents": [1000.0, 3000.0, np.nan, np.nan],
            "covered_lsoas": [1, 3, 1, 3],
            "staff": [{"pcso": 4.0, "sergeant": 1.0}] * 2 + [{"youth_worker": 2.0}] * 2,
        }
    )
    staff = apportion_staff(team_areas).set_index(["team_id", "area_code", "role"])["staff"]
    assert staff[("T1", "A", "pcso")] == 1.0 and staff[("T1", "B", "pcso")] == 3.0
    assert staff[("T1", "A", "sergeant")] == 0.25
    assert staff[("T2", "A", "youth_worker")] == 0.5 and staff[("T2", "B", "youth_worker")] == 1.5
    # Shared out, nothing is lost: 4 + 1 + 2 staff in all.
    assert staff.sum() == pytest.approx(7.0)


def test_minimum_service_names_what_is_missing():
    table = pd.DataFrame(
        {
            "police_teams": ["NPT1", "", "NPT2"],
            "pcsos_total": [2.0, 0.0, 0.5],
            "contact_agencies": ["Council; Housing", "Housing", "COUNCIL"],
            "monthly_meeting": [True, False, True],
        }
    )
    met, lacks = check_minimum_service(table, load_config().coverage.minimum_service)
    assert met.tolist() == [True, False, False]
    assert lacks.tolist() == [
        "",
        "no police team; fewer than 1 PCSO (0.00); no council contact; no monthly community meeting",
        "fewer than 1 PCSO (0.50)",  # agencies are compared ignoring case
    ]
