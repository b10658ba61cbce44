"""Geometry: boundaries in and out, reprojection, validity repair, point-to-area assignment, grids."""
