"""Text reports of the proximity tables: a terminal table, CSV or JSON.

The numbers come from :mod:`georange.proximity`; this module only formats
them (deterministically), adding the caveats and attributions.
"""

from __future__ import annotations

import io
import json
import math
from typing import Any

import pandas as pd

from georange import proximity
from georange.gazetteer import GEONAMES_ATTRIBUTION
from georange.naturalearth import NATURAL_EARTH_ATTRIBUTION
from georange.scenario import Scenario
from georange.words import numbers, say
from georange.words._basis import say_bases

__all__ = ["REPORT_FORMATS", "coverage_report", "distances_report"]

#: Output formats of ``georange distances`` and ``georange coverage``.
REPORT_FORMATS = ("table", "csv", "json")


def _jsonable(value: Any) -> Any:
    if isinstance(value, float):
        return None if math.isnan(value) else round(value, 3)
    if hasattr(value, "item"):
        return _jsonable(value.item())
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    return value


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [{str(k): _jsonable(v) for k, v in row.items()} for row in frame.to_dict(orient="records")]


def _dump(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def _csv(frame: pd.DataFrame) -> str:
    out = io.StringIO()
    flat = frame.copy()
    for col in flat.columns:
        if flat[col].map(lambda v: isinstance(v, list)).any():
            flat[col] = flat[col].map(lambda v: "; ".join(map(str, v)) if isinstance(v, list) else v)
    flat.to_csv(out, index=False, float_format="%.3f", lineterminator="\n")
    return out.getvalue()


def _distance_rows(places: pd.DataFrame) -> list[dict[str, Any]]:
    """One row per site x place, with each system's status nested."""
    rows: list[dict[str, Any]] = []
    for (site_id, place_id), group in places.groupby(["site_id", "place_id"], sort=False):
        first = group.iloc[0]
        rows.append(
            {
                "site_id": site_id,
                "site_name": first["site_name"],
                "place_id": place_id,
                "place_name": first["place_name"],
                "country": first["country"],
                "distance_km": _jsonable(first["distance_km"]),
                "distance_mi": _jsonable(first["distance_mi"]),
                "ratio_to_reference": _jsonable(first["ratio_to_reported_reference"]),
                "ratio_to_computed_reference": _jsonable(first["ratio_to_computed_reference"]),
                "systems": {
                    r["system_id"]: {
                        k: _jsonable(r[k]) for k in ("status", "inside", "margin_km", "in_uncertainty_band", "range_km")
                    }
                    for _, r in group.iterrows()
                },
            }
        )
    return rows


def _reference_line(ref: pd.Series) -> str:
    reported = say(
        "report.reference.reported",
        miles=numbers.miles(float(ref["reported_mi"]), decimals=None),
        km=numbers.km(float(ref["reported_km"]), decimals=1),
        flag=say("flag.estimate" if bool(ref["estimate"]) else "flag.reported"),
    )
    if pd.isna(ref["computed_km"]):
        return say("report.reference.not_computed", reference=ref["name"], reported=reported)
    return say(
        "report.reference.computed",
        reference=ref["name"],
        reported=reported,
        km=numbers.km(float(ref["computed_km"]), decimals=1),
        miles=numbers.miles(float(ref["computed_mi"]), decimals=1),
        between=ref["computed_between"],
    )


def _times(ratio: float) -> str:
    """``"12.6x"``, or ``"-"`` when the scenario has no reference to compare with."""
    return say("value.missing") if pd.isna(ratio) else numbers.times(ratio)


def _one_decimal(value: float) -> str:
    return numbers.number(value, decimals=1)


def _status_cell(row: pd.Series) -> str:
    margin = numbers.signed_km(float(row["margin_km"]))
    return say(f"report.status.{row['status']}", system=row["system_id"], margin=margin)


def _distance_table(scenario: Scenario, refs: pd.DataFrame, places: pd.DataFrame, territory: pd.DataFrame) -> str:
    lines = [say("report.references.heading")]
    lines += [f"  {_reference_line(r)}" for _, r in refs.iterrows()]
    site = say_bases("site.basis.{basis}", (s.basis for s in scenario.sites))
    lines += ["", say("report.territories.heading", site=site)]
    terr = territory.assign(
        distance_km=territory["distance_km"].map(_one_decimal),
        distance_mi=territory["distance_mi"].map(_one_decimal),
        x_reported=territory["ratio_to_reported_reference"].map(_times),
        x_computed=territory["ratio_to_computed_reference"].map(_times),
    )[["site_id", "territory", "distance_km", "distance_mi", "x_reported", "x_computed"]]
    lines += ["  " + line for line in terr.to_string(index=False).splitlines()]
    lines += ["", say("report.places.heading")]
    grouped = places.groupby(["site_id", "place_id"], sort=False)
    table = pd.DataFrame(
        [
            {
                "site_id": site_id,
                "place_id": place_id,
                "distance_km": _one_decimal(g["distance_km"].iloc[0]),
                "distance_mi": _one_decimal(g["distance_mi"].iloc[0]),
                "x_reported": _times(g["ratio_to_reported_reference"].iloc[0]),
                "systems": say("list.separator.comma").join(_status_cell(r) for _, r in g.iterrows()),
            }
            for (site_id, place_id), g in grouped
        ]
    )
    if len(table):
        lines += ["  " + line for line in table.to_string(index=False).splitlines()]
    return "\n".join([*lines, "", *scenario.caveats, say("data.credit", credit=NATURAL_EARTH_ATTRIBUTION)]) + "\n"


def distances_report(scenario: Scenario, fmt: str = "table") -> str:
    """The references, site-to-territory and site-to-place distances as text.

    ``csv`` holds the site x place x system table; ``json`` holds
    ``references``, ``territories`` and ``distances`` (one row per site x
    place with each system's status nested).
    """
    refs = proximity.reference_distances(scenario)
    places = proximity.place_distances(scenario, references=refs)
    if fmt == "csv":
        return _csv(places)
    # ``territory_id`` is for code that joins on the territory; the reports keep their columns.
    territory = proximity.territory_distances(scenario, references=refs).drop(columns="territory_id")
    if fmt == "json":
        return _dump(
            {
                "scenario_id": scenario.id,
                "references": _records(pd.DataFrame(refs.drop(columns="geometry"))),
                "territories": _records(territory),
                "distances": _distance_rows(places),
                "caveats": list(scenario.caveats),
                "attribution": [NATURAL_EARTH_ATTRIBUTION],
            }
        )
    return _distance_table(scenario, refs, places, territory)


def coverage_report(scenario: Scenario, fmt: str = "table", *, min_population: int = 15000) -> str:
    """Coverage of each site x system ring (cities, population, countries) as text."""
    table = proximity.coverage(scenario, min_population=min_population)
    attribution = [GEONAMES_ATTRIBUTION, NATURAL_EARTH_ATTRIBUTION]
    if fmt == "csv":
        return _csv(table)
    if fmt == "json":
        return _dump(
            {
                "scenario_id": scenario.id,
                "min_population": min_population,
                "coverage": _records(table),
                "caveats": list(scenario.caveats),
                "attribution": attribution,
            }
        )
    subdivisions = [t.subdivisions.column for t in scenario.territories if t.subdivisions is not None]
    shown = table.assign(
        countries=table["countries"].map(lambda v: " ".join(v) if isinstance(v, list) else ""),
        population_total=table["population_total"].map(numbers.count),
        **{c: table[c].map(_names) for c in subdivisions},
    )[["site_id", "system_id", "radius_km", "n_cities", "population_total", "largest_city", "countries",
       *subdivisions]]  # fmt: skip
    header = say("report.coverage.heading", min_population=numbers.count(min_population))
    body = shown.to_string(index=False) if len(shown) else say("report.coverage.none")
    credits = [say("data.credit", credit=a) for a in attribution]
    return "\n".join([header, body, "", *scenario.caveats, *credits]) + "\n"


def _names(value: Any) -> str:
    """Names in a table cell, comma-joined (``"-"`` for none)."""
    return say("list.separator.comma").join(value) if value else say("value.missing")
