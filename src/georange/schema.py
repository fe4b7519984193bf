"""The JSON Schema of the scenario format (``georange schema``)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from georange.catalogue import Identifier, Place, Reference, Site, System, Text

__all__ = ["scenario_json_schema"]


class SiteSelection(BaseModel):
    """A catalogue site with a chosen subset of the scenario's systems."""

    model_config = ConfigDict(extra="forbid")
    id: Identifier
    systems: list[Identifier]


class ScenarioDocument(BaseModel):
    """A georange scenario file: catalogue ids or inline, cited definitions."""

    model_config = ConfigDict(extra="forbid", title="georange scenario")
    id: str = Field(pattern=r"^[A-Za-z0-9_-]+$", description="Used in output file names.")
    title: Text
    description: Text | None = None
    systems: list[Identifier | System] = Field(min_length=1)
    sites: list[Identifier | SiteSelection | Site] = Field(min_length=1)
    places: list[Identifier | Place] = Field(default_factory=list)
    references: list[Identifier | Reference] = Field(default_factory=list)


def scenario_json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) that scenario files follow."""
    schema = ScenarioDocument.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema
