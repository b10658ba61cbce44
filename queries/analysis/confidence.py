"""Residents' confidence from the survey: the weighted share agreeing, with a Wilson interval on the Kish effective
sample size, suppressed below a minimum of responses, and compared with the target (docs/analysis.md)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb
import numpy as np
import pandas as pd

from queries.analysis.partner_data import SURVEY, PartnerRows, Period, level_areas, read_partner_rows, unplaced_note
from queries.analysis.proportions import kish_effective_n, shrink_towards, wilson_interval
from queries.analysis.small_area import area_design, fay_herriot
from queries.config import AnalysisConfig, ConfidenceConfig
from queries.errors import CspmapError
from queries.sql_files import load_sql

# measure -> (column of survey_responses, what a "yes" means)
SURVEY_MEASURES = {
    "confidence": ("confidence_agree", "agree the police and council deal with the issues that matter"),
    "feel_safe_after_dark": ("feels_safe_after_dark", "feel safe walking alone after dark"),
    "asb_big_problem": ("asb_big_problem", "say ASB is a big problem locally"),
    "knows_how_to_contact": ("knows_how_to_contact", "know how to contact their neighbourhood team"),
}
ALL_AREAS = "all"


@dataclass(frozen=True)
class SurveyShares:
    """One row per area of the level (``table``) and per reference area plus ``all`` (``reference``).

    ``label_notes`` say what the data's label means (none for real data); ``method_notes`` what the figures rest on.
    """

    table: pd.DataFrame
    reference: pd.DataFrame
    level: str
    measure: str
    period: Period
    label: str | None
    label_notes: tuple[str, ...]
    method_notes: tuple[str, ...]

    @property
    def notes(self) -> tuple[str, ...]:
        """Every note, the label's first."""
        return (*self.label_notes, *self.method_notes)


def weighted_shares(rows: pd.DataFrame, by: str, answer: str) -> pd.DataFrame:
    """Per value of ``by``: responses answered, don't knows, the weighted share saying yes, the effective n.

    A missing answer (don't know, or not asked) is left out of the denominator and counted in ``dont_know``.
    """
    answered = rows[answer].notna()
    frame = pd.DataFrame(
        {
            by: rows[by],
            "responses": answered.astype(int),
            "dont_know": (~answered).astype(int),
            "weight": rows["weight"].where(answered, 0.0),
            "weight_squared": rows["weight"].where(answered, 0.0) ** 2,
            "yes_weight": rows["weight"].where(answered, 0.0) * rows[answer].fillna(False).astype(float),
        }
    )
    sums = frame.groupby(by)[["responses", "dont_know", "weight", "weight_squared", "yes_weight"]].sum()
    sums["share"] = sums["yes_weight"] / sums["weight"].where(sums["weight"] > 0)
    sums["effective_n"] = kish_effective_n(sums["weight"], sums["weight_squared"])
    return sums[["responses", "dont_know", "effective_n", "share"]]


def judge_shares(shares: pd.DataFrame, min_responses: int, confidence: float, target: float | None) -> pd.DataFrame:
    """Add the interval, suppress shares resting on fewer than ``min_responses`` responses, and compare with the
    target: ``above`` / ``below`` when the whole interval is above / below it, else ``similar``."""
    judged = shares.copy()
    judged["responses"] = judged["responses"].fillna(0).astype(int)
    judged["dont_know"] = judged["dont_know"].fillna(0).astype(int)
    judged["effective_n"] = judged["effective_n"].fillna(0.0)
    low, high = wilson_interval(judged["share"].to_numpy(), judged["effective_n"].to_numpy(), confidence)
    suppressed = judged["responses"].to_numpy() < min_responses
    judged["share"] = judged["share"].where(~suppressed)
    judged["share_low"] = np.where(suppressed, np.nan, low)
    judged["share_high"] = np.where(suppressed, np.nan, high)
    judged["reason"] = np.where(
        suppressed, [f"suppressed: {n} responses, fewer than {min_responses}" for n in judged["responses"]], ""
    )
    if target is None:
        judged["compared"] = np.where(suppressed, "suppressed", "")
        return judged
    judged["target"] = target
    compared = np.where(
        judged["share_low"] > target, "above", np.where(judged["share_high"] < target, "below", "similar")
    )
    judged["compared"] = np.where(suppressed, "suppressed", compared)
    return judged


def survey_rows(
    con: duckdb.DuckDBPyConnection, level: str, config: AnalysisConfig, months: tuple[date, ...] | None = None
) -> PartnerRows:
    """The responses in the chosen months (default: the latest ``confidence.window_months``), placed in areas."""
    window = config.confidence.window_months
    return read_partner_rows(con, SURVEY, level, config.rates.reference_level, months, window)


def survey_shares(
    con: duckdb.DuckDBPyConnection,
    level: str,
    config: AnalysisConfig,
    months: tuple[date, ...] | None = None,
    measure: str = "confidence",
) -> SurveyShares:
    """The weighted share answering yes to a survey question, for every area of ``level`` and its CSP."""
    if measure not in SURVEY_MEASURES:
        raise CspmapError(f"Unknown survey measure {measure!r}: choose one of {', '.join(SURVEY_MEASURES)}.")
    return summarise_survey(con, survey_rows(con, level, config, months), level, config, measure)


