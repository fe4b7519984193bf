"""Every parameter in the shipped geodata/ is cited, dated and flagged (one test per parameter)."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlsplit

import pytest

from georange import load_catalogue, load_scenario
from georange.catalogue import Range

CATALOGUE = load_catalogue()
SCENARIO = load_scenario()


def _parameters() -> list[Any]:
    params = []
    for system_id, status in SCENARIO.statuses.items():
        params.append(pytest.param(status, id=f"scenarios/venezuela.yaml:statuses.{system_id}"))
    for system in CATALOGUE.systems.values():
        for i, rng in enumerate(system.ranges):
            params.append(pytest.param(rng, id=f"systems.yaml:{system.id}.ranges[{i}]"))
    for site in CATALOGUE.sites.values():
        params.append(pytest.param(site, id=f"sites.yaml:{site.id}"))
    for place in CATALOGUE.places.values():
        params.append(pytest.param(place, id=f"places.yaml:{place.id}"))
    for ref in CATALOGUE.references.values():
        params.append(pytest.param(ref, id=f"references.yaml:{ref.id}"))
        for end in ref.endpoints:
            params.append(pytest.param(end, id=f"references.yaml:{ref.id}.{end.id}"))
    return params


@pytest.mark.parametrize("param", _parameters())
def test_parameter_is_cited_dated_and_flagged(param: Any) -> None:
    assert isinstance(param.estimate, bool)
    assert param.sources, "every parameter needs at least one source"
    for source in param.sources:
        assert source.title.strip() and source.publisher.strip()
        assert urlsplit(source.url).scheme in ("http", "https")
        assert urlsplit(source.url).netloc
        assert source.accessed <= dt.date.today()
        if source.published is not None:
            assert source.published <= source.accessed
    if isinstance(param, Range):
        assert param.estimate is True
        assert param.lowest_km <= param.km <= param.highest_km


SEED = {
    "pantsir-s1": "claimed-delivered",
    "buk-m2": "claimed-delivered",
    "kalibr-3m14": "floated",
    "oreshnik": "floated",
}


@pytest.mark.parametrize(("system_id", "status"), SEED.items())
def test_seed_systems_carry_their_cited_claim_status(system_id: str, status: str) -> None:
    claim = SCENARIO.status(system_id)
    assert claim is not None and claim.code == status
    assert claim.sources


@pytest.mark.parametrize("system_id", sorted(SEED))
def test_seed_max_range_cites_two_independent_sources_or_says_why(system_id: str) -> None:
    rng = CATALOGUE.systems[system_id].max_range
    publishers = {s.publisher.strip().lower() for s in rng.sources}
    if len(publishers) < 2:
        assert rng.notes and "source" in rng.notes.lower(), "explain in notes why only one source"


def test_sites_are_hypothetical_and_enough() -> None:
    assert len(CATALOGUE.sites) >= 5
    assert all(site.basis == "hypothetical" for site in CATALOGUE.sites.values())


def test_ninety_miles_reference_is_cited_with_two_cited_endpoints() -> None:
    ref = CATALOGUE.references["cuba-key-west"]
    assert ref.reported_mi == 90
    assert len(ref.endpoints) == 2 and all(e.sources for e in ref.endpoints)


def test_default_scenario_uses_all_seed_systems_and_resolves() -> None:
    scenario = load_scenario()
    assert {s.id for s in scenario.systems} >= set(SEED)
    placed = {sid for ids in scenario.site_systems.values() for sid in ids}
    assert placed == {s.id for s in scenario.systems}
    assert scenario.references and scenario.places
