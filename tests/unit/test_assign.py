"""Assigning points and small areas to areas."""

from __future__ import annotations

import numpy as np
import shapely

from geodata.assign import assign_points_to_areas, best_fit_parents

# Three unit squares side by side: A = [0,1]x[0,1], B = [1,2]x[0,1], C = [2,3]x[0,1].
CODES = np.array(["A", "B", "C"], dtype=object)
SQUARES = np.array([shapely.box(i, 0, i + 1, 1) for i in range(3)])


def test_points_inside_outside_on_a_shared_edge_and_unlocated():
    x = np.array([0.5, 1.5, 2.5, 5.0, 1.0, np.nan])
    y = np.array([0.5, 0.5, 0.5, 0.5, 0.5, np.nan])
    codes = assign_points_to_areas(x, y, CODES, SQUARES)
    # x=1.0 lies on the edge shared by A and B: it goes to A, listed first.
    assert codes.tolist() == ["A", "B", "C", None, "A", None]


def test_no_areas_or_no_points_give_all_none():
    assert assign_points_to_areas(np.array([0.5]), np.array([0.5]), CODES[:0], SQUARES[:0]).tolist() == [None]
    assert assign_points_to_areas(np.array([]), np.array([]), CODES, SQUARES).tolist() == []


def test_each_child_goes_to_the_parent_holding_its_point_on_surface():
    child_in_a = shapely.box(0.1, 0.1, 0.9, 0.9)
    child_in_c = shapely.box(2.2, 0.2, 2.8, 0.8)
    child_outside = shapely.box(10, 10, 11, 11)
    parents = best_fit_parents(np.array([child_in_a, child_in_c, child_outside]), CODES, SQUARES)
    assert parents.tolist() == ["A", "C", None]
