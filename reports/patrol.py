"""The patrol brief as a printable PDF: the patch map with numbered target cells, what happens in each, and the
priorities agreed with the patch's residents."""

from __future__ import annotations

import io
from pathlib import Path

from queries.analysis.patrol_brief import PatrolBrief
from queries.analysis.selection import format_months
from reports.pdf_layout import build_pdf, frame_table, heading, map_image, notes, spacer, text
from reports.static_maps import patrol_map

MAP_WIDTH_MM = 150
TARGET_COLUMNS = [
    ("number", "No."),
    ("place_names", "Places (police.uk map points)"),
    ("area_name", "Neighbourhood"),
    ("categories", "What happens there"),
    ("months", "By month"),
    ("repeat_locations", "Repeat locations"),
    ("grid_reference", "Grid ref. (cell centre)"),
]
TARGET_WIDTHS = (8, 42, 22, 38, 22, 30, 20)
PRIORITY_COLUMNS = [
    ("priority", "Priority"),
    ("service_standard", "What was promised"),
    ("area_name", "Neighbourhood"),
    ("agreed_at", "Agreed at"),
    ("review_date", "Review"),
]
PRIORITY_WIDTHS = (40, 66, 26, 30, 20)


def patrol_title(brief: PatrolBrief) -> str:
    return f"Patrol brief: {brief.team['team_name']}"


def patrol_pdf(brief: PatrolBrief, out: Path | io.BytesIO) -> None:
    """Write the brief (one or two A4 pages) to ``out``."""
    targets = brief.targets.assign(
        grid_reference=[
            f"{e:.0f} E {n:.0f} N" for e, n in zip(brief.targets["easting"], brief.targets["northing"], strict=True)
        ]
    )
    team = brief.team
    contact = ", ".join(value for value in (team.get("contact_email"), team.get("contact_phone")) if value)
    story = [
        text(patrol_title(brief), "title"),
        text(
            f"{team['team_id']} ({team['agency']}){': ' + contact if contact else ''}. Months: "
            f"{format_months(brief.months)}; {brief.incidents:,} incidents in the patch's {len(brief.lsoas)} LSOAs."
        ),
        *[text(label, "label") for label in brief.label_notes],
        spacer(),
        map_image(patrol_map(brief.patch, brief.points, brief.targets, brief.cell_size), MAP_WIDTH_MM),
        heading("Target cells"),
        frame_table(targets, TARGET_COLUMNS, TARGET_WIDTHS) if len(targets) else text("No cell had any incidents."),
        heading("Agreed priorities"),
        frame_table(brief.priorities, PRIORITY_COLUMNS, PRIORITY_WIDTHS)
        if len(brief.priorities)
        else text("No priorities are recorded for the patch."),
        heading("About this brief"),
        *notes(brief.notes),
    ]
    build_pdf(out, story, patrol_title(brief))
