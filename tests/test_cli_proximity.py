"""`georange distances` and `georange coverage` on the built-in scenario, end to end."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest

from georange import load_scenario

CLI = [sys.executable, "-m", "georange"]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *args], capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def scenario():
    return load_scenario()


@pytest.fixture(scope="module")
def distances_json():
    result = run("distances", "--format", "json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_distances_json_has_references_both_figures(distances_json) -> None:
    (ref,) = distances_json["references"]
    assert ref["reference_id"] == "cuba-key-west"
    for key in ("reported_km", "reported_mi", "computed_km", "computed_mi", "sources"):
        assert ref[key] is not None
    assert ref["reported_mi"] == 90 and 140 <= ref["computed_km"] <= 160
    assert ref["sources"] and all(s["url"].startswith("http") for s in ref["sources"])


def test_distances_json_rows_cover_every_site_and_place(distances_json, scenario) -> None:
    rows = distances_json["distances"]
    assert len(rows) == len(scenario.sites) * len(scenario.places)
    for row in rows:
        for key in ("site_id", "place_id", "distance_km", "distance_mi", "ratio_to_reference"):
            assert row[key] is not None
        assert set(row["systems"]) == set(scenario.site_systems[row["site_id"]])
        for status in row["systems"].values():
            assert {"inside", "margin_km", "in_uncertainty_band"} <= set(status)
            if status["in_uncertainty_band"]:
                assert status["inside"] is None
    assert {t["territory"] for t in distances_json["territories"]} == {
        "contiguous US coast",
        "US Caribbean territory",
    }
    assert distances_json["caveats"]


def test_distances_csv_and_table(scenario) -> None:
    result = run("distances", "--format", "csv")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == sum(len(v) for v in scenario.site_systems.values()) * len(scenario.places)
    assert {"distance_km", "distance_mi", "margin_km", "status"} <= set(rows[0])
    table = run("distances")
    assert table.returncode == 0, table.stderr
    assert "reported 90 mi" in table.stdout and "computed" in table.stdout
    assert "hypothetical" in table.stdout.lower()


def test_coverage_formats(scenario) -> None:
    data = json.loads(run("coverage", "--format", "json").stdout)
    assert data["min_population"] == 15000
    assert any("GeoNames" in a and "CC BY" in a for a in data["attribution"])
    assert len(data["coverage"]) == sum(len(v) for v in scenario.site_systems.values())
    bigger = json.loads(run("coverage", "--format", "json", "--min-population", "1000000").stdout)
    for few, many in zip(bigger["coverage"], data["coverage"], strict=True):
        assert few["n_cities"] <= many["n_cities"]
    table = run("coverage")
    assert table.returncode == 0 and "GeoNames (CC BY" in table.stdout
    bad = run("coverage", "--min-population", "10")
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
