"""A report as sections (heading, sentences, an optional map, tables) that render to PDF or to HTML alike, so both
formats carry the same figures."""

from __future__ import annotations

import base64
import html
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from reportlab.lib.units import mm
from reportlab.platypus import Table, TableStyle

from reports.pdf_layout import PAGE_WIDTH, build_pdf, frame_table, heading, map_image, notes, spacer, text

MAP_WIDTH_MM = 84  # a map with its table beside it on an A4 page


@dataclass(frozen=True)
class ReportTable:
    """A table of ``frame``'s columns: (column id, heading, width in mm on paper, format or None)."""

    frame: pd.DataFrame
    columns: Sequence[tuple[str, str, float, Callable[[object], str] | None]]
    empty: str = "None."


@dataclass(frozen=True)
class ReportSection:
    """One section; ``beside`` is the table drawn beside ``map_png`` (or first, when there is no map)."""

    title: str
    sentences: Sequence[str] = ()
    map_png: bytes | None = None
    map_alt: str = ""
    beside: ReportTable | None = None
    tables: Sequence[ReportTable] = ()
    notes: Sequence[str] = ()
    labels: Sequence[str] = field(default_factory=tuple)


def write_pdf(title: str, subtitle: str, sections: Sequence[ReportSection], out: Path | io.BytesIO) -> None:
    """The sections on A4 pages, each map with its table beside it."""
    story = [text(title, "title"), text(subtitle)]
    for section in sections:
        story += [heading(section.title), *[text(label, "label") for label in section.labels]]
        story += [text(sentence) for sentence in section.sentences]
        if section.map_png is not None:
            beside = _pdf_table(section.beside, PAGE_WIDTH / mm - MAP_WIDTH_MM - 4) if section.beside else ""
            pair = Table(
                [[map_image(section.map_png, MAP_WIDTH_MM), beside]], colWidths=[(MAP_WIDTH_MM + 4) * mm, None]
            )
            pair.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
            story.append(pair)
        elif section.beside is not None:
            story.append(_pdf_table(section.beside, PAGE_WIDTH / mm))
        for table in section.tables:
            story += [spacer(2), _pdf_table(table, PAGE_WIDTH / mm)]
        story += notes(section.notes)
    build_pdf(out, story, title)


def write_html(title: str, subtitle: str, sections: Sequence[ReportSection]) -> str:
    """The sections as one self-contained HTML page (maps embedded, no script, nothing fetched)."""
    parts = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{html.escape(title)}</title>",
        f"<style>{_CSS}</style></head><body>",
        f"<h1>{html.escape(title)}</h1><p>{html.escape(subtitle)}</p>",
    ]
    for section in sections:
        parts.append(f"<section><h2>{html.escape(section.title)}</h2>")
        parts += [f'<p class="label">{html.escape(label)}</p>' for label in section.labels]
        parts += [f"<p>{html.escape(sentence)}</p>" for sentence in section.sentences]
        if section.map_png is not None:
            image = base64.b64encode(section.map_png).decode("ascii")
            parts.append(
                f'<div class="beside"><img src="data:image/png;base64,{image}" alt="{html.escape(section.map_alt)}">'
                f"<div>{_html_table(section.beside) if section.beside else ''}</div></div>"
            )
        elif section.beside is not None:
            parts.append(_html_table(section.beside))
        parts += [_html_table(table) for table in section.tables]
        if section.notes:
            parts.append("<ul>" + "".join(f"<li>{html.escape(note)}</li>" for note in section.notes) + "</ul>")
        parts.append("</section>")
    parts.append("</body></html>")
    return "\n".join(parts)


def _pdf_table(table: ReportTable, width_mm: float):
    if table.frame.empty:
        return text(table.empty)
    widths = [column[2] for column in table.columns]
    scale = min(1.0, width_mm / sum(widths))
    formats = {column[0]: column[3] for column in table.columns if column[3] is not None}
    return frame_table(table.frame, [(c[0], c[1]) for c in table.columns], [w * scale for w in widths], formats)


def _html_table(table: ReportTable) -> str:
    if table.frame.empty:
        return f"<p>{html.escape(table.empty)}</p>"
    head = "".join(f"<th>{html.escape(column[1])}</th>" for column in table.columns)
    rows = []
    for _, row in table.frame.iterrows():
        cells = []
        for column, _, _, format_value in table.columns:
            value = row[column]
            shown = "" if value is None or (not isinstance(value, str) and pd.isna(value)) else value
            shown = format_value(shown) if format_value and shown != "" else shown
            cells.append(f"<td>{html.escape(str(shown))}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


_CSS = """
body { font-family: system-ui, sans-serif; max-width: 70rem; margin: 1.5rem auto; padding: 0 1rem; color: #1f2933; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.2rem; margin-top: 2rem; border-top: 1px solid #cbd2d9; padding-top: .5rem; }
table { border-collapse: collapse; font-size: .85rem; margin: .5rem 0; }
th, td { border-bottom: 1px solid #cbd2d9; padding: 3px 6px; text-align: left; vertical-align: top; }
th { background: #e4e7eb; }
.beside { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1.2fr); gap: 1rem; align-items: start; }
.beside img { width: 100%; height: auto; }
.label { background: #fff3c4; padding: .3rem .5rem; }
@media (max-width: 40rem) { .beside { grid-template-columns: 1fr; } }
"""
