"""georange: geodesically exact, cited range maps of publicly reported weapon-system ranges.

The data flows one way: load and validate the cited catalogue and a scenario,
compute the geodesic features, then render or export them.

>>> import georange
>>> scenario = georange.load_scenario()          # the built-in Venezuela scenario
>>> features = georange.scenario_features(scenario)
>>> sorted(set(features["feature_type"]))
['band', 'reference', 'ring', 'site']
"""

from georange import _repr as _repr  # gives the models their Jupyter tables (_repr_html_)
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
