"""Scale the real police.uk sample in demo/data to any number of rows, as one street-level CSV.

Every generated row is a copy of a real row at one of four map points near the real one (rows with no coordinates
are copied as they are), a fresh Crime ID where the original had one, and a month spread over 2016-01..2018-12;
LSOA codes and names, categories, locations and outcomes are kept. police.uk snaps every incident to one of a
fixed set of anonymised map points (about 750,000 for England and Wales, tens of thousands for a large force), so
the generated file has a fixed set too: each of the sample's distinct points and three fixed positions within
30 m of it (about 38,000 in all), however many rows are asked for. Rows come out in month
order, like monthly police.uk files concatenated, in the originals' header, CRLF line endings and quoting.
The same ``--rows`` and ``--seed`` always give the same bytes.

    python -m bench.generate_police_uk --rows 1000000 --out bench/data/
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

import numpy as np
import pandas as pd

SAMPLE = Path(__file__).resolve().parent.parent / "demo" / "data" / "police-uk"
DEFAULT_OUT = Path(__file__).resolve().parent / "data"
FIRST_MONTH, MONTHS = (2016, 1), 36
JITTER_METRES = 30.0  # a variant of a map point moves each coordinate by up to this much, uniformly
POINT_VARIANTS = 4  # map points per distinct sample point: the real one and three fixed variants
METRES_PER_DEGREE_LAT = 111_320.0


def bench_file_path(rows: int, out: Path = DEFAULT_OUT, seed: int = 0) -> Path:
    """Where the generated file for ``rows`` and ``seed`` lives (named like a police.uk street file)."""
    suffix = "" if seed == 0 else f"-seed{seed}"
    return out / f"bench-west-yorkshire-{rows}{suffix}-street.csv"


def read_sample(folder: Path = SAMPLE) -> tuple[list[str], dict[str, np.ndarray]]:
    """The real rows' header and columns, every value as the exact text in the file (blank stays blank)."""
    files = sorted(folder.rglob("*-street.csv"))
    if not files:
        raise SystemExit(f"No police.uk street files under {folder}.")
    frames = [pd.read_csv(f, dtype=str, keep_default_na=False, na_filter=False) for f in files]
    header = list(frames[0].columns)
    for path, frame in zip(files, frames, strict=True):
        if list(frame.columns) != header:
            raise SystemExit(f"{path} has a different header from {files[0]}.")
    sample = pd.concat(frames, ignore_index=True)
    return header, {name: sample[name].to_numpy(dtype=object) for name in header}


def scale_sample(columns: dict[str, np.ndarray], rows: int, seed: int = 0) -> dict[str, np.ndarray]:
    """``rows`` jittered copies of the sample's rows, spread over 36 months and sorted by month."""
    rng = np.random.default_rng(seed)
    sample_rows = len(columns["Month"])
    source = rng.integers(0, sample_rows, size=rows)
    month_index = rng.integers(0, MONTHS, size=rows)
    order = np.lexsort((source, month_index))  # by month, then in the sample's own order
    source, month_index = source[order], month_index[order]
    out = {name: _quoted_where_needed(values)[source] for name, values in columns.items()}

    year, month = FIRST_MONTH
    labels = [f"{year + (month - 1 + k) // 12}-{(month - 1 + k) % 12 + 1:02d}" for k in range(MONTHS)]
    out["Month"] = np.array(labels, dtype=object)[month_index]

    located = (out["Longitude"] != "") & (out["Latitude"] != "")
    lon = out["Longitude"][located].astype(float)
    lat = out["Latitude"][located].astype(float)
    points, point = np.unique(np.column_stack([lon, lat]), axis=0, return_inverse=True)
    offsets = rng.uniform(-JITTER_METRES, JITTER_METRES, size=(len(points), POINT_VARIANTS, 2))
    offsets[:, 0] = 0.0  # variant 0 is the real point
    dx, dy = offsets[point.ravel(), rng.integers(0, POINT_VARIANTS, size=len(lon))].T
    out["Longitude"][located] = _six_decimals(lon + dx / (METRES_PER_DEGREE_LAT * np.cos(np.radians(lat))))
    out["Latitude"][located] = _six_decimals(lat + dy / METRES_PER_DEGREE_LAT)

    has_id = out["Crime ID"] != ""
    hex_text = rng.bytes(32 * int(has_id.sum())).hex()
    out["Crime ID"][has_id] = [hex_text[i : i + 64] for i in range(0, len(hex_text), 64)]
    return out


def _six_decimals(values: np.ndarray) -> list[str]:
    # police.uk writes six decimals (-1.550626); str.format beats numpy's string routines here.
    return list(map("{:.6f}".format, values.tolist()))


def write_street_csv(header: list[str], columns: dict[str, np.ndarray], path: Path) -> None:
    """Write the (already quoted) values in the originals' format, CRLF line endings, atomically."""
    lines = map(",".join, zip(*(columns[name].tolist() for name in header), strict=True))
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    with open(partial, "wb") as handle:
        handle.write((",".join(header) + "\r\n").encode("utf-8"))
        handle.write(("\r\n".join(lines) + "\r\n").encode("utf-8"))
    os.replace(partial, path)


def _quoted_where_needed(values: np.ndarray) -> np.ndarray:
    # The sample has no value with a comma, quote or line break, but one that had would be quoted the way
    # police.uk (and Python's csv module) quote it. The generated columns (month, coordinates, ids) never need it.
    return np.array([_csv_field(value) for value in values.tolist()], dtype=object)


def _csv_field(value: str) -> str:
    if any(special in value for special in ',"\r\n'):
        return '"' + value.replace('"', '""') + '"'
    return value


def generate(rows: int, out: Path = DEFAULT_OUT, seed: int = 0) -> Path:
    """Generate the file for ``rows`` and ``seed`` (overwriting any there) and return its path."""
    path = bench_file_path(rows, out, seed)
    header, sample = read_sample()
    write_street_csv(header, scale_sample(sample, rows, seed), path)
    return path


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="rows to generate (default 1000000)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="folder to write into (default bench/data/)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    args = parser.parse_args(argv)
    if args.rows < 1:
        parser.error("--rows must be at least 1")
    path = generate(args.rows, args.out, args.seed)
    print(f"{path} ({args.rows} rows, {path.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
