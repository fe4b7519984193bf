"""georange: geodesically exact, cited range maps of publicly reported weapon-system ranges.

The data flows one way: load and validate the cited catalogue and a scenario,
compute the geodesic features, then render or export them.

>>> import georange
>>> scenario = georange.load_scenario()          # the built-in Venezuela scenario
>>> features = georange.scenario_features(scenario)
>>> sorted(set(features["feature_type"]))
['band', 'reference', 'ring', 'site']

The package face loads lazily (a module ``__getattr__``, PEP 562): ``import
georange`` costs almost nothing, and each name imports its module on first
use, so geopandas, folium and fastkml load only when something needs them.
"""

from __future__ import annotations

import importlib
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the names as mypy and IDEs see them; at run time __getattr__ imports them
    from georange import settings
    from georange._citation import citation
    from georange._errors import GeometryError, GeoRangeError, OutputError, ValidationError
    from georange._version import __version__
    from georange.browse import catalogue_table, system
    from georange.catalogue import Catalogue, Place, Range, Reference, Site, Source, Status, System
    from georange.export import EXPORTERS, geojson_text, to_geojson
    from georange.geodesy import HALF_MERIDIAN_KM, band, bands, distance_km, geodesic_path, ring, rings
    from georange.layers import scenario_features
    from georange.loading import build_scenario, load_catalogue, load_scenario, scenario_from_mapping
    from georange.proximity import Proximity, analyse
    from georange.render.html_map import folium_map, map_html
    from georange.scenario import Scenario

#: The module each public name lives in (``settings`` is itself a module).
_SOURCES: dict[str, tuple[str, ...]] = {
    "georange._citation": ("citation",),
    "georange._errors": ("GeoRangeError", "GeometryError", "OutputError", "ValidationError"),
    "georange._version": ("__version__",),
    "georange.browse": ("catalogue_table", "system"),
    "georange.catalogue": ("Catalogue", "Place", "Range", "Reference", "Site", "Source", "Status", "System"),
    "georange.export": ("EXPORTERS", "geojson_text", "to_geojson"),
    "georange.geodesy": ("HALF_MERIDIAN_KM", "band", "bands", "distance_km", "geodesic_path", "ring", "rings"),
    "georange.layers": ("scenario_features",),
    "georange.loading": ("build_scenario", "load_catalogue", "load_scenario", "scenario_from_mapping"),
    "georange.proximity": ("Proximity", "analyse"),
    "georange.render.html_map": ("folium_map", "map_html"),
    "georange.scenario": ("Scenario",),
}
_MODULE_OF = {name: module for module, names in _SOURCES.items() for name in names}
_SUBMODULES = ("settings",)

__all__ = [
    "EXPORTERS",
    "HALF_MERIDIAN_KM",
    "Catalogue",
    "GeoRangeError",
    "GeometryError",
    "OutputError",
    "Place",
    "Proximity",
    "Range",
    "Reference",
    "Scenario",
    "Site",
    "Source",
    "Status",
    "System",
    "ValidationError",
    "__version__",
    "analyse",
    "band",
    "bands",
    "build_scenario",
    "catalogue_table",
    "citation",
    "distance_km",
    "folium_map",
    "geodesic_path",
    "geojson_text",
    "load_catalogue",
    "load_scenario",
    "map_html",
    "ring",
    "rings",
    "scenario_features",
    "scenario_from_mapping",
    "settings",
    "system",
    "to_geojson",
]


def __getattr__(name: str) -> Any:
    """Import a public name's module on first use (PEP 562) and cache the value."""
    if name in _SUBMODULES:
        value: Any = importlib.import_module(f"{__name__}.{name}")
    elif name in _MODULE_OF:
        value = getattr(importlib.import_module(_MODULE_OF[name]), name)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    if hasattr(sys.modules.get("georange.catalogue"), "Catalogue"):  # loaded, not half-way through its import
        # The models' Jupyter tables live in presentation code that the models never import:
        # attach them as soon as the models are loaded (cheap: markupsafe only).
        importlib.import_module(f"{__name__}._repr")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    """The public names as well as the ones already loaded."""
    return sorted({*globals(), *__all__})
