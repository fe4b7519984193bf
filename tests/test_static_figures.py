"""The static map and the comparison chart: PNG/SVG output, content, determinism, hostile text, edge sites."""

from __future__ import annotations

import io
import re
import struct
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
import shapely
from matplotlib.figure import Figure
from PIL import Image

import georange
from georange import geodesy
from georange.layers import scenario_features
from georange.loading import load_catalogue, load_scenario, scenario_from_mapping
from georange.render._figure import footer_paragraphs
from georange.render._html import short_name
from georange.render._projection import _outlines, lonlat_windows
from georange.render.chart import comparison_chart
from georange.render.static_map import FIGSIZE_IN, figure_bytes, static_figure
from test_edge_geometry_browser import edges_along_the_frame, frame_length
from test_map_html import hostile_mapping

#: The default scenario's caveats, as its data declares them (geodata/scenarios/venezuela.yaml).
CAVEATS = load_scenario().caveats

DATA = Path(__file__).parent / "data"


# --------------------------------------------------------------------------- helpers


def png_chunks(data: bytes) -> dict[bytes, list[bytes]]:
    """The chunks of a PNG file by type."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    chunks: dict[bytes, list[bytes]] = {}
    pos = 8
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        chunks.setdefault(kind, []).append(data[pos + 8 : pos + 8 + length])
        pos += 12 + length
    return chunks


def svg_text(data: bytes) -> str:
    """All text of an SVG (parsed, so entities are decoded), lines joined by single spaces."""
    root = ET.fromstring(data)
    texts = [" ".join(el.itertext()) for el in root.iter("{http://www.w3.org/2000/svg}text")]
    return re.sub(r"\s+", " ", " ".join(texts))


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def scenario() -> georange.Scenario:
    return georange.load_scenario()


@pytest.fixture(scope="module")
def features(scenario) -> Any:
    return georange.scenario_features(scenario)


@pytest.fixture(scope="module")
def proximity(scenario) -> georange.Proximity:
    return georange.analyse(scenario)


@pytest.fixture(scope="module")
def figure(scenario, features, proximity) -> Figure:
    return static_figure(scenario, features, proximity)


@pytest.fixture(scope="module")
def png(figure) -> bytes:
    return figure_bytes(figure, "png")


@pytest.fixture(scope="module")
def svg(figure) -> bytes:
    return figure_bytes(figure, "svg")


@pytest.fixture(scope="module")
def chart_svg(scenario, proximity) -> bytes:
    return figure_bytes(comparison_chart(scenario, proximity), "svg")


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue(DATA / "catalogue")


# --------------------------------------------------------------------------- the map: PNG


def test_png_is_300_dpi_by_default_and_decodes(png: bytes) -> None:
    (phys,) = png_chunks(png)[b"pHYs"]
    x_ppm, y_ppm, unit = struct.unpack(">IIB", phys)
    assert unit == 1  # metres
    assert round(x_ppm * 0.0254) == round(y_ppm * 0.0254) == 300
    image = Image.open(io.BytesIO(png))
    image.load()
    assert image.size == (round(FIGSIZE_IN[0] * 300), round(FIGSIZE_IN[1] * 300))
    assert image.mode in ("RGB", "RGBA")


def test_png_honours_the_dpi(figure) -> None:
    data = figure_bytes(figure, "png", dpi=100)
    image = Image.open(io.BytesIO(data))
    assert image.size == (round(FIGSIZE_IN[0] * 100), round(FIGSIZE_IN[1] * 100))
    assert round(image.info["dpi"][0]) == 100


def test_png_carries_no_software_or_time(png: bytes) -> None:
    chunks = png_chunks(png)
    assert not any(kind in chunks for kind in (b"tIME", b"iTXt", b"zTXt"))
    assert b"matplotlib" not in png.lower()


def test_unknown_format_is_refused(figure) -> None:
    with pytest.raises(ValueError, match="png"):
        figure_bytes(figure, "pdf")


# --------------------------------------------------------------------------- the map: SVG content


def test_svg_parses_and_keeps_its_text_as_text(svg: bytes) -> None:
    root = ET.fromstring(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert len(list(root.iter("{http://www.w3.org/2000/svg}text"))) > 20
    assert b"<dc:date>" not in svg


def test_svg_names_every_system_and_flags_sites_and_estimates(svg: bytes, scenario) -> None:
    text = svg_text(svg)
    for system in scenario.systems:
        assert system.name in text, system.name
        claim = scenario.status(system.id)
        assert claim is None or claim.label in text
    assert "(hypothetical)" in text
    assert "hypothetical sites" in text
    assert "estimate" in text
    assert scenario.title in text


def test_svg_labels_every_site_on_the_detail_map(svg: bytes, scenario) -> None:
    text = svg_text(svg)
    for site in scenario.sites:
        assert f"{short_name(site.name)} (hypothetical)" in text, site.name


@pytest.mark.parametrize("caveat", CAVEATS, ids=[f"caveat-{i}" for i in range(len(CAVEATS))])
def test_svg_shows_the_caveats(svg: bytes, caveat: str) -> None:
    assert caveat in svg_text(svg)


def test_svg_shows_both_reference_figures(svg: bytes, proximity) -> None:
    text = svg_text(svg)
    computed = proximity.references.iloc[0]["computed_mi"]
    assert "90 mi reported" in text
    assert f"{computed:,.0f} mi computed" in text
    assert "90 mi" in text


def test_svg_legend_gives_ranges_in_km_and_miles(svg: bytes) -> None:
    text = svg_text(svg)
    assert "max 2,000 km (1,243 mi), sources span 1,400\u20132,600 km, estimate" in text
    assert "max 5,000 km (3,107 mi), sources span 3,000\u20135,500 km, estimate" in text


def test_footer_counts_sources_and_attributes_the_data(svg: bytes, scenario) -> None:
    text = svg_text(svg)
    assert "full citations: georange export --format csv" in text
    assert "Natural Earth" in text and "GeoNames (CC BY 4.0" in text
    for system in scenario.systems:
        for source in system.max_range.sources:
            assert source.publisher in text, source.publisher


def test_footer_paragraphs_lead_with_the_caveats(scenario) -> None:
    paragraphs = footer_paragraphs(scenario, extra=["Projection note."])
    assert paragraphs[0] == "Caveats: " + " ".join(CAVEATS)
    assert "Projection note." in paragraphs[-1]


# --------------------------------------------------------------------------- determinism


def test_png_and_svg_are_byte_identical_across_renders(scenario, features, proximity, png, svg) -> None:
    again = static_figure(scenario, features, proximity)
    assert figure_bytes(again, "png") == png
    assert figure_bytes(again, "svg") == svg


def test_figures_stay_out_of_pyplot(figure) -> None:
    from matplotlib import _pylab_helpers

    assert _pylab_helpers.Gcf.get_num_fig_managers() == 0
    assert figure.get_size_inches().tolist() == list(FIGSIZE_IN)


def test_renderers_compute_no_geodesy(monkeypatch, scenario, features, proximity) -> None:
    """Rings, lines and distances come from the features and proximity tables, never recomputed."""

    def forbidden(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("a renderer called georange.geodesy")

    for name in ("ring", "rings", "band", "bands", "distance_km", "geodesic_path", "nearest_km", "gap_km"):
        monkeypatch.setattr(geodesy, name, forbidden)
    figure_bytes(static_figure(scenario, features, proximity), "svg")
    figure_bytes(comparison_chart(scenario, proximity, places=["miami"]), "svg")


# --------------------------------------------------------------------------- hostile text


@pytest.fixture(scope="module")
def hostile(catalogue) -> georange.Scenario:
    return scenario_from_mapping(hostile_mapping(), display="hostile.yaml", catalogue=catalogue)


@pytest.fixture(scope="module")
def hostile_svgs(hostile) -> list[bytes]:
    return [figure_bytes(static_figure(hostile), "svg"), figure_bytes(comparison_chart(hostile), "svg")]


@pytest.mark.parametrize("which", [0, 1], ids=["map", "chart"])
def test_hostile_text_is_escaped_in_well_formed_svg(hostile_svgs: list[bytes], which: int) -> None:
    data = hostile_svgs[which]
    for raw in (b"<script", b"<img", b"</textarea>"):
        assert raw not in data
    assert b"&lt;script&gt;alert(1)&lt;/script&gt;" in data
    text = svg_text(data)  # parsing proves the SVG is well formed
    assert "Evil system <script>alert(1)</script>" in text
    assert "${alert(1)}" in text  # shown literally: no mathtext
    assert "hypothetical" in text


def test_hostile_png_renders(hostile) -> None:
    image = Image.open(io.BytesIO(figure_bytes(static_figure(hostile), "png", dpi=60)))
    image.load()
    assert image.size == (600, 480)


def test_ampersand_in_names_is_escaped(catalogue) -> None:
    mapping = hostile_mapping()
    mapping["title"] = "Rock & Roll <b>bold</b>"
    mapping["sites"][0]["name"] = "Site A&B <i>"
    scn = scenario_from_mapping(mapping, display="amp.yaml", catalogue=catalogue)
    data = figure_bytes(static_figure(scn), "svg")
    assert b"Rock &amp; Roll &lt;b&gt;bold&lt;/b&gt;" in data
    text = svg_text(data)
    assert "Rock & Roll <b>bold</b>" in text
    assert "Site A&B <i> (hypothetical)" in text


# --------------------------------------------------------------------------- the chart


def test_chart_names_every_site_system_and_the_reference(chart_svg: bytes, scenario) -> None:
    text = svg_text(chart_svg)
    for site in scenario.sites:
        assert f"{short_name(site.name)} (hypothetical)" in text, site.name
    for system in scenario.systems:
        assert system.name in text, system.name
    assert "90 mi" in text
    assert "90 mi reported" in text and "mi computed" in text
    assert "estimate" in text
    for caveat in CAVEATS:
        assert caveat in text


def test_chart_shows_territory_distances(chart_svg: bytes, proximity) -> None:
    text = svg_text(chart_svg)
    assert "to the contiguous US coast" in text
    for km in proximity.territories["distance_km"]:
        assert f"{km:,.0f} km" in text


def test_chart_adds_chosen_places(scenario, proximity) -> None:
    data = figure_bytes(comparison_chart(scenario, proximity, places=["miami", "washington"]), "svg")
    text = svg_text(data)
    assert "to Miami, Florida" in text and "to Washington, D.C." in text
    miami = proximity.places[proximity.places["place_id"] == "miami"].drop_duplicates("site_id")
    for km in miami["distance_km"]:
        assert f"{km:,.0f} km" in text


def test_chart_refuses_unknown_places(scenario, proximity) -> None:
    with pytest.raises(ValueError, match="atlantis"):
        comparison_chart(scenario, proximity, places=["atlantis"])


def test_chart_png_is_300_dpi_and_deterministic(scenario, proximity) -> None:
    first = figure_bytes(comparison_chart(scenario, proximity), "png")
    second = figure_bytes(comparison_chart(scenario, proximity), "png")
    assert first == second
    image = Image.open(io.BytesIO(first))
    assert round(image.info["dpi"][0]) == 300
    assert image.size[0] == 3000


def test_chart_svg_is_deterministic(scenario, proximity, chart_svg: bytes) -> None:
    assert figure_bytes(comparison_chart(scenario, proximity), "svg") == chart_svg


# --------------------------------------------------------------------------- edge sites


def _edge_scenario(catalogue, lat: float, lon: float) -> georange.Scenario:
    src = [{"title": "t", "publisher": "P", "url": "https://example.org/x", "accessed": "2026-11-20"}]
    big = {
        "id": "big",
        "name": "Big missile",
        "category": "ballistic missile",
        "ranges": [
            {"kind": "max", "km": 5000, "low_km": 3000, "high_km": 5500, "estimate": True, "sources": src},
        ],
    }
    site = {"basis": "hypothetical", "estimate": True, "sources": src}
    return scenario_from_mapping(
        {
            "id": "edge",
            "title": "Edge",
            "systems": ["alpha", "bravo", big],
            "sites": [
                {"id": "s1", "name": "Edge one", "lat": lat, "lon": lon, **site},
                {
                    "id": "s2",
                    "name": "Edge two",
                    "lat": lat - 0.3,
                    "lon": lon - 0.4 if lon > -179 else lon + 0.4,
                    **site,
                },
            ],
            "references": ["strait"],
            "places": ["town-x"],
        },
        display="edge.yaml",
        catalogue=catalogue,
    )


@pytest.mark.parametrize(
    ("lat", "lon"),
    [(-16.0, 179.5), (85.0, 20.0), (-85.0, -179.9), (10.0, 180.0), (10.0, -180.0)],
    ids=["antimeridian", "pole", "both", "on-plus-180", "on-minus-180"],
)
def test_sites_near_the_antimeridian_and_poles_render(catalogue, lat: float, lon: float) -> None:
    scn = _edge_scenario(catalogue, lat, lon)
    prox = georange.analyse(scn, min_population=100_000)
    fig = static_figure(scn, proximity=prox)
    text = svg_text(figure_bytes(fig, "svg"))
    assert "Edge one (hypothetical)" in text and "Edge two (hypothetical)" in text
    Image.open(io.BytesIO(figure_bytes(fig, "png", dpi=50))).load()
    assert "Edge one (hypothetical)" in svg_text(figure_bytes(comparison_chart(scn, prox), "svg"))


def test_windows_split_at_the_antimeridian_and_avoid_the_antipode() -> None:
    boxes = lonlat_windows(-16.0, 179.5, 1000.0)
    assert len(boxes) == 2
    assert sorted((west, east) for west, _, east, _ in boxes)[0][0] == -180.0
    assert sorted((west, east) for west, _, east, _ in boxes)[1][1] == 180.0
    assert lonlat_windows(85.0, 20.0, 2000.0) == [(-180.0, 85.0 - 2000.0 / 111.32, 180.0, 90.0)]
    for west, _, east, _ in lonlat_windows(10.9, -67.6, 9750.0):
        assert not west <= 112.4 <= east  # the antipode's meridian stays out


@pytest.mark.parametrize(
    ("lat", "lon"),
    [(-16.0, 179.5), (85.0, 20.0), (-85.0, -179.9), (10.0, 180.0), (10.0, -180.0)],
    ids=["antimeridian", "pole", "both", "on-plus-180", "on-minus-180"],
)
def test_range_outlines_leave_out_the_cut_edges_and_keep_the_circles(catalogue, lat: float, lon: float) -> None:
    """The map strokes each ring's outline less its edges along lon +-180 and the pole line (fills have no edge)."""
    feats = scenario_features(_edge_scenario(catalogue, lat, lon))
    ranges = feats[feats["feature_type"].isin(["ring", "band"])]
    outlines = _outlines(ranges)
    cut = []
    keys = ranges["feature_type"] + ":" + ranges["site_id"] + ":" + ranges["system_id"] + ":" + ranges["kind"]
    for key, polygon, outline in zip(keys, ranges.geometry, outlines.geometry, strict=True):
        drawn = shapely.geometry.mapping(outline)
        assert drawn["type"] == "MultiLineString" and not edges_along_the_frame(drawn, min_deg=0.0), key
        frame = frame_length(shapely.geometry.mapping(polygon))
        assert outline.length == pytest.approx(polygon.boundary.length - frame, abs=1e-9), key
        assert outline.difference(polygon.boundary.buffer(1e-9)).is_empty, key
        if frame:
            cut.append(key)
    assert cut, "the scenario should have rings cut at the antimeridian or closed around a pole"


def test_fixture_scenario_renders(catalogue) -> None:
    scn = load_scenario(DATA / "scenario.yaml", catalogue=catalogue)
    text = svg_text(figure_bytes(static_figure(scn), "svg"))
    for site in scn.sites:
        assert f"{short_name(site.name)} (hypothetical)" in text
    assert "90 mi reported" in text
