"""A&E assaults beside police violence (the Cardiff model): how many assaults seen in A&E police data also shows.

police.uk rows are anonymised, so an A&E attendance cannot be linked to one police record. The comparison is
made where both can be placed: in an LSOA and month, ``min(A&E assaults, police violence)`` of the A&E assaults
can have a police record beside them. Summed and divided by the A&E assaults, that is the largest share of A&E
assaults police data could also show (an upper bound: a police record in the same LSOA and month may be a
different assault). The rest are assaults the police were most likely never told about.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb
import numpy as np
import pandas as pd

from queries.analysis.partner_data import data_label
from queries.analysis.proportions import wilson_interval
from queries.analysis.selection import Selection, available_months, format_month
from queries.errors import CspmapError
from queries.sql_files import load_sql

VIOLENCE = "Violence and sexual offences"  # police.uk does not publish violence with injury on its own


@dataclass(frozen=True)
class CardiffComparison:
    """A&E assaults and police violence side by side.

    ``by_month`` and ``by_site`` each have ``ae_assaults`` (placed in an LSOA), ``also_in_police`` (of them, how
    many have a police violence record beside them in the same LSOA and month), ``share_in_police`` with its 95%
    Wilson interval (``share_low``, ``share_high``); ``by_month`` also has ``police_violence`` (every police
    violence incident in the area that month). ``unplaced`` counts A&E assaults whose place is not known to an
    LSOA (in the whole area filter: all of them when no area is chosen).
    """

    by_month: pd.DataFrame
    by_site: pd.DataFrame
    unplaced: int
    label: str | None
    notes: tuple[str, ...]


def matched_assaults(ae: np.ndarray, police: np.ndarray) -> np.ndarray:
    """A&E assaults that can have a police record beside them in each LSOA and month: ``min(ae, police)``."""
    return np.minimum(np.asarray(ae), np.asarray(police))


def ae_beside_police(
    con: duckdb.DuckDBPyConnection, selection: Selection, confidence: float = 0.95
) -> CardiffComparison:
    """A&E assaults against police violence, by month (all sites) and by site, in the selection's area and months.

    Only months with both A&E and police data count. Categories in ``selection`` are ignored: the police side is
    always police.uk's violence and sexual offences.
    """
    params = {"months": list(selection.months) if selection.months else None, **selection.within_params()}
    ae = con.execute(load_sql("cardiff_ae_assaults"), params).df()
    if ae.empty:
        raise CspmapError(
            "No A&E assaults are loaded for this area and period; load them with `cspmap ingest ae-assaults FILE`."
        )
    police = con.execute(load_sql("cardiff_police_violence"), {**params, "category": VIOLENCE}).df()
    for table in (ae, police):
        table["month"] = pd.to_datetime(table["month"]).dt.date
    # A month with police data loaded counts even where the area had no violence: zero is a count.
    months = sorted(set(ae["month"]) & set(available_months(con)))
    if not months:
        raise CspmapError("The A&E assaults and the police data have no month in common.")
    ae = ae[ae["month"].isin(months)]
    police = police[police["month"].isin(months)]
    placed, unplaced = ae[ae["lsoa_code"].notna()], int(ae.loc[ae["lsoa_code"].isna(), "ae_assaults"].sum())

    # By month, every site's assaults together: one police record is matched once, however many sites saw one.
    all_sites = placed.groupby(["month", "lsoa_code"], as_index=False)["ae_assaults"].sum()
    cells = all_sites.merge(police, how="left", on=["month", "lsoa_code"]).fillna({"police_violence": 0})
    cells["also_in_police"] = matched_assaults(cells["ae_assaults"], cells["police_violence"])
    by_month = pd.DataFrame({"month": months})
    by_month = by_month.merge(
        cells.groupby("month", as_index=False)[["ae_assaults", "also_in_police"]].sum(), how="left", on="month"
    )
    by_month = by_month.merge(
        police.groupby("month", as_index=False)["police_violence"].sum(), how="left", on="month"
    ).fillna(0)
    by_month["month"] = [format_month(month) for month in by_month["month"]]

    # By site, each site on its own (a police record may stand beside assaults seen at two sites).
    sites = placed.merge(police, how="left", on=["month", "lsoa_code"]).fillna({"police_violence": 0})
    sites["also_in_police"] = matched_assaults(sites["ae_assaults"], sites["police_violence"])
    by_site = sites.groupby("site", as_index=False)[["ae_assaults", "also_in_police"]].sum()

    for table in (by_month, by_site):
        for column in ("ae_assaults", "also_in_police", *(["police_violence"] if "police_violence" in table else [])):
            table[column] = table[column].astype(np.int64)
        n = table["ae_assaults"].to_numpy(dtype=float)
        with np.errstate(divide="ignore", invalid="ignore"):
            share = np.where(n > 0, table["also_in_police"] / n, np.nan)
        table["share_in_police"] = share
        table["share_low"], table["share_high"] = wilson_interval(share, n, confidence)
    label, label_notes = data_label(con, ("ae-assaults",))
    notes = [
        f"A&E assaults in {_span(months)} (months with police data too) set beside police.uk's '{VIOLENCE}': "
        "police.uk does not publish violence with injury on its own.",
        "Also in police data: in each LSOA and month, at most as many A&E assaults as there are police violence "
        "records there (an upper bound: records cannot be linked one to one).",
        *label_notes,
    ]
    if unplaced:
        notes.append(f"{unplaced:,} A&E assault(s) have no known LSOA, so they cannot be compared and are left out.")
    return CardiffComparison(by_month, by_site, unplaced, label, tuple(notes))


def _span(months: list[date]) -> str:
    return ", ".join(format_month(month) for month in months)
