"""georange: geodesically exact, cited range maps of publicly reported weapon-system ranges.

The data flows one way: load and validate the cited catalogue and a scenario,
compute the geodesic features, then render or export them.

>>> import georange
>>> scenario = georange.load_scenario()          # the built-in Venezuela scenario
>>> features = georange.scenario_features(scenario)
>>> sorted(set(features["feature_type"]))
['band', 'reference', 'ring', 'site']
"""

from georange._citation import citation
from georange._errors import GeometryError, GeoRangeError, OutputError, ValidationError
from georange._version import __version__
from georange.catalogue import Catalogue, Place, Range, Reference, Site, Source, Status, System
from georange.export import geojson_text, to_geojson
from georange.geodesy import HALF_MERIDIAN_KM, band, bands, distance_km, geodesic_path, ring, rings
from georange.layers import scenario_features
from georange.loading import load_catalogue, load_scenario, scenario_from_mapping
from georange.render.html_map import folium_map, map_html
from georange.scenario import Scenario

__all__ = [
    "HALF_MERIDIAN_KM",
    "Catalogue",
    "GeoRangeError",
    "GeometryError",
    "OutputError",
    "Place",
    "Range",
    "Reference",
    "Scenario",
    "Site",
    "Source",
    "Status",
    "System",
    "ValidationError",
    "__version__",
    "band",
    "bands",
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
    "to_geojson",
]
