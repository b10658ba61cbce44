"""What the hot spots map draws besides its cells: police.uk's map points for street context, and each cell's
area code for a click to open that area's profile; the map's callback called through its HTTP route on the demo
and checked against the raw police.uk rows."""

from __future__ import annotations

from tests.sample_rows import loaded_lsoa_codes, raw_rows


def test_the_selections_police_uk_map_points_are_a_faint_layer_beneath_the_traces(callbacks):
    figure, *_ = callbacks.call("hotspots-map", ["2018-07"], ["Burglary"], "all", "1", [], [])
    (layer,) = [layer for layer in figure["layout"]["map"]["layers"] if layer["name"].startswith("Streets")]
    drawn = {tuple(point) for feature in layer["source"]["features"] for point in _points_of(feature["geometry"])}
    expected = {
        (round(float(row["Longitude"]), 6), round(float(row["Latitude"]), 6))
        for row in raw_rows()
        if row["Month"] == "2018-07"
        and row["Crime type"] == "Burglary"
        and row["LSOA code"] in loaded_lsoa_codes()
        and row["Longitude"]
    }
    assert drawn == expected
    assert layer["below"] == "traces" and layer["type"] == "circle" and layer["opacity"] < 0.5
    assert all(trace["type"] != "scattermap" for trace in figure["data"])  # not a trace: no hover, never over a cell


def test_a_click_on_a_cell_names_the_area_it_is_in(callbacks, demo_con):
    figure, rows, *_ = callbacks.call("hotspots-map", [], [], "all", "1", [], [])
    (plan,) = [trace for trace in figure["data"] if trace["name"].startswith("Patrol plan")]
    codes = dict(demo_con.execute("SELECT name, code FROM areas WHERE level = 'neighbourhood'").fetchall())
    planned = [row for row in rows if row["plan_rank"] is not None]
    assert sorted(plan["customdata"]) == sorted(codes.get(row["area_name"], "") for row in planned)
    assert all(code.startswith("E02") for code in plan["customdata"][:5])


def _points_of(geometry: dict) -> list[list[float]]:
    """The positions a GeoJSON Point or MultiPoint holds."""
    return [geometry["coordinates"]] if geometry["type"] == "Point" else geometry["coordinates"]
