"""Analysis settings: the defaults in queries/defaults.toml, overridden by a user's TOML file, validated."""

from __future__ import annotations

import os
import tomllib
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from queries.analysis.methods import METHODS
from queries.errors import CspmapError

CONFIG_ENV = "CSPMAP_CONFIG"
Fraction = Annotated[float, Field(gt=0, lt=1)]


class _Section(BaseModel):
    # A misspelt key is an error, never silently ignored.
    model_config = ConfigDict(extra="forbid", frozen=True)


class RatesConfig(_Section):
    per: int = Field(gt=0)
    confidence: Fraction
    reference_level: str


class HarmConfig(_Section):
    source: str
    weights: dict[str, float]

    @model_validator(mode="after")
    def _non_negative(self) -> HarmConfig:
        negative = [name for name, weight in self.weights.items() if weight < 0]
        if negative:
            raise ValueError(f"harm weights cannot be negative: {', '.join(negative)}")
        return self


class GridConfig(_Section):
    cell_size_m: float = Field(gt=0)
    neighbourhood: Literal["queen", "rook"]
    evaluation_offsets: list[float] = Field(min_length=1)

    @model_validator(mode="after")
    def _offsets_are_fractions_of_a_cell(self) -> GridConfig:
        if any(not 0 <= offset < 1 for offset in self.evaluation_offsets):
            raise ValueError("every grid offset is a fraction of a cell, from 0 up to (not including) 1")
        if len(set(self.evaluation_offsets)) != len(self.evaluation_offsets):
            raise ValueError("the grid offsets must differ")
        return self


class HotspotsConfig(_Section):
    alpha: Fraction
    kde_bandwidth_m: float = Field(gt=0)


class EvaluationConfig(_Section):
    shares: list[float] = Field(min_length=1)
    methods: list[str] = Field(min_length=1)
    holdout_months: int = Field(ge=1)
    counts_kde_weight: float = Field(ge=0)
    counts_points_weight: float = Field(ge=0)
    decay: float = Field(gt=0, le=1)
    required_wins: Fraction
    bootstrap_runs: int = Field(ge=1)
    seed: int

    @model_validator(mode="after")
    def _shares_are_fractions(self) -> EvaluationConfig:
        if any(not 0 < share < 1 for share in self.shares):
            raise ValueError("every share must be between 0 and 1 (0.01 is 1% of the grid)")
        unknown = [name for name in self.methods if name not in METHODS]
        if unknown:
            raise ValueError(f"unknown method(s) {', '.join(unknown)}: choose from {', '.join(METHODS)}")
        return self


class EmergingConfig(_Section):
    min_months: int = Field(ge=3)
    alpha: Fraction
    persistent_share: Fraction


class RepeatsConfig(_Section):
    min_months: int = Field(ge=1)
    min_incidents: int = Field(ge=2)


class HotspotMatrixConfig(_Section):
    hotpoint_share: Fraction
    clustered_share: Fraction
    acute_window_hours: int = Field(ge=1, le=23)
    acute_share: Fraction
    focused_window_hours: int = Field(ge=1, le=23)
    focused_share: Fraction
    min_cases: int = Field(ge=1)
    case_window_hours: float = Field(ge=0)


class ComponentConfig(_Section):
    weight: float = Field(ge=0)
    file: Path | None = None
    higher_is_worse: bool = True


class PrioritiesConfig(_Section):
    normalisation: Literal["percentile", "minmax", "zscore"]
    top: int = Field(ge=1)
    perturbation: float = Field(ge=0, lt=1)
    runs: int = Field(ge=1)
    seed: int
    components: dict[str, ComponentConfig]


class ConfidenceConfig(_Section):
    target: Fraction
    min_responses: int = Field(ge=1)
    window_months: int = Field(ge=1)
    interval: Fraction
    modelled_own_min: int = Field(ge=1)


class CasesConfig(_Section):
    window_months: int = Field(ge=1)
    location_precision_m: float = Field(gt=0)


class StandardsConfig(_Section):
    interval: Fraction
    meeting_types: list[str] = Field(min_length=1)
    monthly_words: list[str] = Field(min_length=1)


