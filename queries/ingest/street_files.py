"""Find police.uk street-level files under the paths a user gives: single CSVs (plain or gzipped), archive folders
and archive zips, and unpack what must be unpacked, within a size limit.

A zip member or a ``.csv.gz`` is unpacked into a temporary folder for DuckDB to read, never beyond
``$CSPMAP_MAX_UNPACKED_MB`` (default 2,048 MiB, several times the largest real street file): a member is checked
against the limit before it is unpacked, and the unpacking stops at the limit whatever the archive claims. The
folder's name carries the process id, so a run that was killed leaves a folder the next run removes.
"""

from __future__ import annotations

import gzip
import os
import re
import shutil
import tempfile
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from queries.errors import CspmapError

STREET_SUFFIX = "-street.csv"
GZIP_SUFFIX = ".gz"
DEFAULT_MAX_UNPACKED_MB = 2048
UNPACK_PREFIX = "cspmap-unpack-"
_CHUNK = 1 << 20
_ARCHIVE_NAME = re.compile(r"^(\d{4})-(\d{2})-(.+)-street\.csv(?:\.gz)?$", re.IGNORECASE)
_MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def max_unpacked_bytes() -> int:
    """The most bytes one zip member or gzipped file may unpack to: ``$CSPMAP_MAX_UNPACKED_MB`` MiB."""
    text = os.environ.get("CSPMAP_MAX_UNPACKED_MB", str(DEFAULT_MAX_UNPACKED_MB))
    try:
        megabytes = float(text)
    except ValueError:
        raise CspmapError(f"CSPMAP_MAX_UNPACKED_MB must be a number of megabytes, not {text!r}.") from None
    return int(megabytes * (1 << 20))


@dataclass(frozen=True)
class StreetFile:
    """One street-level CSV to ingest: a file on disk (gzipped or not), or a member of a zip archive."""

    name: str  # as shown to the user and stored in ingest_runs/rejects: path, or archive.zip:member
    path: Path
    member: str | None = None

    @property
    def gzipped(self) -> bool:
        return self.member is None and self.path.name.lower().endswith(GZIP_SUFFIX)

    @property
    def label(self) -> str:
        """What the progress bar says it is on: "West Yorkshire, July 2018" for an archive file
        (``2018-07-west-yorkshire-street.csv``), else the file's own name."""
        base = Path(self.member or self.path.name).name
        match = _ARCHIVE_NAME.match(base)
        if match is None or not 1 <= int(match[2]) <= 12:
            return base
        force = match[3].replace("-", " ").title().replace(" And ", " and ").replace(" Of ", " of ")
        return f"{force}, {_MONTH_NAMES[int(match[2]) - 1]} {match[1]}"

    @property
    def size(self) -> int:
        """Bytes read from disk to ingest the file (for progress)."""
        if self.member is None:
            return self.path.stat().st_size
        with zipfile.ZipFile(self.path) as archive:
            return archive.getinfo(self.member).compress_size

    def check_size(self) -> None:
        """Refuse, before anything is unpacked, a zip member that says it unpacks to more than the limit."""
        if self.member is None:
            return
        with zipfile.ZipFile(self.path) as archive:
            claimed = archive.getinfo(self.member).file_size
        if claimed > max_unpacked_bytes():
            raise CspmapError(_too_big(self.name))

    @contextmanager
    def on_disk(self) -> Iterator[Path]:
        """A path to the CSV's bytes on disk (zip members and gzipped files are unpacked to a temporary folder)."""
        if self.member is None and not self.gzipped:
            yield self.path
            return
        remove_abandoned_folders()
        folder = Path(tempfile.mkdtemp(prefix=f"{UNPACK_PREFIX}{os.getpid()}-"))
        try:
            target = folder / Path(self.member or self.path.name.removesuffix(GZIP_SUFFIX)).name
            with self._open() as source, open(target, "wb") as out:
                _copy_within_limit(source, out, self.name)
            yield target
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    def first_line(self) -> bytes:
        with self._open() as handle:
            return handle.readline(1 << 20)

    @contextmanager
    def _open(self) -> Iterator[BinaryIO]:
        try:
            if self.member is not None:
                with zipfile.ZipFile(self.path) as archive, archive.open(self.member) as handle:
                    yield handle
            elif self.gzipped:
                with gzip.open(self.path, "rb") as handle:
                    yield handle
            else:
                with open(self.path, "rb") as handle:
                    yield handle
        except (OSError, EOFError, zlib.error, zipfile.BadZipFile) as exc:
            if isinstance(exc, FileNotFoundError):
                raise
            kind = "zip archive" if self.member is not None else "gzip file" if self.gzipped else "file"
            raise CspmapError(f"{self.name} cannot be unpacked: it is not a readable {kind} ({exc}).") from exc


def _copy_within_limit(source: BinaryIO, out: BinaryIO, name: str) -> None:
    limit, written = max_unpacked_bytes(), 0
    while block := source.read(_CHUNK):
        written += len(block)
        if written > limit:
            raise CspmapError(_too_big(name))
        out.write(block)


def _too_big(name: str) -> str:
    limit_mb = max_unpacked_bytes() / (1 << 20)
    return (
        f"{name} unpacks to more than {limit_mb:,.0f} MB, the limit for one file; nothing was unpacked beyond it. "
        "If the file is genuine, raise the limit with CSPMAP_MAX_UNPACKED_MB."
    )


def remove_abandoned_folders() -> None:
    """Remove the unpacking folders of cspmap runs that are no longer running (killed before they cleaned up)."""
    for folder in Path(tempfile.gettempdir()).glob(f"{UNPACK_PREFIX}*"):
        pid_text = folder.name.removeprefix(UNPACK_PREFIX).split("-", 1)[0]
        if pid_text.isdigit() and int(pid_text) != os.getpid() and not _running(int(pid_text)):
            shutil.rmtree(folder, ignore_errors=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    return True


@dataclass(frozen=True)
class StreetFiles:
    """The street-level files found under the paths given, and the other files passed over."""

    files: list[StreetFile]
    skipped: list[str]


def _is_street_file(name: str) -> bool:
    lower = name.lower()
    return lower.endswith(STREET_SUFFIX) or lower.endswith(STREET_SUFFIX + GZIP_SUFFIX)


def find_street_files(paths: Sequence[Path]) -> StreetFiles:
    """Expand CSVs, folders (searched recursively for ``*-street.csv`` and ``*-street.csv.gz``) and police.uk
    archive zips; refuses a zip member over the unpacking limit before anything is unpacked."""
    remove_abandoned_folders()
    files: list[StreetFile] = []
    skipped: list[str] = []
    for path in paths:
        if path.is_dir():
            for found in sorted(p for p in path.rglob("*") if p.is_file()):
                if _is_street_file(found.name):
                    files.append(StreetFile(str(found), found))
                elif found.name.lower().endswith((".csv", ".csv.gz")):
                    skipped.append(str(found))
        elif path.suffix.lower() == ".zip" and path.is_file():
            try:
                with zipfile.ZipFile(path) as archive:
                    members = sorted(info.filename for info in archive.infolist() if not info.is_dir())
            except zipfile.BadZipFile as exc:
                raise CspmapError(f"{path} is not a readable zip archive ({exc}).") from exc
            for member in members:
                if member.lower().endswith(STREET_SUFFIX):
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
            f"(looked for names ending {STREET_SUFFIX} or {STREET_SUFFIX}{GZIP_SUFFIX} in folders and zips)."
        )
    for source in files:
        source.check_size()
    return StreetFiles(files, skipped)
