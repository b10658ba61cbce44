"""The indicators cspmap can measure for a target, month by month for one area: survey shares, ASB case standards,
police.uk counts and A&E assaults. Unknown indicators are measured elsewhere (``INDICATORS`` lists the known)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import duckdb
import pandas as pd

from queries.analysis.confidence import SURVEY_MEASURES
from queries.analysis.partner_data import ASB_CASES, SURVEY, PartnerSource, place_rows
from queries.analysis.rates import incident_counts
from queries.analysis.selection import ASB, Selection, available_months
from queries.analysis.standards import STANDARDS
from queries.sql_files import load_sql

# indicator -> (source, column or category group, what it is)
INDICATORS = {
    **{name: ("survey", column, f"% of survey respondents who {meaning}") for name, (column, meaning) in
       SURVEY_MEASURES.items()},
    "asb_responded_24h": ("asb-cases", "responded_within_24h", "% of ASB cases " + STANDARDS["responded_within_24h"]),
    "asb_named_caseworker": ("asb-cases", "named_caseworker", "% of ASB cases with a named caseworker"),
    "asb_reviewed_monthly": ("asb-cases", "reviewed_monthly", "% of ASB cases reviewed at least monthly"),
    "asb_incidents": ("police", "asb", "police.uk ASB incidents"),
    "crime_incidents": ("police", "crime", "police.uk crimes (every category but ASB)"),
    "ae_assaults": ("ae-assaults", "", "assaults seen in A&E (rows with no location are in no area)"),
}  # fmt: skip
AE_ASSAULTS = PartnerSource("ae-assaults", "targets_ae_assaults", "month", "A&E assaults", "A&E assaults")
PARTNER_SOURCES = {source.kind: source for source in (SURVEY, ASB_CASES, AE_ASSAULTS)}


@dataclass(frozen=True)
class MonthlySeries:
    """An indicator for one area, month by month: a share (``numerator`` / ``denominator``, shown as %) or a
    count (``numerator``). ``months`` are those the source has data for at all (an area's zero is a true zero)."""

    indicator: str
    kind: str  # "share" or "count"
    monthly: pd.DataFrame  # month (date), numerator, denominator
    description: str

    def value(self, months: tuple[date, ...]) -> float:
        """The indicator over some months: the pooled share in %, or the total count; NaN with no data."""
        chosen = self.monthly[self.monthly["month"].isin(months)]
        if chosen.empty:
            return float("nan")
        if self.kind == "count":
            return float(chosen["numerator"].sum())
        denominator = chosen["denominator"].sum()
        return float(100.0 * chosen["numerator"].sum() / denominator) if denominator > 0 else float("nan")

    def until(self, day: date) -> MonthlySeries:
        """The series without the months that start after ``day``."""
        return MonthlySeries(self.indicator, self.kind, self.monthly[self.monthly["month"] <= day], self.description)

    @property
    def months(self) -> list[date]:
        return sorted(self.monthly.loc[self.monthly["denominator"] > 0, "month"])


@dataclass
class IndicatorReader:
    """Reads each source once per level and hands out any area's monthly series."""

    con: duckdb.DuckDBPyConnection
    _cache: dict[tuple[str, str], pd.DataFrame] = field(default_factory=dict)

    def series(self, indicator: str, level: str, area_code: str) -> MonthlySeries | None:
        """The monthly series of a known indicator in one area (None: an indicator cspmap does not measure)."""
        if indicator not in INDICATORS:
            return None
        source, column, description = INDICATORS[indicator]
        rows = self._rows(source, level)
        if source == "police":
            chosen = rows["category"] == ASB if column == "asb" else rows["category"] != ASB
            rows = rows[chosen].assign(numerator=rows["incidents"], denominator=1.0)
        elif source in ("survey", "asb-cases"):
            weight = rows["weight"] if source == "survey" else 1.0
            answered = rows[column].notna()
            rows = rows.assign(
                numerator=(weight * rows[column].fillna(False).astype(float)).where(answered, 0.0),
                denominator=pd.Series(weight, index=rows.index).where(answered, 0.0),
            )
        else:
            rows = rows.assign(numerator=1.0, denominator=1.0)
        in_area = rows[rows["area_code"] == area_code]
        monthly = in_area.groupby("month")[["numerator", "denominator"]].sum()
        months = self._months(source, level)
        if source in ("police", "ae-assaults"):
            # Every month the source has data for counts, with zero where the area had none.
            monthly = monthly.reindex(months, fill_value=0.0)
            monthly["denominator"] = 1.0
        kind = "count" if source in ("police", "ae-assaults") else "share"
        return MonthlySeries(indicator, kind, monthly.rename_axis("month").reset_index(), description)

    def _months(self, source: str, level: str) -> list[date]:
        if source == "police":
            return available_months(self.con)
        return sorted(set(self._rows(source, level)["month"]))

    def _rows(self, source: str, level: str) -> pd.DataFrame:
        if (source, level) not in self._cache:
            self._cache[(source, level)] = self._read(source, level)
        return self._cache[(source, level)]

    def _read(self, source: str, level: str) -> pd.DataFrame:
        if source == "police":
            return incident_counts(self.con, level, Selection(), by_category=True, by_month=True)
        found = PARTNER_SOURCES[source]
        rows = self.con.execute(load_sql(found.sql)).df()
        rows["month"] = pd.to_datetime(rows[found.moment]).dt.to_period("M").dt.start_time.dt.date
        located = rows["row_area"].notna() | rows["lsoa_code"].notna()
        rows["area_code"] = None
        if located.any():
            rows.loc[located, "area_code"] = place_rows(self.con, rows[located], level)
        return rows
