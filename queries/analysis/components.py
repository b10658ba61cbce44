"""The priority index's components: one value per area each, higher meaning more in need of attention.

A component is a function from ``ComponentInputs`` (the data every component shares, read once) to
``ComponentValues``. Police-data components are built in, as are the partner-data ones (survey confidence and ASB
case standards: skipped with a note when that data is not loaded); a user indicator is a CSV of area code and value.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from queries.analysis.confidence import shrunk_confidence
from queries.analysis.harm import harm_of_counts
from queries.analysis.rates import empirical_bayes_rates
from queries.analysis.repeats import repeats_by_area
from queries.analysis.selection import ASB, Selection, format_months
from queries.analysis.standards import shrunk_failures
from queries.config import AnalysisConfig, ComponentConfig
from queries.errors import CspmapError


@dataclass(frozen=True)
class ComponentInputs:
    """What every component may use: the areas of the level and their incidents by category and by month."""

    con: duckdb.DuckDBPyConnection
    level: str
    selection: Selection
    config: AnalysisConfig
    months: tuple[date, ...]
    areas: pd.DataFrame  # area_code, area_name, population
    by_category: pd.DataFrame  # area_code, category, incidents (all the months)
    by_month: pd.DataFrame  # area_code, month, incidents (all the categories)

    def per_resident(self, values: pd.Series) -> pd.Series:
        """Values per area divided by population, times ``rates.per``; NaN where the population is unknown."""
        population = self.areas.set_index("area_code")["population"].astype(float)
        population = population.where(population > 0)
        return values.reindex(population.index, fill_value=0.0) / population * self.config.rates.per


@dataclass(frozen=True)
class ComponentValues:
    """One value per area code (``None``: skipped, and ``note`` says why)."""

    name: str
    values: pd.Series | None
    description: str
    note: str | None = None


Provider = Callable[[ComponentInputs, ComponentConfig], ComponentValues]


def _smoothed_rate(inputs: ComponentInputs, name: str, chosen: pd.Series, description: str) -> ComponentValues:
    counts = inputs.by_category[chosen]
    if counts.empty:
        return ComponentValues(name, None, description, f"{name} skipped: the selection holds no such incidents.")
    totals = counts.groupby("area_code")["incidents"].sum()
    areas = inputs.areas.set_index("area_code")
    incidents = totals.reindex(areas.index, fill_value=0).to_numpy(dtype=float)
    smoothed = empirical_bayes_rates(incidents, areas["population"].to_numpy(dtype=float, na_value=np.nan))
    return ComponentValues(name, pd.Series(smoothed * inputs.config.rates.per, index=areas.index), description)


def crime_rate(inputs: ComponentInputs, spec: ComponentConfig) -> ComponentValues:
    description = f"crimes (not ASB) per {inputs.config.rates.per:,} residents, empirical-Bayes smoothed"
    return _smoothed_rate(inputs, "crime_rate", inputs.by_category["category"] != ASB, description)


def asb_rate(inputs: ComponentInputs, spec: ComponentConfig) -> ComponentValues:
    description = f"ASB incidents per {inputs.config.rates.per:,} residents, empirical-Bayes smoothed"
    return _smoothed_rate(inputs, "asb_rate", inputs.by_category["category"] == ASB, description)


def harm_rate(inputs: ComponentInputs, spec: ComponentConfig) -> ComponentValues:
    description = f"Crime Severity Score harm per {inputs.config.rates.per:,} residents"
    harm, unknown = harm_of_counts(inputs.by_category, inputs.config.harm.weights)
    values = inputs.per_resident(harm.groupby(inputs.by_category["area_code"]).sum())
    note = f"harm_rate: no harm weight for {', '.join(unknown)}; they add nothing." if unknown else None
    return ComponentValues("harm_rate", values, description, note)


def trend(inputs: ComponentInputs, spec: ComponentConfig) -> ComponentValues:
    """Mean monthly rate in the later half of the months minus that in the earlier half (middle month left out)."""
    description = (
        f"rise in incidents a month per {inputs.config.rates.per:,} residents, later half of the months on the earlier"
    )
    months = sorted(inputs.months)
    half = len(months) // 2
    if half == 0:
        return ComponentValues("trend", None, description, "trend skipped: it needs at least two months.")
    earlier, later = months[:half], months[-half:]
    counts = inputs.by_month
    later_total = counts[counts["month"].isin(later)].groupby("area_code")["incidents"].sum()
    earlier_total = counts[counts["month"].isin(earlier)].groupby("area_code")["incidents"].sum()
    change = later_total.sub(earlier_total, fill_value=0.0) / half
    note = f"trend: {format_months(earlier)} against {format_months(later)}."
    return ComponentValues("trend", inputs.per_resident(change), description, note)


def repeat_locations_component(inputs: ComponentInputs, spec: ComponentConfig) -> ComponentValues:
    description = "map points with incidents in several months"
    found = repeats_by_area(inputs.con, inputs.level, inputs.selection, inputs.config)
    values = found.set_index("area_code")["repeat_locations"].reindex(inputs.areas["area_code"], fill_value=0)
    return ComponentValues("repeat_locations", values.astype(float), description)


def user_indicator(name: str, inputs: ComponentInputs, spec: ComponentConfig) -> ComponentValues:
    """A CSV of area code and value (a header line is allowed); codes not at the level are reported."""
    path = Path(spec.file)
    values = read_indicator_csv(path)
    direction = "higher is worse" if spec.higher_is_worse else "lower is worse"
    known = values.index.isin(inputs.areas["area_code"])
    note = None
    if not known.all():
        shown = ", ".join(values.index[~known][:5])
        note = f"{name}: {int((~known).sum())} code(s) in {path.name} are not {inputs.level} areas (e.g. {shown})."
    oriented = values[known] if spec.higher_is_worse else -values[known]
    return ComponentValues(name, oriented, f"user indicator from {path.name} ({direction})", note)


def read_indicator_csv(path: Path) -> pd.Series:
    """Values by area code from a two-column CSV; a bad line is an error naming the file and line."""
    try:
        with open(path, newline="", encoding="utf-8-sig") as handle:
            rows = list(csv.reader(handle))
    except (OSError, UnicodeDecodeError) as exc:
        raise CspmapError(f"Could not read the indicator file {path}: {exc}") from exc
    values: dict[str, float] = {}
    for line, row in enumerate(rows, start=1):
        if not row or not "".join(row).strip():
            continue
        if len(row) < 2:
            raise CspmapError(f"{path}, line {line}: expected 'area code,value', found {','.join(row)!r}.")
        code, text = row[0].strip(), row[1].strip()
        try:
            values[code] = float(text)
        except ValueError:
            if line == 1:
                continue  # a header
            raise CspmapError(f"{path}, line {line}, column 2: {text!r} is not a number.") from None
    if not values:
        raise CspmapError(f"{path} holds no 'area code,value' rows.")
    return pd.Series(values, dtype=float)


def low_confidence(inputs: ComponentInputs, spec: ComponentConfig) -> ComponentValues:
    """1 minus the weighted share of residents agreeing, shrunk towards the CSP's share where responses are few."""
    description = "share of survey respondents not agreeing that the police and council deal with what matters"
    try:
        shrunk, shares = shrunk_confidence(inputs.con, inputs.level, inputs.config)
    except CspmapError as exc:  # no survey loaded, or none in the window
        return ComponentValues("low_confidence", None, description, f"low_confidence skipped: {exc}")
    few = int((shares.table["compared"] == "suppressed").sum())
    note = (
        f"low_confidence: {shares.period.description}; {few} of {len(shares.table)} areas have fewer than "
        f"{inputs.config.confidence.min_responses} responses, so their share is pulled towards their CSP's "
        "(empirical Bayes on the effective sample size; none: the CSP's share)."
    )
    return ComponentValues("low_confidence", 1.0 - shrunk, description, _labelled(shares.label, note))


