"""Find police.uk street-level files under the paths a user gives: single CSVs, archive folders and archive zips."""

from __future__ import annotations

import tempfile
import zipfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from queries.errors import CspmapError

STREET_SUFFIX = "-street.csv"


@dataclass(frozen=True)
class StreetFile:
    """One street-level CSV to ingest: a file on disk, or a member of a zip archive."""

    name: str  # as shown to the user and stored in ingest_runs/rejects
    path: Path
    member: str | None = None

    @property
    def size(self) -> int:
        if self.member is None:
            return self.path.stat().st_size
        with zipfile.ZipFile(self.path) as archive:
            return archive.getinfo(self.member).file_size

    @contextmanager
    def on_disk(self) -> Iterator[Path]:
        """A path to the CSV's bytes on disk (zip members are extracted to a temporary folder)."""
        if self.member is None:
            yield self.path
            return
        with tempfile.TemporaryDirectory(prefix="cspmap-") as folder, zipfile.ZipFile(self.path) as archive:
            yield Path(archive.extract(self.member, folder))

    def first_line(self) -> bytes:
        if self.member is None:
            with open(self.path, "rb") as handle:
                return handle.readline()
        with zipfile.ZipFile(self.path) as archive, archive.open(self.member) as handle:
            return handle.readline()


@dataclass(frozen=True)
class StreetFiles:
    """The street-level files found under the paths given, and the other files passed over."""

    files: list[StreetFile]
    skipped: list[str]


def find_street_files(paths: Sequence[Path]) -> StreetFiles:
    """Expand CSVs, folders (searched recursively for ``*-street.csv``) and police.uk archive zips."""
    files: list[StreetFile] = []
    skipped: list[str] = []
    for path in paths:
        if path.is_dir():
            for found in sorted(path.rglob("*.csv")):
                if found.name.endswith(STREET_SUFFIX):
                    files.append(StreetFile(str(found), found))
                else:
                    skipped.append(str(found))
        elif path.suffix.lower() == ".zip" and path.is_file():
            try:
                with zipfile.ZipFile(path) as archive:
                    members = sorted(info.filename for info in archive.infolist() if not info.is_dir())
            except zipfile.BadZipFile as exc:
                raise CspmapError(f"{path} is not a readable zip archive ({exc}).") from exc
            for member in members:
                if member.endswith(STREET_SUFFIX):
                    files.append(StreetFile(f"{path}:{member}", path, member))
                else:
                    skipped.append(f"{path}:{member}")
        elif path.is_file():
            files.append(StreetFile(str(path), path))
        else:
            raise CspmapError(f"No such file or folder: {path}")
    if not files:
        raise CspmapError(
            f"No police.uk street-level files found in {', '.join(map(str, paths))} "
            f"(looked for names ending {STREET_SUFFIX} in folders and zips)."
        )
    return StreetFiles(files, skipped)
