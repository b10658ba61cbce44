"""Grid cells on a map: Gi* hot and cold cells and the patrol plan's cells as squares, over faint area outlines.

Only the cells worth looking at are drawn (significant or in the plan: hundreds, not the grid's thousands). The
optional density layer is a ``go.Densitymap`` of the KDE at cell centres; police.uk's map points, drawn faintly
beneath, show where the streets and public places are. Everything is a MapLibre trace on a
``white-bg`` style, so nothing is fetched from the internet (no tiles, no glyphs: no text on the map).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.figures.area_maps import COLOUR_CAP_PERCENTILE, map_layout
from geodata.crs import bng_to_lonlat
from queries.areas import AreaShapes

OUTLINE_COLOUR = "#9aa5b1"
PLAN_FILL = "#1f2933"
PLAN_LINE = "#ffffff"
POINT_COLOUR = "#52606d"
STREET_POINTS = "Streets and places (police.uk map points)"
# Cold (blue) to hot (red), white at z = 0: a diverging scale because the sign of z is the finding.
GI_COLOURS = [[0.0, "#2166ac"], [0.35, "#92c5de"], [0.5, "#f7f7f7"], [0.65, "#f4a582"], [1.0, "#b2182b"]]
DENSITY_COLOURS = [[0.0, "rgba(118, 42, 131, 0)"], [0.25, "rgba(118, 42, 131, 0.2)"], [1.0, "rgba(64, 0, 75, 0.6)"]]
TRANSPARENT = [[0.0, "rgba(0,0,0,0)"], [1.0, "rgba(0,0,0,0)"]]
DENSITY_RADIUS_PX = 9
OUTLINE_UID = "area-outlines"
# plotly.js sorts map traces by type and draws densitymap after (above) choroplethmap, so the density layer is put
# below the outlines' fill layer, which plotly.js names "plotly-trace-layer-<uid>-fill".
BELOW_OUTLINES = f"plotly-trace-layer-{OUTLINE_UID}-fill"


def cell_squares_geojson(
    easting: np.ndarray, northing: np.ndarray, cell_size: float, ids: list[str] | np.ndarray
) -> dict:
    """Square cells centred on British National Grid points, as a WGS84 GeoJSON FeatureCollection.

    Each corner is reprojected, so a square on the grid is drawn exactly where it lies (a slightly turned
    quadrilateral in longitude and latitude). Feature ``id`` is the matching entry of ``ids``. Each ring is a
    numpy array, which plotly copies in one piece (geodata/geojson.py says why that matters).
    """
    easting = np.asarray(easting, dtype=float)
    northing = np.asarray(northing, dtype=float)
    half = cell_size / 2
    # Corners anticlockwise from the south-west, closing the ring (GeoJSON's right-hand rule for exteriors).
    dx = np.array([-half, half, half, -half, -half])
    dy = np.array([-half, -half, half, half, -half])
    lon, lat = bng_to_lonlat((easting[:, None] + dx).ravel(), (northing[:, None] + dy).ravel())
    lon, lat = np.round(lon, 6).reshape(-1, 5), np.round(lat, 6).reshape(-1, 5)
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "id": str(cell_id),
                "properties": {},
                "geometry": {"type": "Polygon", "coordinates": [np.column_stack([x, y])]},
            }
            for cell_id, x, y in zip(ids, lon, lat, strict=True)
        ],
    }


def hotspot_map(
    outlines: AreaShapes,
    cells: pd.DataFrame,
    flagged: pd.DataFrame,
    cell_size: float,
    show_density: bool = False,
    points: pd.DataFrame | None = None,
) -> go.Figure:
    """Flagged cells over faint area outlines, opening on the grid's extent.

    ``cells`` is every grid cell (``longitude``, ``latitude``, ``kde_per_km2``: for the view and the density
    layer); ``flagged`` the cells to draw, with ``cell``, ``easting``, ``northing``, ``z``, ``spot`` ('hot',
    'cold' or ''), ``in_plan`` (bool) and ``hover`` (the text shown on hovering a cell). ``points`` (longitude,
    latitude) are police.uk's map points, drawn faintly under everything for street context.
    """
    figure = go.Figure()
    if show_density:
        figure.add_trace(_density_trace(cells))
    figure.add_trace(_outline_trace(outlines))
    significant = flagged[flagged["spot"] != ""]
    if len(significant):
        figure.add_trace(_gi_trace(significant, cell_size))
    cold = flagged[flagged["spot"] == "cold"]
    if len(cold):
        figure.add_trace(_cold_marks(cold))
    planned = flagged[flagged["in_plan"]]
    if len(planned):
        figure.add_trace(_plan_trace(planned, cell_size))
    figure.update_layout(map_layout(_bounds(cells), legend=True))
    if points is not None and len(points):
        figure.update_layout(map_layers=[*figure.layout.map.layers, street_points_layer(points)])
    return figure


def street_points_layer(points: pd.DataFrame) -> dict:
    """police.uk's map points (``longitude``, ``latitude``) as a faint circle layer beneath every trace.

    A map layer rather than a trace: it has no hover of its own and cannot cover the cells, and with a basemap
    configured it sits above the tiles (layers are stacked in order, all beneath the traces).

    The points are one MultiPoint feature whose coordinates are a numpy array: a force's tens of thousands of
    points as a Feature each were 3.8 MB of JSON and a second of plotly checking and copying them; as one array
    they are a fifth of the size and plotly passes them through unchecked.
    """
    coordinates = np.column_stack([points["longitude"].round(6), points["latitude"].round(6)])
    return {
        "sourcetype": "geojson",
        "source": {
            "type": "FeatureCollection",
            "features": [
                {"type": "Feature", "properties": {}, "geometry": {"type": "MultiPoint", "coordinates": coordinates}}
            ],
        },
        "type": "circle",
        "circle": {"radius": 1.5},
        "color": POINT_COLOUR,
        "opacity": 0.4,
        "below": "traces",
        "name": STREET_POINTS,
    }


def _outline_trace(outlines: AreaShapes) -> go.Choroplethmap:
    codes = [feature["id"] for feature in outlines.geojson["features"]]
    return go.Choroplethmap(
        geojson=outlines.geojson,
        featureidkey="id",
        locations=codes,
        z=[0] * len(codes),
        colorscale=TRANSPARENT,
        showscale=False,
        marker={"line": {"width": 0.8, "color": OUTLINE_COLOUR}},
        hoverinfo="skip",
        below="",
        uid=OUTLINE_UID,
        name="Area outlines",
        showlegend=False,
    )


def _gi_trace(cells: pd.DataFrame, cell_size: float) -> go.Choroplethmap:
    ids = cells["cell"].astype(str).tolist()
    # One very busy cell should not wash out the rest: the darkest colour from the 95th percentile of |z| up.
    reach = max(float(np.percentile(np.abs(cells["z"]), COLOUR_CAP_PERCENTILE)), 4.0)
    hot, cold = int((cells["spot"] == "hot").sum()), int((cells["spot"] == "cold").sum())
    return go.Choroplethmap(
        geojson=cell_squares_geojson(cells["easting"], cells["northing"], cell_size, ids),
        featureidkey="id",
        locations=ids,
        z=cells["z"].round(2).tolist(),
        zmin=-reach,
        zmax=reach,
        colorscale=GI_COLOURS,
        marker={"line": {"width": 0}, "opacity": 0.9},
        below="",
        text=cells["hover"].tolist(),
        hovertemplate="%{text}<extra></extra>",
        customdata=_area_codes(cells),
        colorbar={
            "title": {
                "text": f"Gi* z-score<br><sup>red hot, blue cold; darkest: |z| ≥ {reach:.0f}</sup>",
                "side": "top",
            },
            "thickness": 14,
            "len": 0.5,
            "y": 0.9,
            "yanchor": "top",
        },
        name=f"Gi* hot spots: {hot:,} cells" + (f", cold: {cold:,}" if cold else ""),
        showlegend=True,
    )


def _cold_marks(cold: pd.DataFrame) -> go.Scattermap:
    """A white dot in each cold cell, so hot and cold differ by more than red and blue (WCAG 1.4.1)."""
    lon, lat = bng_to_lonlat(cold["easting"].to_numpy(float), cold["northing"].to_numpy(float))
    return go.Scattermap(
        lon=np.round(lon, 6).tolist(),
        lat=np.round(lat, 6).tolist(),
        mode="markers",
        marker={"size": 5, "color": "#ffffff"},
        hoverinfo="skip",
        name=f"Cold spots (white dot): {len(cold):,} cells",
        showlegend=True,
    )


def _plan_trace(cells: pd.DataFrame, cell_size: float) -> go.Choroplethmap:
    ids = cells["cell"].astype(str).tolist()
    return go.Choroplethmap(
        geojson=cell_squares_geojson(cells["easting"], cells["northing"], cell_size, ids),
        featureidkey="id",
        locations=ids,
        z=[1] * len(ids),
        colorscale=[[0.0, PLAN_FILL], [1.0, PLAN_FILL]],
        showscale=False,
        marker={"line": {"width": 0.6, "color": PLAN_LINE}, "opacity": 0.9},
        below="",
        text=cells["hover"].tolist(),
        hovertemplate="%{text}<extra></extra>",
        customdata=_area_codes(cells),
        name=f"Patrol plan: {len(ids):,} cells",
        showlegend=True,
    )


def _area_codes(cells: pd.DataFrame) -> list | None:
    # A click on a cell opens the profile of the area it is in (dashboard/components/profile_link.py).
    return [code if isinstance(code, str) else "" for code in cells["area_code"]] if "area_code" in cells else None


def _density_trace(cells: pd.DataFrame) -> go.Densitymap:
    dense = cells[cells["kde_per_km2"] > 0]
    return go.Densitymap(
        lon=dense["longitude"].tolist(),
        lat=dense["latitude"].tolist(),
        z=dense["kde_per_km2"].round(1).tolist(),
        radius=DENSITY_RADIUS_PX,
        below=BELOW_OUTLINES,
        colorscale=DENSITY_COLOURS,
        zmin=0,
        zmax=float(np.percentile(dense["kde_per_km2"], 99)) if len(dense) else 1.0,
        hoverinfo="skip",
        colorbar={
            "title": {"text": "Density (KDE)<br><sup>incidents per km²</sup>", "side": "top"},
            "thickness": 14,
            "len": 0.35,
            "y": 0.02,
            "yanchor": "bottom",
        },
        name="Incident density (KDE)",
        showlegend=True,
    )


def _bounds(cells: pd.DataFrame) -> tuple[float, float, float, float]:
    if cells.empty:
        return (float("nan"),) * 4
    return (
        float(cells["longitude"].min()),
        float(cells["latitude"].min()),
        float(cells["longitude"].max()),
        float(cells["latitude"].max()),
    )