def asb_standard_failures(inputs: ComponentInputs, spec: ComponentConfig) -> ComponentValues:
    """Share of ASB cases failing any case-handling standard, shrunk towards the CSP's share where cases are few."""
    description = "share of ASB cases failing a standard (24-hour response, named caseworker, monthly review)"
    try:
        shrunk, standards = shrunk_failures(inputs.con, inputs.level, inputs.config)
    except CspmapError as exc:  # no cases loaded, or none in the window
        return ComponentValues("asb_standard_failures", None, description, f"asb_standard_failures skipped: {exc}")
    note = (
        f"asb_standard_failures: {standards.period.description}; each area's share is pulled towards its CSP's by "
        "how few cases it has (empirical Bayes; none: the CSP's share)."
    )
    return ComponentValues("asb_standard_failures", shrunk, description, _labelled(standards.label, note))


def _labelled(label: str | None, note: str) -> str:
    return f"{note} Built on {label} data." if label else note


PROVIDERS: dict[str, Provider] = {
    "crime_rate": crime_rate,
    "asb_rate": asb_rate,
    "harm_rate": harm_rate,
    "trend": trend,
    "repeat_locations": repeat_locations_component,
    "low_confidence": low_confidence,
    "asb_standard_failures": asb_standard_failures,
}


def component_values(name: str, spec: ComponentConfig, inputs: ComponentInputs) -> ComponentValues:
    """The values of one configured component, or a skip with a note."""
    if name in PROVIDERS:
        return PROVIDERS[name](inputs, spec)
    if spec.file is not None:
        return user_indicator(name, inputs, spec)
    known = ", ".join(PROVIDERS)
    raise CspmapError(
        f"Unknown priority component {name!r}: built-in components are {known}; "
        'a user indicator needs `file = "indicator.csv"` in its table.'
    )
