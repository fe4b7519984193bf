"""The README's headline figures, pinned as literals and recomputed with the library.

Each figure is written here exactly as README.md prints it.  One test checks
that the README still prints it; the other recomputes it from the shipped
data and compares it at the README's precision, so neither the text nor the
computation can drift without a test failing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from georange import load_scenario
from georange.catalogue import KM_PER_MILE
from georange.proximity import reference_distances, territory_distances

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")

#: The computed "90 miles": shortest geodesic from Cuba's outline to the Florida Keys (README, Proximity).
REFERENCE_KM = "149.9"
REFERENCE_MI = "93.1"

#: Each built-in site's shortest distance to the contiguous US coast (README, "Site to territory").
SITE_KM = {
    "caracas": "2,158.3",
    "la-carlota": "2,161.1",
    "el-libertador": "2,137.2",
    "puerto-cabello": "2,081.2",
    "punto-fijo": "1,825.3",
    "la-orchila": "2,100.6",
}
CONTIGUOUS = "contiguous US coast"


def _km(text: str) -> float:
    return float(text.replace(",", ""))


@pytest.fixture(scope="module")
def scenario():
    return load_scenario()


@pytest.fixture(scope="module")
def references(scenario):
    return reference_distances(scenario)


def test_readme_prints_the_reference_figure() -> None:
    assert f"**{REFERENCE_KM} km ({REFERENCE_MI} mi)**" in README


@pytest.mark.parametrize("site_id", list(SITE_KM))
def test_readme_prints_the_site_figure(site_id: str) -> None:
    assert f"{SITE_KM[site_id]} km" in README, site_id


def test_reference_figure_is_what_the_library_computes(references) -> None:
    (row,) = references[references["reference_id"] == "cuba-key-west"].itertuples()
    assert f"{row.computed_km:.1f}" == REFERENCE_KM
    assert f"{row.computed_km / KM_PER_MILE:.1f}" == REFERENCE_MI
    assert row.computed_km == pytest.approx(_km(REFERENCE_KM), abs=0.05)


def test_site_figures_are_what_the_library_computes(scenario, references) -> None:
    table = territory_distances(scenario, references=references)
    coast = table[table["territory"] == CONTIGUOUS].set_index("site_id")["distance_km"]
    assert sorted(coast.index) == sorted(SITE_KM), "the README names every built-in site, no more"
    computed = {site_id: f"{coast[site_id]:,.1f}" for site_id in SITE_KM}
    assert computed == SITE_KM
