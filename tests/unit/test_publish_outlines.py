"""SVG outlines for the public map: relative steps in whole metres, y flipped, sliver holes left out."""

from __future__ import annotations

import shapely

from queries.publish import svg_path


def test_svg_path_is_an_absolute_move_then_relative_steps_with_y_flipped():
    square = shapely.box(400000, 300000, 400100, 300100)  # counter-clockwise from (400100, 300000)
    assert svg_path(square) == "M400100 -300000l0 -100 -100 0 0 100z"


def test_small_holes_are_dropped_and_large_ones_kept():
    outer = [(0, 0), (1000, 0), (1000, 1000), (0, 1000)]
    sliver = [(100, 100), (101, 100), (101, 300), (100, 300)]  # 200 m2
    enclosed = [(400, 400), (700, 400), (700, 700), (400, 700)]  # 9 ha
    polygon = shapely.Polygon(outer, [sliver, enclosed])
    kept = svg_path(polygon, min_hole_m2=62_500)
    assert kept.count("M") == 2 and "M400 -400" in kept and "M100 -100" not in kept
    assert svg_path(polygon).count("M") == 3
