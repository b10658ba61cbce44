"""Reading boundary files: field detection, reprojection, repair and refusals."""

from __future__ import annotations

import zipfile
from pathlib import Path

import geopandas as gpd
import pytest
import shapely

from geodata.boundaries import BoundaryFileError, read_boundaries

# Three 1 km squares in British National Grid; the third is a bow-tie (self-intersecting) when broken.
SQUARES = [shapely.box(410000 + 1000 * i, 400000, 411000 + 1000 * i, 401000) for i in range(3)]
BOWTIE = shapely.Polygon([(412000, 400000), (413000, 401000), (413000, 400000), (412000, 401000)])


def frame(codes, names=("One", "Two", "Three"), geoms=SQUARES, crs="EPSG:27700", code_field="LSOA11CD"):
    return gpd.GeoDataFrame({code_field: list(codes), "LSOA11NM": list(names)}, geometry=list(geoms), crs=crs)


def save(gdf: gpd.GeoDataFrame, tmp_path: Path, name: str = "areas.geojson") -> Path:
    path = tmp_path / name
    gdf.to_file(path)
    return path


def test_ons_fields_are_found_and_areas_measured_in_square_metres(tmp_path):
    result = read_boundaries(save(frame(["E1", "E2", "E3"]), tmp_path), "lsoa")
    assert (result.code_field, result.name_field) == ("LSOA11CD", "LSOA11NM")
    assert result.frame["code"].tolist() == ["E1", "E2", "E3"]
    assert result.frame["name"].tolist() == ["One", "Two", "Three"]
    assert result.frame.crs.to_epsg() == 27700
    assert result.frame.area.round(3).tolist() == [1_000_000.0] * 3
    assert result.repaired == 0


def test_longitude_latitude_files_are_reprojected_to_the_national_grid(tmp_path):
    in_lonlat = frame(["E1", "E2", "E3"]).to_crs("EPSG:4326")
    result = read_boundaries(save(in_lonlat, tmp_path), "lsoa")
    assert result.source_crs == "EPSG:4326"
    # Back in metres, each square's corners are where they started (to well under a millimetre).
    assert result.frame.geometry.iloc[0].equals_exact(SQUARES[0], tolerance=1e-3)


def test_an_invalid_polygon_is_repaired_and_counted(tmp_path):
    result = read_boundaries(save(frame(["E1", "E2", "E3"], geoms=[*SQUARES[:2], BOWTIE]), tmp_path), "lsoa")
    assert result.repaired == 1
    repaired = result.frame.geometry.iloc[2]
    assert repaired.is_valid
    # The bow-tie's two triangles, each a quarter of the square: 250,000 m2 each.
    assert repaired.area == pytest.approx(500_000)


def test_a_zipped_shapefile_is_read(tmp_path):
    folder = tmp_path / "shp"
    folder.mkdir()
    frame(["E1", "E2", "E3"]).to_file(folder / "areas.shp")
    archive = tmp_path / "areas.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for part in folder.iterdir():
            zipped.write(part, part.name)
    assert read_boundaries(archive, "lsoa").frame["code"].tolist() == ["E1", "E2", "E3"]


def test_a_generic_ons_code_field_is_found_for_a_custom_level(tmp_path):
    gdf = frame(["W1", "W2", "W3"], code_field="WD22CD")
    result = read_boundaries(save(gdf, tmp_path), "patch")
    assert result.code_field == "WD22CD"


@pytest.mark.parametrize(
    ("gdf", "message"),
    [
        (frame(["E1", "E1", "E3"]), r"appear more than once.*E1 \(2 times\)"),
        (frame(["E1", "", "E3"]), r"empty LSOA11CD \(feature number 2\)"),
        (frame(["E1", "E2", "E3"], geoms=[*SQUARES[:2], shapely.Point(1, 1)]), "must be polygons.*Point"),
        (frame(["E1", "E2", "E3"], code_field="zone"), r"could not tell which field.*--code-field"),
    ],
)
def test_unusable_files_are_refused_with_the_reason(tmp_path, gdf, message):
    with pytest.raises(BoundaryFileError, match=message):
        read_boundaries(save(gdf, tmp_path), "lsoa")


def test_a_file_without_a_crs_needs_one_given(tmp_path):
    path = tmp_path / "nocrs.shp"
    frame(["E1", "E2", "E3"]).to_file(path)
    path.with_suffix(".prj").unlink()
    with pytest.raises(BoundaryFileError, match="--crs"):
        read_boundaries(path, "lsoa")
    assert read_boundaries(path, "lsoa", crs="EPSG:27700").frame.area.sum() == pytest.approx(3_000_000)


def test_a_missing_file_and_a_named_field_that_is_absent(tmp_path):
    with pytest.raises(BoundaryFileError, match="No such file"):
        read_boundaries(tmp_path / "nope.geojson", "lsoa")
    with pytest.raises(BoundaryFileError, match="no field 'CODE'"):
        read_boundaries(save(frame(["E1", "E2", "E3"]), tmp_path), "lsoa", code_field="CODE")
