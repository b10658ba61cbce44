"""The pieces every printed report is laid out with (reportlab: pure Python, no system libraries): styles,
tables that wrap their text, embedded map images, and a footer naming the report and the page."""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path
from xml.sax.saxutils import escape

import pandas as pd
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Image, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from reportlab.platypus.flowables import Flowable

MARGIN = 14 * mm
PAGE_WIDTH = A4[0] - 2 * MARGIN
HEADER_FILL = colors.HexColor("#e4e7eb")
RULE = colors.HexColor("#9aa5b1")

_BASE = getSampleStyleSheet()
STYLES = {
    "title": ParagraphStyle("title", parent=_BASE["Title"], fontSize=17, spaceAfter=4, alignment=0),
    "h2": ParagraphStyle("h2", parent=_BASE["Heading2"], fontSize=12.5, spaceBefore=8, spaceAfter=3),
    "body": ParagraphStyle("body", parent=_BASE["BodyText"], fontSize=9, leading=11.5),
    "small": ParagraphStyle("small", parent=_BASE["BodyText"], fontSize=7.5, leading=9.5),
    "cell": ParagraphStyle("cell", parent=_BASE["BodyText"], fontSize=7.5, leading=9),
    "label": ParagraphStyle(
        "label",
        parent=_BASE["BodyText"],
        fontSize=8.5,
        leading=10.5,
        backColor=colors.HexColor("#fff3c4"),
        borderPadding=3,
        spaceAfter=6,
    ),
}


def text(value: object, style: str = "body") -> Paragraph:
    """A paragraph of plain text (escaped: place names such as 'On or near A & B Road' are data, not markup)."""
    return Paragraph(escape("" if value is None else str(value)), STYLES[style])


def heading(value: str) -> Paragraph:
    return text(value, "h2")


def frame_table(
    frame: pd.DataFrame, columns: Sequence[tuple[str, str]], widths_mm: Sequence[float], formats: dict | None = None
) -> Table:
    """A table of ``frame``'s columns (id, heading) with wrapping cells; ``formats`` maps a column to a function
    turning its value into text (default: as it is, blank for missing)."""
    formats = formats or {}
    header = [text(name, "cell") for _, name in columns]
    body = [
        [text(_shown(row[column], formats.get(column)), "cell") for column, _ in columns] for _, row in frame.iterrows()
    ]
    table = Table([header, *body], colWidths=[width * mm for width in widths_mm], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def map_image(png: bytes, width_mm: float) -> Image:
    """A PNG map scaled to ``width_mm``, keeping its proportions."""
    image = Image(io.BytesIO(png))
    scale = width_mm * mm / image.imageWidth
    image.drawWidth, image.drawHeight = image.imageWidth * scale, image.imageHeight * scale
    return image


def notes(lines: Sequence[str]) -> list[Flowable]:
    return [text(f"• {line}", "small") for line in lines]


def build_pdf(path: Path | io.BytesIO, story: list[Flowable], title: str) -> None:
    """Write ``story`` to an A4 PDF whose every page names the report and its page number."""

    def footer(canvas, document) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 7)
        canvas.setFillColor(colors.HexColor("#52606d"))
        canvas.drawString(MARGIN, 8 * mm, f"{title} · cspmap")
        canvas.drawRightString(A4[0] - MARGIN, 8 * mm, f"Page {document.page}")
        canvas.restoreState()

    document = SimpleDocTemplate(
        str(path) if isinstance(path, Path) else path,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN + 4 * mm,
        title=title,
        author="cspmap",
    )
    document.build(story, onFirstPage=footer, onLaterPages=footer)


def spacer(height_mm: float = 3) -> Spacer:
    return Spacer(1, height_mm * mm)


def _shown(value: object, format_value) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return format_value(value) if format_value else str(value)
