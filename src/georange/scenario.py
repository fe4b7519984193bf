"""A resolved scenario: the systems, hypothetical sites, places and references to map."""

from __future__ import annotations

from dataclasses import dataclass

from georange.catalogue import Place, Reference, Site, System

__all__ = ["Scenario"]


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

    def system(self, system_id: str) -> System:
        """The scenario's system with this id."""
        for system in self.systems:
            if system.id == system_id:
                return system
        raise KeyError(system_id)

    def _repr_html_(self) -> str:
        from georange._repr import scenario_html

        return scenario_html(self)

    def pairs(self) -> list[tuple[Site, System]]:
        """Every (site, system) placement, in scenario order."""
        return [(site, self.system(sid)) for site in self.sites for sid in self.site_systems[site.id]]
