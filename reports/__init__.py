"""Printable reports (PDF, and HTML for the strategic assessment) built from queries/analysis results."""