class MinimumServiceConfig(_Section):
    police_team: bool
    min_pcsos: float = Field(ge=0)
    contact_agencies: list[str]
    monthly_meeting: bool


class CoverageConfig(_Section):
    priority_top: int = Field(ge=1)
    minimum_service: MinimumServiceConfig


class TriggersConfig(_Section):
    threshold: int = Field(ge=2)
    window_months: int = Field(ge=1)
    by: list[Literal["victim", "location"]] = Field(min_length=1)
    same_type: bool


class TargetsConfig(_Section):
    period_months: int = Field(ge=1)
    min_trend_months: int = Field(ge=2)


class PublishConfig(_Section):
    months: int = Field(ge=1)
    partner_threshold: int = Field(ge=2)
    rounding_base: int = Field(ge=1)
    min_survey_responses: int = Field(ge=1)
    partner_levels: list[str] = Field(min_length=1)
    display_tolerance_m: float = Field(ge=0)


class AccessConfig(_Section):
    roles: dict[str, list[str]] = Field(min_length=1)
    idle_minutes: int = Field(ge=1)
    session_hours: int = Field(ge=1)
    free_attempts: int = Field(ge=1)
    delay_seconds: float = Field(gt=0)
    max_delay_seconds: float = Field(gt=0)
    secure_cookies: bool
    trusted_proxies: int = Field(ge=0)
    partner_threshold: int = Field(ge=1)


class DashboardConfig(_Section):
    max_map_areas: int = Field(ge=1)
    max_grid_cells: int = Field(ge=1)


class AnalysisConfig(_Section):
    rates: RatesConfig
    harm: HarmConfig
    grid: GridConfig
    hotspots: HotspotsConfig
    evaluation: EvaluationConfig
    emerging: EmergingConfig
    repeats: RepeatsConfig
    hotspot_matrix: HotspotMatrixConfig
    priorities: PrioritiesConfig
    confidence: ConfidenceConfig
    cases: CasesConfig
    standards: StandardsConfig
    coverage: CoverageConfig
    triggers: TriggersConfig
    targets: TargetsConfig
    publish: PublishConfig
    access: AccessConfig
    dashboard: DashboardConfig


def default_config_text() -> str:
    """The text of queries/defaults.toml."""
    return resources.files("queries").joinpath("defaults.toml").read_text(encoding="utf-8")


def load_config(path: str | os.PathLike[str] | None = None) -> AnalysisConfig:
    """The defaults, overridden by ``path`` (else ``$CSPMAP_CONFIG``, if set), validated.

    A user indicator's relative ``file`` is taken relative to the config file that names it.
    """
    settings = tomllib.loads(default_config_text())
    chosen = path or os.environ.get(CONFIG_ENV)
    source = "queries/defaults.toml"
    if chosen:
        user_path = Path(chosen).expanduser()
        source = str(user_path)
        settings = merge_settings(settings, _read_user_config(user_path))
    return validate_config(settings, source)


def validate_config(settings: dict[str, Any], source: str) -> AnalysisConfig:
    """An ``AnalysisConfig`` from plain settings; problems are reported key by key, naming ``source``."""
    try:
        return AnalysisConfig.model_validate(settings)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in error['loc'])}: {error['msg']}" for error in exc.errors()
        )
        raise CspmapError(f"{source}: {problems}") from exc


def merge_settings(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """``base`` with ``override`` laid over it, table by table (lists and values are replaced whole)."""
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = merge_settings(merged[key], value)
        else:
            merged[key] = value
    return merged


def _read_user_config(path: Path) -> dict[str, Any]:
    if not path.is_file():
        raise CspmapError(f"There is no config file at {path} (from --config or ${CONFIG_ENV}).")
    try:
        settings = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise CspmapError(f"{path} is not valid TOML: {exc}") from exc
    components = settings.get("priorities", {}).get("components", {})
    for component in components.values():
        if isinstance(component, dict) and isinstance(component.get("file"), str):
            component["file"] = str((path.parent / component["file"]).expanduser())
    return settings
