"""A scenario's drawable features: sites, range rings, uncertainty bands, references.

This is the one place where a scenario becomes geometry.  Renderers and
exporters read the resulting GeoDataFrame; they never compute geodesy.

Feature types (the ``feature_type`` column):

``site``
    A hypothetical site (Point).
``ring``
    The disc of radius ``radius_km`` for one site x system x range; ``kind``
    is ``max`` (outer range) or ``min`` (minimum-range dead zone).
``band``
    The annulus between ``low_km`` and ``high_km`` where sources disagree or
    give a span.
``reference``
    A reported reference distance (such as the "90 miles"), drawn as the
    geodesic between its two cited endpoints.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import shapely

from georange import geodesy
from georange.catalogue import KM_PER_MILE, Range, Reference, Site, Source, Status, System
from georange.scenario import Scenario

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

__all__ = ["FEATURE_COLUMNS", "feature_table", "scenario_features", "sources_records"]

#: Columns of :func:`scenario_features`, in order (geometry last).
FEATURE_COLUMNS = [
    "feature_type",
    "site_id",
    "site_name",
    "system_id",
    "system_name",
    "reference_id",
    "status",
    "kind",
    "radius_km",
    "radius_mi",
    "low_km",
    "high_km",
    "reported_mi",
    "reported_km",
    "hypothetical",
    "estimate",
    "n_sources",
    "sources",
    "notes",
    "geometry",
]


def sources_records(sources: list[Source]) -> list[dict[str, str]]:
    """Sources as plain JSON-ready dicts (dates as ISO strings, empty fields dropped)."""
    return [
        {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in s.model_dump().items() if v is not None}
        for s in sources
    ]


def _site_row(site: Site) -> dict[str, Any]:
    return {
        "feature_type": "site",
        "site_id": site.id,
        "site_name": site.name,
        "hypothetical": site.basis == "hypothetical",
        "estimate": site.estimate,
        "n_sources": len(site.sources),
        "sources": sources_records(site.sources),
        "notes": site.notes,
        "geometry": shapely.Point(site.lon, site.lat),
    }


def _range_row(site: Site, system: System, rng: Range, feature_type: str, status: Status | None) -> dict[str, Any]:
    radius = rng.km if feature_type == "ring" else None
    return {
        "feature_type": feature_type,
        "site_id": site.id,
        "site_name": site.name,
        "system_id": system.id,
        "system_name": system.name,
        "status": status.label if status else None,
        "kind": rng.kind,
        "radius_km": radius,
        "radius_mi": radius / KM_PER_MILE if radius is not None else None,
        # A band spans the effective ends: a one-sided span is bounded by ``km``.
        "low_km": rng.lowest_km if feature_type == "band" else rng.low_km,
        "high_km": rng.highest_km if feature_type == "band" else rng.high_km,
        "hypothetical": site.basis == "hypothetical",
        "estimate": rng.estimate,
        "n_sources": len(rng.sources),
        "sources": sources_records(rng.sources),
        "notes": rng.notes,
    }


def _reference_row(ref: Reference) -> dict[str, Any]:
    a, b = ref.endpoints
    return {
        "feature_type": "reference",
        "reference_id": ref.id,
        "site_name": ref.name,
        "reported_mi": ref.reported_mi,
        "reported_km": ref.reported_km,
        "hypothetical": False,
        "estimate": ref.estimate,
        "n_sources": len(ref.sources),
        "sources": sources_records(ref.sources),
        "notes": ref.notes,
        "geometry": geodesy.geodesic_path(lat1=a.lat, lon1=a.lon, lat2=b.lat, lon2=b.lon),
    }


def _feature_rows(scenario: Scenario) -> list[dict[str, Any]]:
    """The feature rows of :func:`scenario_features`, in order, as plain dicts."""
    rows = [_site_row(site) for site in scenario.sites]
    ring_rows: list[dict[str, Any]] = []
    ring_args: list[tuple[float, float, float]] = []
    band_rows: list[dict[str, Any]] = []
    band_args: list[tuple[float, float, float, float]] = []
    for site, system in scenario.pairs():
        status = scenario.status(system.id)
        for rng in system.ranges:
            ring_rows.append(_range_row(site, system, rng, "ring", status))
            ring_args.append((site.lat, site.lon, rng.km))
            if rng.has_span:
                band_rows.append(_range_row(site, system, rng, "band", status))
                band_args.append((site.lat, site.lon, rng.lowest_km, rng.highest_km))
    if ring_args:
        lat, lon, radius = np.array(ring_args).T
        for row, geom in zip(ring_rows, geodesy.rings(lat=lat, lon=lon, radius_km=radius), strict=True):
            row["geometry"] = geom
    if band_args:
        lat, lon, inner, outer = np.array(band_args).T
        geoms = geodesy.bands(lat=lat, lon=lon, inner_km=inner, outer_km=outer)
        for row, geom in zip(band_rows, geoms, strict=True):
            row["geometry"] = geom
    return rows + ring_rows + band_rows + [_reference_row(ref) for ref in scenario.references]


def feature_table(scenario: Scenario) -> pd.DataFrame:
    """The rows of :func:`scenario_features` as a plain pandas frame, without geopandas.

    The same columns and values; ``geometry`` holds the shapely objects.  The
    HTML map reads this (it needs no GeoDataFrame, so it never loads geopandas).
    """
    import pandas as pd

    return pd.DataFrame(_feature_rows(scenario)).reindex(columns=FEATURE_COLUMNS)


def scenario_features(scenario: Scenario) -> gpd.GeoDataFrame:
    """Every drawable feature of a scenario, with its figures and sources.

    All rings and bands are computed in one vectorised call each.

    Parameters
    ----------
    scenario
        A resolved scenario.

    Returns
    -------
    geopandas.GeoDataFrame
        One row per feature in EPSG:4326, columns :data:`FEATURE_COLUMNS`.
    """
    import geopandas as gpd

    return gpd.GeoDataFrame(feature_table(scenario), geometry="geometry", crs="EPSG:4326")
