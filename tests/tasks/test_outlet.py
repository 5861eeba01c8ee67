"""Outlet detection from a page's furniture: mastheads, copyright and disclaimers beat cited sources."""

from __future__ import annotations

import pytest

from tasks.boilerplate.outlet import copyright_holder, detect_outlet, outlet_entity_id
from tasks.nlp.gazetteer import Gazetteer, GazetteerEntity


def _outlet(eid: str, name: str, *aliases: str) -> GazetteerEntity:
    return GazetteerEntity(eid, name, "outlet", "ORG", (name, *aliases), None, None)


@pytest.fixture()
def gaz() -> Gazetteer:
    return Gazetteer(
        [
            _outlet("outlet:reuters", "Reuters"),
            _outlet("outlet:daily_planet", "Daily Planet", "The Daily Planet"),
            _outlet("outlet:wire_news", "Wire News"),
            GazetteerEntity("country:russia", "Russia", "country", "GPE", ("Russia",), None, None),
        ]
    )


def test_copyright_line_beats_a_cited_source(gaz: Gazetteer) -> None:
    lines = [
        ("Putin said the talks would go on, Reuters reported on Friday after the meeting in Tokyo.", True),
        ("According to Reuters, the talks were productive and long, with many sides at the table.", True),
        ("© The Daily Planet LLC 2005-2017 About Us Masthead", False),
    ]
    assert detect_outlet(lines, gaz) == "Daily Planet"


def test_only_cited_sources_give_no_outlet(gaz: Gazetteer) -> None:
    lines = [("The ministry denied the claim, according to Reuters and several other agencies in the region.", True)]
    assert detect_outlet(lines, gaz) is None


def test_disclaimer_and_widget_lines_name_the_outlet(gaz: Gazetteer) -> None:
    lines = [
        ("Body text that mentions nothing in particular about any publication at all here.", True),
        ("Views expressed by writers in this section do not reflect Wire News's point-of-view.", False),
    ]
    assert detect_outlet(lines, gaz) == "Wire News"


def test_short_masthead_line_counts(gaz: Gazetteer) -> None:
    assert detect_outlet([("Reuters. Listen here.", True)], gaz) == "Reuters"


def test_unknown_copyright_holder_is_kept_as_written(gaz: Gazetteer) -> None:
    lines = [("Some article text goes here with no outlet.", True), ("Copyright 2019 Acme Media Group Inc.", False)]
    assert detect_outlet(lines, gaz) == "Acme Media Group"
    assert copyright_holder([("no sign here", False)]) is None


def test_no_lines_no_outlet(gaz: Gazetteer) -> None:
    assert detect_outlet([], gaz) is None


def test_outlet_entity_id(gaz: Gazetteer) -> None:
    assert outlet_entity_id("The Daily Planet", gaz) == "outlet:daily_planet"
    assert outlet_entity_id("Russia", gaz) is None  # known, but not an outlet
    assert outlet_entity_id("Acme Media Group", gaz) is None
    assert outlet_entity_id(None, gaz) is None
