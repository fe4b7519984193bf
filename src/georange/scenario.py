"""Scenarios: the file format (one pydantic model) and the resolved scenario.

:class:`ScenarioFile` is the one model of a scenario file: the loader
(:mod:`georange.loading`) validates every file through it, and
``georange schema`` prints its JSON Schema.  :class:`Scenario` is what a file
resolves to: the systems, sites, places and references to map, each cited,
and everything the story declares (territories, ratio reference, caveats and
each system's claim status).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Discriminator, Field, Tag

from georange.catalogue import Identifier, Place, Reference, Site, Status, System, Territory, Text

__all__ = ["Scenario", "ScenarioFile", "SiteSelection"]

#: Loc parts naming the member of an entry union (dropped from key paths in messages).
ENTRY_TAGS = frozenset({"catalogue id", "System", "SiteSelection", "Site", "Place", "Reference"})

_FILE_ID_MAX = 80


def _file_name_id(value: str) -> str:
    if not re.fullmatch(rf"[A-Za-z0-9_-]{{1,{_FILE_ID_MAX}}}", value):
        raise ValueError(
            f"is required: letters, digits, '-' or '_' (used in file names), at most {_FILE_ID_MAX} characters"
        )
    return value


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("is required: a non-empty string")
    return value


#: A title or other required text: not blank.
Title = Annotated[Text, AfterValidator(_not_blank), Field(json_schema_extra={"pattern": r"\S"})]

ScenarioId = Annotated[
    str,
    AfterValidator(_file_name_id),
    Field(
        description="Used in output file names.",
        json_schema_extra={"pattern": "^[A-Za-z0-9_-]+$", "minLength": 1, "maxLength": _FILE_ID_MAX},
    ),
]


class SiteSelection(BaseModel):
    """A catalogue site with a chosen subset of the scenario's systems."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    id: Identifier
    systems: list[Identifier]


def _kind(value: Any, inline: str) -> str | None:
    if isinstance(value, str):
        return "catalogue id"
    return inline if isinstance(value, dict) else None


def _site_kind(value: Any) -> str | None:
    if isinstance(value, dict) and set(value) == {"id", "systems"} and isinstance(value.get("id"), str):
        return "SiteSelection"
    return _kind(value, "Site")


_NOT_AN_ENTRY = {
    "custom_error_type": "entry_kind",
    "custom_error_message": "must be a catalogue id or an inline mapping",
}
SystemEntry = Annotated[
    Annotated[Identifier, Tag("catalogue id")] | Annotated[System, Tag("System")],
    Discriminator(lambda v: _kind(v, "System"), **_NOT_AN_ENTRY),
]
SiteEntry = Annotated[
    Annotated[Identifier, Tag("catalogue id")]
    | Annotated[SiteSelection, Tag("SiteSelection")]
    | Annotated[Site, Tag("Site")],
    Discriminator(_site_kind, **_NOT_AN_ENTRY),
]
PlaceEntry = Annotated[
    Annotated[Identifier, Tag("catalogue id")] | Annotated[Place, Tag("Place")],
    Discriminator(lambda v: _kind(v, "Place"), **_NOT_AN_ENTRY),
]
ReferenceEntry = Annotated[
    Annotated[Identifier, Tag("catalogue id")] | Annotated[Reference, Tag("Reference")],
    Discriminator(lambda v: _kind(v, "Reference"), **_NOT_AN_ENTRY),
]


class ScenarioFile(BaseModel):
    """A georange scenario file: catalogue ids or inline, cited definitions."""

    model_config = ConfigDict(extra="forbid", frozen=True, title="georange scenario")
    id: ScenarioId
    title: Title
    description: Text | None = None
    systems: list[SystemEntry] = Field(min_length=1)
    sites: list[SiteEntry] = Field(min_length=1)
    places: list[PlaceEntry] = Field(default_factory=list)
    references: list[ReferenceEntry] = Field(default_factory=list)
    ratio_reference: Identifier | None = Field(
        default=None,
        description="The reference that distances are compared with (required with more than one reference).",
    )
    territories: list[Territory] | None = Field(
        default=None,
        description="What every site is measured against; left out, the default scenario's territories.",
    )
    headline_territory: Identifier | None = Field(
        default=None, description="The territory the map's comparison panel shows; left out, the first one."
    )
    caveats: list[Text] | None = Field(
        default=None, description="Shown with every output; left out, the default scenario's caveats."
    )
    statuses: dict[Identifier, Status] = Field(
        default_factory=dict, description="Each system's cited claim status in this scenario, by system id."
    )


@dataclass(frozen=True)
class Scenario:
    """Everything one map or table needs, each entry fully cited.

    Attributes
    ----------
    id
        Short identifier, used in output file names.
    title
        Human-readable title.
    systems, sites, places, references
        Resolved catalogue entries, in the order the scenario lists them.
    site_systems
        For each site id, the ids of the systems placed there.
    source
        The file the scenario came from (for messages and provenance).
    description
        Optional free text.
    territories
        What every site's distance is measured against, in declared order.
    headline_territory_id
        The territory the comparison panel shows (None without territories).
    ratio_reference_id
        The reference distances are compared with (None without references).
    caveats
        The caveats every output of this scenario shows.
    statuses
        Each system's cited claim status in this scenario, by system id.
    """

    id: str
    title: str
    systems: tuple[System, ...]
    sites: tuple[Site, ...]
    places: tuple[Place, ...]
    references: tuple[Reference, ...]
    site_systems: dict[str, tuple[str, ...]]
    source: str
    description: str | None = None
    territories: tuple[Territory, ...] = ()
    headline_territory_id: str | None = None
    ratio_reference_id: str | None = None
    caveats: tuple[str, ...] = ()
    statuses: Mapping[str, Status] = field(default_factory=dict)

    def system(self, system_id: str) -> System:
        """The scenario's system with this id."""
        for system in self.systems:
            if system.id == system_id:
                return system
        raise KeyError(system_id)

    def status(self, system_id: str) -> Status | None:
        """The system's cited claim status in this scenario, or None."""
        return self.statuses.get(system_id)

    @property
    def ratio_reference(self) -> Reference | None:
        """The declared reference that distances are compared with."""
        return next((r for r in self.references if r.id == self.ratio_reference_id), None)

    @property
    def headline_territory(self) -> Territory | None:
        """The territory the comparison panel shows."""
        return next((t for t in self.territories if t.id == self.headline_territory_id), None)

    def pairs(self) -> list[tuple[Site, System]]:
        """Every (site, system) placement, in scenario order."""
        return [(site, self.system(sid)) for site in self.sites for sid in self.site_systems[site.id]]
