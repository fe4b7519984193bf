"""Proximity tables against independent Geod.inv computations and brute force."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from pyproj import Geod
from shapely.affinity import translate
from shapely.geometry import Point, Polygon, box

from georange import geodesy, load_catalogue, load_scenario, proximity
from georange.catalogue import KM_PER_MILE

GEOD = Geod(ellps="WGS84")
DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def scenario():
    return load_scenario(DATA / "scenario.yaml", catalogue=load_catalogue(DATA / "catalogue"))


def inv_km(lat1, lon1, lat2, lon2) -> float:
    return GEOD.inv(lon1, lat1, lon2, lat2)[2] / 1000.0


# --- point and geometry distances --------------------------------------------------


@pytest.mark.parametrize(
    "geom",
    [
        box(-80.5, 24.0, -79.5, 25.0),
        Polygon([(-82, 23), (-80, 23.5), (-81, 22.2)]),
        shapely.MultiPolygon([box(10, 10, 11, 11), box(-62, 15, -61, 16)]),
        box(179.0, -1.0, 180.0, 1.0),
    ],
    ids=["box", "triangle", "multi", "antimeridian"],
)
def test_nearest_point_distance_matches_geod_inv_and_brute_force(geom) -> None:
    lat, lon = 10.5, -66.9
    near = geodesy.nearest_km(lat=lat, lon=lon, geometry=geom)
    # The reported distance is the geodesic distance to the reported point (within 1 m) ...
    assert near.distance_km == pytest.approx(inv_km(lat, lon, near.lat, near.lon), abs=1e-3)
    # ... the point lies on the geometry's boundary ...
    assert min(geom.boundary.distance(Point(near.lon + k, near.lat)) for k in (-360, 0, 360)) < 1e-6
    # ... and no densely sampled boundary point is nearer (by more than 1 m).
    dense = np.asarray(
        shapely.segmentize(geom.boundary, 0.001).coords
        if geom.geom_type != "MultiPolygon"
        else np.vstack([np.asarray(p.exterior.segmentize(0.001).coords) for p in geom.geoms])
    )
    _, _, d = GEOD.inv(np.full(len(dense), lon), np.full(len(dense), lat), dense[:, 0], dense[:, 1])
    assert near.distance_km <= d.min() / 1000.0 + 1e-3


def test_point_inside_is_zero_km() -> None:
    assert geodesy.nearest_km(lat=0.5, lon=0.5, geometry=box(0, 0, 1, 1)).distance_km == 0.0


def test_gap_between_geometries_matches_brute_force() -> None:
    a = Polygon([(-82.5, 23.0), (-81.0, 23.2), (-80.5, 22.6), (-82.4, 22.4)])
    b = box(-81.9, 24.5, -81.3, 24.7)
    gap = geodesy.gap_km(a, b)
    assert gap.distance_km == pytest.approx(inv_km(gap.lat_a, gap.lon_a, gap.lat_b, gap.lon_b), abs=1e-3)
    pa = np.asarray(a.exterior.segmentize(0.002).coords)
    pb = np.asarray(b.exterior.segmentize(0.002).coords)
    ia, ib = np.meshgrid(np.arange(len(pa)), np.arange(len(pb)), indexing="ij")
    _, _, d = GEOD.inv(pa[ia.ravel(), 0], pa[ia.ravel(), 1], pb[ib.ravel(), 0], pb[ib.ravel(), 1])
    assert gap.distance_km <= d.min() / 1000.0 + 1e-3
    assert gap.distance_km >= d.min() / 1000.0 - 0.05  # sampling at 0.002 degrees


# --- the computed reference is computed ---------------------------------------------


def _outlines(cuba: shapely.Geometry, usa: shapely.Geometry) -> proximity.Outlines:
    frame = gpd.GeoDataFrame(
        {"iso_a3": ["CUB", "USA", "PRI", "VIR"], "iso_a2": ["CU", "US", "PR", "VI"],
         "name": ["Cuba", "United States", "Puerto Rico", "US Virgin Islands"],
         "sovereign_a3": ["CUB", "US1", "US1", "US1"],
         "geometry": [cuba, usa, box(-67.3, 17.9, -65.6, 18.5), box(-65.1, 17.7, -64.6, 18.4)]},
        crs="EPSG:4326",
    )  # fmt: skip
    return proximity.Outlines(detail=frame, coarse=frame.iloc[0:0])


def _reference_scenario():
    from georange.loading import scenario_from_mapping

    src = [{"title": "t", "publisher": "p", "url": "https://example.org", "accessed": "2026-11-20"}]
    end = {"name": "e", "estimate": True, "sources": src}
    return scenario_from_mapping(
        {
            "id": "ref", "title": "ref",
            "systems": ["alpha"], "sites": ["site-a"],
            "references": [{
                "id": "strait", "name": "Strait", "reported_mi": 90, "estimate": True, "sources": src,
                "endpoints": [{**end, "id": "a", "lat": 24.5, "lon": -81.8},
                              {**end, "id": "b", "lat": 23, "lon": -82}],
                "computed": {"description": "island to keys", "between": [
                    {"country": "CUB", "label": "Cuba"},
                    {"country": "USA", "label": "Keys", "bbox": [-83.2, 24.3, -80.2, 25.0]}]},
            }],
        },
        display="ref.yaml",
        catalogue=load_catalogue(DATA / "catalogue"),
    )  # fmt: skip


def test_computed_reference_changes_when_the_polygons_move() -> None:
    scn = _reference_scenario()
    cuba = Polygon([(-84.0, 22.0), (-80.0, 22.0), (-80.0, 23.1), (-84.0, 23.1)])
    keys = box(-81.9, 24.5, -81.3, 24.7)
    base = proximity.reference_distances(scn, outlines=_outlines(cuba, keys)).iloc[0]
    expected = geodesy.gap_km(cuba, keys).distance_km
    assert base["computed_km"] == pytest.approx(expected, abs=1e-6)
    assert base["computed_mi"] == pytest.approx(expected / KM_PER_MILE)
    assert base["reported_km"] == pytest.approx(90 * KM_PER_MILE)
    moved = proximity.reference_distances(scn, outlines=_outlines(translate(cuba, yoff=0.5), keys)).iloc[0]
    assert moved["computed_km"] < base["computed_km"] - 50
    clipped_away = box(-90, 24.3, -85, 24.6)  # US land outside the Keys box does not count
    with pytest.raises(Exception, match="no land"):
        proximity.reference_distances(scn, outlines=_outlines(cuba, clipped_away))


# --- site to place -----------------------------------------------------------------


def test_place_distances_against_geod_inv(scenario) -> None:
    refs = proximity.reference_distances(
        scenario, outlines=_outlines(box(-84, 22, -80, 23.1), box(-82, 24.5, -81, 24.7))
    )
    table = proximity.place_distances(scenario, references=refs)
    expected_rows = sum(len(scenario.site_systems[s.id]) for s in scenario.sites) * len(scenario.places)
    assert len(table) == expected_rows
    sites = {s.id: s for s in scenario.sites}
    places = {p.id: p for p in scenario.places}
    for _, row in table.iterrows():
        s, p = sites[row["site_id"]], places[row["place_id"]]
        d = inv_km(s.lat, s.lon, p.lat, p.lon)
        assert row["distance_km"] == pytest.approx(d, abs=1e-3)
        assert row["distance_mi"] == pytest.approx(d / KM_PER_MILE, abs=1e-3)
        assert row["ratio_to_reported_reference"] == pytest.approx(d / refs.iloc[0]["reported_km"])
        rng = scenario.system(row["system_id"]).max_range
        assert row["margin_km"] == pytest.approx(rng.km - d, abs=1e-3)


def _one_place_scenario(distance_km: float):
    """Site A (10.5, -66.9) and a place due north at ``distance_km``, alpha max 40 km (35-45)."""
    from georange.loading import scenario_from_mapping

    lon, lat, _ = GEOD.fwd(-66.9, 10.5, 0.0, distance_km * 1000.0)
    src = [{"title": "t", "publisher": "p", "url": "https://example.org", "accessed": "2026-11-20"}]
    return scenario_from_mapping(
        {"id": "p", "title": "p", "systems": ["alpha"], "sites": ["site-a"],
         "places": [{"id": "x", "name": "X", "country": "US", "lat": lat, "lon": lon, "estimate": False,
                     "sources": src}]},
        display="p.yaml", catalogue=load_catalogue(DATA / "catalogue"),
    )  # fmt: skip


@pytest.mark.parametrize(
    ("distance_km", "status", "inside"),
    [(30.0, "inside", True), (34.9, "inside", True), (36.0, "uncertain", None), (44.9, "uncertain", None),
     (45.1, "outside", False), (100.0, "outside", False)],
)  # fmt: skip
def test_inside_outside_and_uncertainty_band(distance_km, status, inside) -> None:
    scn = _one_place_scenario(distance_km)
    row = proximity.place_distances(scn, references=proximity.reference_distances(scn)).iloc[0]
    assert row["status"] == status
    assert (row["inside"] is None) if inside is None else (bool(row["inside"]) is inside)
    assert bool(row["in_uncertainty_band"]) is (status == "uncertain")
    assert row["margin_km"] == pytest.approx(40.0 - distance_km, abs=1e-6)


# --- coverage ----------------------------------------------------------------------


def _fixture_cities() -> pd.DataFrame:
    rng = np.random.default_rng(7)
    n = 400
    lat = rng.uniform(0.0, 25.0, n)
    lon = rng.uniform(-85.0, -50.0, n)
    return pd.DataFrame(
        {"geonameid": np.arange(n), "name": [f"c{i}" for i in range(n)],
         "country_code": np.where(lat > 20, "US", "VE"), "admin1_code": np.where(lat > 20, "FL", "01"),
         "lat": lat, "lon": lon, "population": rng.integers(1000, 2_000_000, n)}
    )  # fmt: skip


def test_coverage_counts_match_brute_force(scenario) -> None:
    cities = _fixture_cities()
    table = proximity.coverage(scenario, min_population=15000, cities=cities, countries=False)
    sites = {s.id: s for s in scenario.sites}
    for _, row in table.iterrows():
        site = sites[row["site_id"]]
        radius = scenario.system(row["system_id"]).max_range.km
        inside = [
            c for c in cities.itertuples()
            if c.population >= 15000 and inv_km(site.lat, site.lon, c.lat, c.lon) <= radius
        ]  # fmt: skip
        assert row["n_cities"] == len(inside)
        assert row["population_total"] == sum(c.population for c in inside)
        if inside:
            assert row["largest_city"] == max(inside, key=lambda c: c.population).name
        expected_states = {"Florida"} if any(c.country_code == "US" for c in inside) else set()
        assert set(row["us_states"]) == expected_states


def test_cities_in_range_lists_exactly_the_cities_within_the_radius(scenario) -> None:
    cities = _fixture_cities()
    listed = proximity.cities_in_range(scenario, cities=cities)
    sites = {s.id: s for s in scenario.sites}
    for _, row in listed.iterrows():
        s = sites[row["site_id"]]
        assert row["distance_km"] == pytest.approx(inv_km(s.lat, s.lon, row["lat"], row["lon"]), abs=1e-3)
        assert row["distance_km"] <= scenario.system(row["system_id"]).max_range.km


# --- the shipped data ----------------------------------------------------------------


@pytest.fixture(scope="module")
def default():
    scn = load_scenario()
    return scn, proximity.analyse(scn)


def test_computed_cuba_key_west_from_shipped_outlines(default) -> None:
    _, prox = default
    ref = prox.references.set_index("reference_id").loc["cuba-key-west"]
    assert 140.0 <= ref["computed_km"] <= 160.0
    assert ref["reported_mi"] == 90 and ref["reported_km"] == pytest.approx(144.84096)
    # The end points are real: on Cuba's outline and on the Keys' outline, and the
    # figure is the geodesic between them.
    assert ref["computed_km"] == pytest.approx(
        inv_km(ref["computed_from_lat"], ref["computed_from_lon"], ref["computed_to_lat"], ref["computed_to_lon"]),
        abs=1e-3,
    )
    lines = proximity.Outlines.shipped()
    cuba = lines.country("CUB")
    keys = shapely.clip_by_rect(lines.country("USA"), -83.2, 24.3, -80.2, 25.0)
    assert cuba.boundary.distance(Point(ref["computed_from_lon"], ref["computed_from_lat"])) < 1e-6
    assert keys.boundary.distance(Point(ref["computed_to_lon"], ref["computed_to_lat"])) < 1e-6
    # No sampled vertex pair of the two coasts is closer.
    a = shapely.get_coordinates(shapely.clip_by_rect(cuba, -84.5, 22.5, -80.0, 23.5))
    b = shapely.get_coordinates(keys)
    ia, ib = np.meshgrid(np.arange(len(a)), np.arange(len(b)), indexing="ij")
    _, _, d = GEOD.inv(a[ia.ravel(), 0], a[ia.ravel(), 1], b[ib.ravel(), 0], b[ib.ravel(), 1])
    assert ref["computed_km"] <= d.min() / 1000.0 + 1e-3


def test_territory_distances_on_shipped_outlines(default) -> None:
    scn, prox = default
    lines = proximity.Outlines.shipped()
    sites = {s.id: s for s in scn.sites}
    territories = {t.id: t for t in scn.territories}
    assert list(territories) == ["contiguous-us", "us-caribbean"]  # declared in geodata/scenarios/venezuela.yaml
    assert len(prox.territories) == len(scn.sites) * len(territories)
    for _, row in prox.territories.iterrows():
        s = sites[row["site_id"]]
        assert row["distance_km"] == pytest.approx(
            inv_km(s.lat, s.lon, row["nearest_lat"], row["nearest_lon"]), abs=1e-3
        )
        territory = territories[row["territory_id"]]
        assert row["territory"] == territory.name
        target = lines.geometry(tuple(territory.regions))
        assert target.boundary.distance(Point(row["nearest_lon"], row["nearest_lat"])) < 1e-6
        xy = shapely.get_coordinates(target)
        _, _, d = GEOD.inv(np.full(len(xy), s.lon), np.full(len(xy), s.lat), xy[:, 0], xy[:, 1])
        assert row["distance_km"] <= d.min() / 1000.0 + 1e-3  # no outline vertex is nearer


def test_coverage_on_shipped_data_is_consistent(default) -> None:
    scn, prox = default
    cov = prox.coverage
    assert len(cov) == sum(len(v) for v in scn.site_systems.values())
    assert (cov["n_cities_at_low_km"] <= cov["n_cities"]).all()
    assert (cov["n_cities"] <= cov["n_cities_at_high_km"]).all()
    for _, row in cov.iterrows():
        assert "VEN" in row["countries"]  # every ring reaches the country it stands in
        if row["radius_km"] >= 5000:
            assert "USA" in row["countries"]
