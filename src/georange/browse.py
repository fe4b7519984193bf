"""Browse the cited catalogue as tables, for notebooks and spreadsheets.

>>> import georange
>>> table = georange.catalogue_table()
>>> {"system_id", "km", "low_km", "high_km", "estimate", "source_urls"} <= set(table.columns)
True
>>> table.loc[table["system_id"] == "oreshnik", "claim_status"].iloc[0]
'floated as possible, not reported delivered'
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from georange._errors import ValidationError
from georange._validate import suggestion
from georange.catalogue import KM_PER_MILE, Catalogue, System
from georange.loading import load_catalogue, load_scenario
from georange.scenario import Scenario

__all__ = ["catalogue_table", "system"]


def system(system_id: str, *, catalogue: Catalogue | None = None) -> System:
    """A catalogue system with its cited ranges (displays as a table in Jupyter).

    Raises
    ------
    georange.ValidationError
        For an unknown id, with a "did you mean" hint.
    """
    cat = catalogue if catalogue is not None else load_catalogue()
    found = cat.systems.get(system_id)
    if found is None:
        hint = suggestion(system_id, cat.systems)
        raise ValidationError([f"geodata/systems.yaml: unknown system id '{system_id}'{hint}"])
    return found


def _row(sys_: System, rng: Any, scenario: Scenario) -> dict[str, Any]:
    claim = scenario.status(sys_.id)
    return {
        "system_id": sys_.id,
        "system_name": sys_.name,
        "reporting_names": ", ".join(sys_.reporting_names),
        "category": sys_.category,
        "claim_status": claim.label if claim else None,
        "kind": rng.kind,
        "km": rng.km,
        "low_km": rng.low_km,
        "high_km": rng.high_km,
        "mi": rng.km / KM_PER_MILE,
        "estimate": rng.estimate,
        "n_sources": len(rng.sources),
        "source_titles": "; ".join(s.title for s in rng.sources),
        "source_publishers": "; ".join(s.publisher for s in rng.sources),
        "source_urls": "; ".join(s.url for s in rng.sources),
        "accessed": "; ".join(s.accessed.isoformat() for s in rng.sources),
        "notes": rng.notes,
    }


def catalogue_table(catalogue: Catalogue | None = None, *, scenario: Scenario | None = None) -> pd.DataFrame:
    """Every cited range in the catalogue, one row each, sources flattened into columns.

    A claim status belongs to a scenario: ``claim_status`` is the one that
    ``scenario`` (by default the built-in default scenario) declares.

    Returns
    -------
    pandas.DataFrame
        ``system_id``, ``system_name``, ``reporting_names``, ``category``,
        ``claim_status``, ``kind``, ``km``, ``low_km``, ``high_km``, ``mi``,
        ``estimate``, ``n_sources``, ``source_titles``, ``source_publishers``,
        ``source_urls`` (``; ``-joined), ``accessed`` and ``notes``.
    """
    cat = catalogue if catalogue is not None else load_catalogue()
    scn = scenario if scenario is not None else load_scenario()
    return pd.DataFrame([_row(s, r, scn) for s in cat.systems.values() for r in s.ranges])
