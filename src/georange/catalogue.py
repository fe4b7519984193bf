"""Typed, cited catalogue entries: sources, ranges, systems, sites, places, references.

Every parameter (a range, a coordinate pair, a reference distance, a claim
status) carries a non-empty list of :class:`Source` and an explicit
``estimate`` flag.  The models reject anything uncited; loading and error
reporting live in :mod:`georange.loading`.  A claim status belongs to a
scenario (:class:`georange.scenario.Scenario`), not to the system.  The models
import no presentation code: :mod:`georange._repr` adds their Jupyter tables.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    field_validator,
    model_validator,
)

from georange.geodesy import HALF_MERIDIAN_KM

__all__ = [
    "KM_PER_MILE",
    "Basis",
    "Catalogue",
    "Endpoint",
    "Identifier",
    "Measure",
    "Place",
    "Range",
    "Reference",
    "Region",
    "Site",
    "Source",
    "Status",
    "Subdivisions",
    "System",
    "Territory",
    "Text",
]

#: Kilometres per international statute mile (exact by definition).
KM_PER_MILE = 1.609344

_ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"


def _http_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError("must be an http:// or https:// URL")
    if re.search(r"\s", value):
        raise ValueError("must not contain whitespace")
    return value


def _not_future(value: dt.date) -> dt.date:
    if value > dt.date.today():
        raise ValueError(f"date {value.isoformat()} is in the future")
    return value


Text = Annotated[str, Field(min_length=1, max_length=2000)]
Url = Annotated[str, Field(max_length=2000), AfterValidator(_http_url)]
PastDate = Annotated[dt.date, AfterValidator(_not_future)]
Identifier = Annotated[str, Field(pattern=_ID_PATTERN, max_length=80)]
Latitude = Annotated[float, Field(ge=-90, le=90, allow_inf_nan=False)]
Longitude = Annotated[float, Field(ge=-180, le=180, allow_inf_nan=False)]
Kilometres = Annotated[float, Field(gt=0, le=HALF_MERIDIAN_KM, allow_inf_nan=False)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=False)


class Source(_Strict):
    """A public source that was read: what, who, where and when."""

    title: Text
    publisher: Text
    url: Url
    accessed: PastDate
    published: PastDate | None = None
    quote: Text | None = None
    via: Text | None = None


class _Cited(_Strict):
    """A parameter: cited by at least one source and flagged as an estimate or not."""

    estimate: StrictBool
    sources: list[Source] = Field(min_length=1)
    notes: Text | None = None

    @field_validator("sources", mode="before")
    @classmethod
    def _sources_present(cls, value: object) -> object:
        if value is None or value == []:
            raise ValueError("at least one source is required")
        return value


class Range(_Cited):
    """A reported range: the central figure, its span and its sources."""

    kind: Literal["max", "min"]
    km: Kilometres
    low_km: Kilometres | None = None
    high_km: Kilometres | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Range:
        if self.low_km is not None and self.low_km > self.km:
            raise ValueError(f"low_km ({self.low_km:g}) must not exceed km ({self.km:g})")
        if self.high_km is not None and self.high_km < self.km:
            raise ValueError(f"high_km ({self.high_km:g}) must not be below km ({self.km:g})")
        if not self.estimate:
            raise ValueError("a reported range is always an estimate: set estimate: true")
        return self

    @property
    def lowest_km(self) -> float:
        """The low end of the span, or the central figure."""
        return self.low_km if self.low_km is not None else self.km

    @property
    def highest_km(self) -> float:
        """The high end of the span, or the central figure."""
        return self.high_km if self.high_km is not None else self.km

    @property
    def has_span(self) -> bool:
        """Whether sources give a low-high span wider than a single figure."""
        return self.lowest_km < self.highest_km


class Status(_Cited):
    """The cited claim status of a system in a scenario (e.g. claimed delivered)."""

    code: Literal["claimed-delivered", "reported-delivered", "floated", "none"]
    label: Text


class System(_Strict):
    """A weapon system with its cited ranges (its claim status is the scenario's)."""

    id: Identifier
    name: Text
    reporting_names: list[Text] = Field(default_factory=list)
    category: Text
    ranges: list[Range] = Field(min_length=1)
    notes: Text | None = None

    @model_validator(mode="after")
    def _one_of_each_kind(self) -> System:
        kinds = [r.kind for r in self.ranges]
        if kinds.count("max") != 1:
            raise ValueError("ranges: exactly one range of kind 'max' is required")
        if kinds.count("min") > 1:
            raise ValueError("ranges: at most one range of kind 'min' is allowed")
        if self.min_range is not None and self.min_range.highest_km >= self.max_range.lowest_km:
            raise ValueError(
                f"ranges: the min range ({self.min_range.highest_km:g} km) must be below "
                f"the max range ({self.max_range.lowest_km:g} km)"
            )
        return self

    @property
    def max_range(self) -> Range:
        """The outer (maximum) range."""
        return next(r for r in self.ranges if r.kind == "max")

    @property
    def min_range(self) -> Range | None:
        """The minimum-range dead zone, where one is reported."""
        return next((r for r in self.ranges if r.kind == "min"), None)


class _Point(_Cited):
    id: Identifier
    name: Text
    lat: Latitude
    lon: Longitude
    point: Text | None = None


#: Why a site is on the map; today only ``hypothetical`` (a placement, never a
#: reported deployment).  Words for each basis live with the presentation code.
Basis = Literal["hypothetical"]


class Site(_Point):
    """A launch or deployment site with its basis (today always a hypothetical placement)."""

    basis: Basis = Field(description="why the site is on the map: 'hypothetical' (a placement, not a deployment)")
    systems: list[Identifier] | None = None

    @model_validator(mode="before")
    @classmethod
    def _renamed_hypothetical(cls, data: object) -> object:
        """``hypothetical: true`` (the old key) is reported as renamed, not as two problems."""
        if isinstance(data, dict) and "hypothetical" in data and "basis" not in data:
            return {**data, "basis": "hypothetical"}
        return data


class Place(_Point):
    """A proximity target such as a city or a landmark."""

    country: Annotated[str, Field(pattern=r"^[A-Z]{2}$")]


class Endpoint(_Point):
    """One cited end of a reference distance."""


class Region(_Strict):
    """Part of a country's Natural Earth outline: an ISO code and an optional box."""

    country: Annotated[str, Field(pattern=r"^[A-Z]{3}$")]
    label: Text
    bbox: tuple[Longitude, Latitude, Longitude, Latitude] | None = None

    @model_validator(mode="after")
    def _ordered_box(self) -> Region:
        if self.bbox is not None and not (self.bbox[0] < self.bbox[2] and self.bbox[1] < self.bbox[3]):
            raise ValueError("bbox must be [lon_min, lat_min, lon_max, lat_max] with min < max")
        return self


class Measure(_Strict):
    """How georange computes a reference distance from the shipped outlines."""

    description: Text
    between: list[Region] = Field(min_length=2, max_length=2)


class Reference(_Cited):
    """A reported reference distance, such as Cuba to Key West's "90 miles"."""

    id: Identifier
    name: Text
    reported_mi: Annotated[float, Field(gt=0, lt=13000, allow_inf_nan=False)]
    endpoints_label: Text | None = Field(
        default=None, description='the two ends in a sentence: "the 90 miles between <Cuba and Key West>"'
    )
    endpoints: list[Endpoint] = Field(min_length=2, max_length=2)
    computed: Measure | None = None

    @property
    def reported_km(self) -> float:
        """The reported figure converted to kilometres."""
        return self.reported_mi * KM_PER_MILE


class Subdivisions(_Strict):
    """Which subdivisions of a country coverage names (e.g. US states), and its column."""

    country: Annotated[str, Field(pattern=r"^[A-Z]{2}$", description="ISO 3166-1 alpha-2 code of the cities")]
    column: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=80, description="coverage column name")]


class Territory(_Strict):
    """A territory every site is measured against: Natural Earth regions under one id."""

    id: Identifier
    name: Text
    regions: list[Region] = Field(min_length=1)
    subdivisions: Subdivisions | None = None


class Catalogue(_Strict):
    """Everything in ``geodata/``: systems, sites, places and references by id."""

    systems: dict[str, System]
    sites: dict[str, Site]
    places: dict[str, Place]
    references: dict[str, Reference]
