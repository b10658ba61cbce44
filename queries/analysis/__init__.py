"""The analysis engine: pure functions from a read-only DuckDB connection and plain arguments to results.

One module per method: ``rates`` (Poisson intervals, empirical Bayes), ``harm`` (Crime Severity Score weights),
``priorities`` (priority-neighbourhood index, with ``components``), ``hotspots`` (Gi* with FDR), ``kde``,
``evaluation`` (PAI, hit rate, RRI, the patrol plan), ``emerging`` (Esri's emerging hot spots, Mann-Kendall),
``repeats`` (repeat locations) and ``hotspot_matrix`` (Ratcliffe). On partner data: ``confidence`` (survey shares),
``standards`` (ASB case standards, meetings), ``coverage`` and ``coverage_gaps``, ``triggers`` (community
trigger), ``targets`` (with ``target_indicators``) and ``case_matrix`` (Ratcliffe on ASB cases), sharing
``partner_data`` (placing rows, periods, labels) and ``proportions`` (Wilson, Kish, shrinkage). ``selection`` holds
the shared filters and ``points`` the incidents-on-the-grid plumbing. docs/analysis.md explains each method for an
analyst.
"""
