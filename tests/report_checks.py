"""Looking inside the PDFs the reports write: their text, their pages rendered to images, their embedded maps."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pypdf
import pypdfium2


def pdf_pages_text(path: Path) -> list[str]:
    """The text of each page, as a PDF reader extracts it."""
    return [page.extract_text() for page in pypdf.PdfReader(path).pages]


def rendered_page(path: Path, number: int, out: Path | None = None) -> np.ndarray:
    """Page ``number`` (from 0) rendered to an RGB array by PDFium (saved as PNG to ``out`` to look at)."""
    image = pypdfium2.PdfDocument(path)[number].render(scale=1.5).to_pil().convert("RGB")
    if out is not None:
        image.save(out)
    return np.asarray(image)


def embedded_images(path: Path, number: int) -> list[np.ndarray]:
    """The images (maps) embedded in page ``number``, as RGB arrays."""
    return [np.asarray(image.image.convert("RGB")) for image in pypdf.PdfReader(path).pages[number].images]


def share_of_colour(image: np.ndarray, rgb: tuple[int, int, int], tolerance: int = 40) -> float:
    """The share of pixels within ``tolerance`` of a colour in every channel."""
    close = np.all(np.abs(image.astype(int) - np.array(rgb)) <= tolerance, axis=-1)
    return float(close.mean())


def non_white_share(image: np.ndarray) -> float:
    return float((image.min(axis=-1) < 250).mean())


def html_tables(page: str) -> list[list[list[str]]]:
    """Every table in an HTML page as rows of cell texts (header row first)."""
    from html.parser import HTMLParser

    class Tables(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.tables: list[list[list[str]]] = []
            self.cell: list[str] | None = None

        def handle_starttag(self, tag, attrs) -> None:
            if tag == "table":
                self.tables.append([])
            elif tag == "tr":
                self.tables[-1].append([])
            elif tag in ("td", "th"):
                self.cell = []

        def handle_endtag(self, tag) -> None:
            if tag in ("td", "th") and self.cell is not None:
                self.tables[-1][-1].append("".join(self.cell).strip())
                self.cell = None

        def handle_data(self, data) -> None:
            if self.cell is not None:
                self.cell.append(data)

    parser = Tables()
    parser.feed(page)
    return parser.tables
