"""Generate police.uk-format street files over every LSOA of England and Wales, for national-scale benchmarks.

Rows are spread over the 34,753 LSOAs of 2011 in proportion to their 2011 census population, with a month drawn
uniformly from the last ``--months`` months up to 2018-12. police.uk snaps every incident to one of about 750,000
anonymised map points, so the generated archive has a fixed set too: 750,000 random points inside the LSOAs'
(generalised) boundaries, shared out by population, and each row at one of its LSOA's points chosen uniformly.
A point has one name, as on police.uk (the location text is the snap point's: "On or near High Street"), taken
from a located row of the West Yorkshire sample in demo/data. Each row copies a real row of that sample for its
crime type, outcome, context and whether it has a Crime ID, so categories come in the sample's proportions; every
generated row has coordinates. Files come out one per force and month, as the police.uk archive has them
(``YYYY-MM/YYYY-MM-<force-slug>-street.csv``, the originals' header, quoting and CRLF line endings).

The force assignment is illustrative, not the real 43 forces: the census has no force column, so each region
(Wales counts as one) is split into about one "force" per 800 LSOAs, each a run of local authorities in
local authority code order, named after the region ("North West 2 Police"). Nothing in cspmap's analysis
depends on which force a row came from.

Beside the archive the generator writes what building the levels needs: ``population.csv`` (code,population),
``lsoa_msoa.csv`` (neighbourhoods = census MSOAs) and ``lsoa_la.csv`` (CSPs = local authorities). Then:

    python -m bench.generate_national --rows 2000000 --months 12 --out bench/data/national
    cspmap --db bench/data/national.duckdb ingest boundaries \\
        /work/shared/data/england-wales-lsoa/lsoa-2011-england-wales-generalised.geojson --level lsoa
    cspmap --db ... ingest population bench/data/national/population.csv
    cspmap --db ... ingest lookup bench/data/national/lsoa_msoa.csv --level neighbourhood \\
        --lsoa-field lsoa_code --code-field msoa_code --name-field msoa_name
    cspmap --db ... ingest lookup bench/data/national/lsoa_la.csv --level csp \\
        --lsoa-field lsoa_code --code-field la_code --name-field la_name
    cspmap --db ... ingest police-uk bench/data/national/archive

The same arguments always give the same bytes.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from bench.generate_police_uk import _quoted_where_needed, _six_decimals, read_sample, write_street_csv

DATA = Path("/work/shared/data")
CENSUS = DATA / "police-uk-sample" / "census_2011_population_hh.csv"
BOUNDARIES = DATA / "england-wales-lsoa" / "lsoa-2011-england-wales-generalised.geojson"
DEFAULT_OUT = Path(__file__).resolve().parent / "data" / "national"
LAST_MONTH = (2018, 12)
LSOAS_PER_FORCE = 800  # 34,753 LSOAs / 43 forces is about 808
MAP_POINTS = 750_000  # police.uk's anonymised map points for England and Wales (REFERENCES.md)


def read_census(path: Path = CENSUS) -> pd.DataFrame:
    """One row per LSOA: lsoa_code, lsoa_name, msoa_code, msoa_name, la_code, la_name, region, population."""
    raw = pd.read_csv(path, dtype=str, keep_default_na=False, header=0)
    # The header repeats "Persons" (all, in households, in communal establishments); the first is everyone.
    census = pd.DataFrame(
        {
            "lsoa_code": raw["LSOA Code"],
            "lsoa_name": raw["LSOA Name"],
            "msoa_code": raw["MSOA Code"],
            "msoa_name": raw["MSOA Name"],
            "la_code": raw["Local authority code"],
            "la_name": raw["Local authority name"],
            "region": raw["Region name"].where(raw["Region name"] != "", "WALES"),
            "population": raw["Persons"].str.replace(",", "", regex=False).astype(int),
        }
    )
    return census.sort_values("lsoa_code", ignore_index=True)


def assign_forces(census: pd.DataFrame) -> pd.Series:
    """An illustrative force name for each LSOA: each region cut into runs of local authorities by code."""
    force = pd.Series("", index=census.index, dtype=object)
    for region, rows in census.groupby("region", sort=True):
        per_la = rows.groupby("la_code").size().sort_index()
        groups = max(1, round(len(rows) / LSOAS_PER_FORCE))
        # Cut the cumulative LSOA count into `groups` equal slices; a local authority goes where it starts.
        starts = per_la.cumsum() - per_la
        group_of_la = np.minimum((starts.to_numpy() * groups) // len(rows), groups - 1)
        title = region.title()
        names = {
            la: title if groups == 1 else f"{title} {g + 1}" for la, g in zip(per_la.index, group_of_la, strict=True)
        }
        force[rows.index] = rows["la_code"].map(names).to_numpy()
    return force + " Police"


def force_slug(force: str) -> str:
    """The file-name form of a force name, as police.uk writes it ("West Yorkshire Police" -> west-yorkshire)."""
    return re.sub(r"[^a-z0-9]+", "-", force.removesuffix(" Police").lower()).strip("-")


def read_lsoa_polygons(codes: pd.Series, path: Path = BOUNDARIES) -> np.ndarray:
    """The (repaired, prepared) polygon of each LSOA code, in the order given, longitude/latitude."""
    frame = gpd.read_file(path, columns=["LSOA11CD"]).set_index("LSOA11CD")
    missing = set(codes) - set(frame.index)
    if missing:
        raise SystemExit(f"{path} lacks {len(missing)} census LSOAs, e.g. {sorted(missing)[:3]}.")
    polygons = shapely.make_valid(frame.geometry.loc[codes].to_numpy())
    shapely.prepare(polygons)
    return polygons


def random_points_inside(polygons: np.ndarray, which: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """One uniform point (in lon/lat) inside ``polygons[which[i]]`` for every i, by rejection in the bounds."""
    bounds = shapely.bounds(polygons)
    xy = np.empty((len(which), 2))
    todo = np.arange(len(which))
    while len(todo):
        b = bounds[which[todo]]
        x = rng.uniform(b[:, 0], b[:, 2])
        y = rng.uniform(b[:, 1], b[:, 3])
        inside = shapely.contains_xy(polygons[which[todo]], x, y)
        xy[todo[inside], 0], xy[todo[inside], 1] = x[inside], y[inside]
        todo = todo[~inside]
    return xy


def at_map_points(
    polygons: np.ndarray, population: np.ndarray, lsoa: np.ndarray, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray, int]:
    """Each row's map point (its number) and that point's coordinates, and how many points there are: one of its
    LSOA's points, chosen uniformly. The MAP_POINTS points are random points inside the LSOAs, each LSOA's share
    of them its share of the population (at least one)."""
    count = np.maximum(1, np.round(MAP_POINTS * population / population.sum())).astype(np.int64)
    first = np.cumsum(count) - count
    points = random_points_inside(polygons, np.repeat(np.arange(len(count)), count), rng)
    point = first[lsoa] + (rng.random(len(lsoa)) * count[lsoa]).astype(np.int64)
    return point, points[point], len(points)


def month_labels(months: int) -> list[str]:
    """The ``months`` months up to and including LAST_MONTH, oldest first, as police.uk writes them."""
    year, month = LAST_MONTH
    first = year * 12 + month - 1 - (months - 1)
    return [f"{(first + k) // 12}-{(first + k) % 12 + 1:02d}" for k in range(months)]


def generate(rows: int, months: int, out: Path = DEFAULT_OUT, seed: int = 0) -> list[Path]:
    """Write the archive and the lookup files under ``out`` and return the street files written."""
    rng = np.random.default_rng(seed)
    census = read_census()
    census["force"] = assign_forces(census)
    polygons = read_lsoa_polygons(census["lsoa_code"])
    header, sample = read_sample()
    sample = {name: _quoted_where_needed(values) for name, values in sample.items()}

    lsoa = rng.choice(len(census), size=rows, p=census["population"] / census["population"].sum())
    source = rng.integers(0, len(sample["Month"]), size=rows)
    month = rng.integers(0, months, size=rows)
    point, xy, points = at_map_points(polygons, census["population"].to_numpy(), lsoa, rng)
    located = np.flatnonzero(sample["Longitude"] != "")
    location = sample["Location"][rng.choice(located, size=points)][point]  # each point's one name

    force = census["force"].to_numpy(dtype=object)[lsoa]
    force_codes, force_index = np.unique(force, return_inverse=True)
    order = np.lexsort((lsoa, force_index, month))  # by month, force, then LSOA
    lsoa, source, month, xy, location = lsoa[order], source[order], month[order], xy[order], location[order]
    force_index = force_index[order]

    columns = {name: values[source] for name, values in sample.items()}
    columns["Month"] = np.array(month_labels(months), dtype=object)[month]
    columns["Location"] = location
    columns["Reported by"] = columns["Falls within"] = force_codes[force_index]
    columns["Longitude"] = np.array(_six_decimals(xy[:, 0]), dtype=object)
    columns["Latitude"] = np.array(_six_decimals(xy[:, 1]), dtype=object)
    columns["LSOA code"] = census["lsoa_code"].to_numpy(dtype=object)[lsoa]
    columns["LSOA name"] = _quoted_where_needed(census["lsoa_name"].to_numpy(dtype=object))[lsoa]
    has_id = columns["Crime ID"] != ""
    hex_text = rng.bytes(32 * int(has_id.sum())).hex()
    columns["Crime ID"] = columns["Crime ID"].copy()
    columns["Crime ID"][has_id] = [hex_text[i : i + 64] for i in range(0, len(hex_text), 64)]

    archive = out / "archive"
    written = []
    cuts = np.flatnonzero(np.diff(month * len(force_codes) + force_index)) + 1
    for part in np.split(np.arange(rows), cuts):
        label, slug = columns["Month"][part[0]], force_slug(force_codes[force_index[part[0]]])
        path = archive / label / f"{label}-{slug}-street.csv"
        write_street_csv(header, {name: values[part] for name, values in columns.items()}, path)
        written.append(path)

    census[["lsoa_code", "population"]].rename(columns={"lsoa_code": "code"}).to_csv(
        out / "population.csv", index=False
    )
    census[["lsoa_code", "msoa_code", "msoa_name"]].to_csv(out / "lsoa_msoa.csv", index=False)
    census[["lsoa_code", "la_code", "la_name"]].to_csv(out / "lsoa_la.csv", index=False)
    return written


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=2_000_000, help="rows to generate (default 2000000)")
    parser.add_argument("--months", type=int, default=12, help="months up to 2018-12 (default 12)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="folder to write into")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    args = parser.parse_args(argv)
    if args.rows < 1 or args.months < 1:
        parser.error("--rows and --months must be at least 1")
    written = generate(args.rows, args.months, args.out, args.seed)
    size = sum(path.stat().st_size for path in written)
    print(f"{args.out}: {len(written)} street files, {args.rows} rows, {size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