def summarise_survey(
    con: duckdb.DuckDBPyConnection, found: PartnerRows, level: str, config: AnalysisConfig, measure: str
) -> SurveyShares:
    """``survey_shares`` on responses already read."""
    column, meaning = SURVEY_MEASURES[measure]
    settings = config.confidence
    target = settings.target if measure == "confidence" else None
    rows = found.rows
    areas = level_areas(con, level, config.rates.reference_level)
    by_area = weighted_shares(rows, "area_code", column).reindex(areas["area_code"])
    table = areas[["area_code", "area_name", "reference_code"]].join(
        judge_shares(by_area, settings.min_responses, settings.interval, target).reset_index(drop=True)
    )
    reference = pd.concat(
        [weighted_shares(rows, "reference_code", column), weighted_shares(rows.assign(all=ALL_AREAS), "all", column)]
    )
    reference = judge_shares(reference, settings.min_responses, settings.interval, target)
    reference = reference.rename_axis("reference_code").reset_index()
    table["reference_share"] = table["reference_code"].map(reference.set_index("reference_code")["share"])
    table, modelled_note = with_modelled_shares(con, table, by_area, areas, level, settings)
    notes = [
        f"Weighted share of respondents who {meaning}, among those who answered (don't know is left out); "
        f"{settings.interval:.0%} Wilson interval on the Kish effective sample size; {found.period.description}.",
        f"Shares resting on fewer than {settings.min_responses} answered responses are suppressed: "
        f"{int((table['compared'] == 'suppressed').sum())} of {len(table)} {level} areas.",
        *unplaced_note(int(rows["area_code"].isna().sum()), "responses", level),
    ]
    if (table["compared"] == "suppressed").mean() > 0.5:
        larger = (
            "" if level == config.rates.reference_level else f" or a larger level (e.g. {config.rates.reference_level})"
        )
        notes.append(f"Most areas are suppressed: pool more months of responses{larger}.")
    notes.append(modelled_note)
    if target is not None:
        notes.append(f"compared: 'above'/'below' when the interval lies wholly above/below the target of {target:.0%}.")
    for row in reference.itertuples():
        if row.compared != "suppressed":
            where = "All responses" if row.reference_code == ALL_AREAS else row.reference_code
            notes.append(
                f"{where}: {row.share:.1%} ({row.share_low:.1%} to {row.share_high:.1%}), {row.responses:,} responses."
            )
    return SurveyShares(table, reference, level, measure, found.period, found.label, found.label_notes, tuple(notes))


def with_modelled_shares(
    con: duckdb.DuckDBPyConnection,
    table: pd.DataFrame,
    by_area: pd.DataFrame,
    areas: pd.DataFrame,
    level: str,
    settings: ConfidenceConfig,
) -> tuple[pd.DataFrame, str]:
    """Add the Fay-Herriot modelled share and interval (``modelled_share``, ``modelled_low``, ``modelled_high``)
    for every area, borrowing strength from its CSP and its incidents per resident (docs/analysis.md).

    The model is fitted on every area's responses, suppressed or not; an area with fewer than
    ``modelled_own_min`` answered responses takes the model's line rather than a mix with its own few answers. It
    is left out, with a note, when too few areas have responses to fit it.
    """
    confidence = settings.interval
    incidents = con.execute(load_sql("small_area_incidents"), {"level": level}).df().set_index("area_code")
    codes = table["area_code"]
    population = areas.set_index("area_code")["population"].reindex(codes).to_numpy(dtype=float)
    counts = incidents["incidents"].reindex(codes).fillna(0).to_numpy(dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        rate = np.log1p(np.where(population > 0, 1000.0 * counts / population, np.nan))
    design = area_design(table["reference_code"].to_numpy(), rate)
    table = table.copy()
    try:
        own = by_area["responses"].fillna(0).to_numpy() >= settings.modelled_own_min
        fit = fay_herriot(
            by_area["share"].to_numpy(dtype=float), by_area["effective_n"].fillna(0).to_numpy(), design, confidence, own
        )
    except ValueError:
        for column in ("modelled_share", "modelled_low", "modelled_high"):
            table[column] = np.nan
        return table, "Modelled shares: too few areas have responses to fit the small-area model."
    table["modelled_share"], table["modelled_low"], table["modelled_high"] = fit.share, fit.low, fit.high
    note = (
        f"Modelled share (labelled modelled wherever shown): a Fay-Herriot model on the logit of each area's share, "
        f"borrowing strength from its {_reference_word(design)}and its incidents per resident (log), with a "
        f"{confidence:.0%} interval; it is an estimate for every area, not what its residents said. Areas with fewer "
        f"than {settings.modelled_own_min} answered responses take the model's line, without their own answers "
        f"({int((~own).sum())} of {len(own)}). Between-area variance {fit.between_variance:.3f} on the logit scale."
    )
    return table, note


def _reference_word(design: np.ndarray) -> str:
    return "CSP " if design.shape[1] > 2 else ""


def shrunk_confidence(
    con: duckdb.DuckDBPyConnection, level: str, config: AnalysisConfig
) -> tuple[pd.Series, SurveyShares]:
    """Each area's share agreeing, shrunk towards its CSP's share by its effective sample size (for ranking).

    Unlike the published share it is never suppressed: an area with few responses sits near its CSP's share, and
    one with none takes it (docs/analysis.md).
    """
    found = survey_rows(con, level, config)
    shares = summarise_survey(con, found, level, config, "confidence")
    rows = found.rows
    # The raw shares, never suppressed: small areas are handled by the shrinkage itself.
    raw = weighted_shares(rows, "area_code", "confidence_agree").reindex(shares.table["area_code"])
    by_reference = weighted_shares(rows, "reference_code", "confidence_agree")["share"]
    overall = float(weighted_shares(rows.assign(all=ALL_AREAS), "all", "confidence_agree")["share"].iloc[0])
    reference = shares.table["reference_code"].map(by_reference).fillna(overall).to_numpy()
    shrunk = shrink_towards(raw["share"].to_numpy(), raw["effective_n"].fillna(0).to_numpy(), reference, overall)
    return pd.Series(shrunk, index=shares.table["area_code"].to_numpy()), shares
