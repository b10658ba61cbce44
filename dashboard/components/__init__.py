"""Pieces of page shared by several pages."""
