"""Plotly figures, one module per kind. Maps use MapLibre traces on the 'white-bg' style: nothing is fetched."""
