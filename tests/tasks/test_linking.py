"""Mention linking on hand-built candidates (no model): methods, cleaning, metonymy, votes, corpus ids."""

from __future__ import annotations

import pytest

from tasks.extract.linking import Candidate, Link, corpus_entity_id, link_mentions, merge_corpus_entities, salience
from tasks.extract.linking.spans import clean_span
from tasks.nlp.gazetteer import load_gazetteer

GAZ = load_gazetteer()


def cand(
    text: str,
    span: str,
    label: str,
    nth: int = 0,
    *,
    ruler: str | None = None,
    dep: str = "",
    lemma: str = "",
) -> Candidate:
    """Candidate for the nth occurrence of `span` in `text`, with the context fields the linker reads."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(span, start + 1)
    end = start + len(span)
    return Candidate(
        span, label, start, end, 0, ruler, text[max(0, start - 40) : start], text[end : end + 40], dep, lemma
    )


def by_text(links: list[Link]) -> dict[str, Link]:
    return {lk.text: lk for lk in links}


def test_links_slice_text_and_ruler_ids_are_kept() -> None:
    text = "Putin met Sergei Lavrov."
    links = link_mentions(
        [cand(text, "Putin", "PERSON", ruler="person:vladimir_putin"), cand(text, "Sergei Lavrov", "PERSON")],
        text,
        GAZ,
    )
    assert [(lk.entity_id, lk.link_method) for lk in links] == [
        ("person:vladimir_putin", "ruler"),
        ("person:sergey_lavrov", "alias"),
    ]
    assert all(text[lk.start_char : lk.end_char] == lk.text for lk in links)


def test_folded_and_fuzzy_matches() -> None:
    text = "SERGEY LAVROV spoke; later Larvov and Lavorv added."
    links = by_text(
        link_mentions(
            [
                cand(text, "SERGEY LAVROV", "PERSON"),
                cand(text, "Larvov", "PERSON"),
                cand(text, "Lavorv", "ORG"),
            ],
            text,
            GAZ,
        )
    )
    assert links["SERGEY LAVROV"].link_method == "folded"
    assert links["Larvov"].entity_id == "person:sergey_lavrov" and links["Larvov"].link_method == "fuzzy"
    assert links["Lavorv"].entity_id == "person:sergey_lavrov" and links["Lavorv"].label == "PERSON"


def test_fuzzy_ignores_short_names_and_short_substitutions() -> None:
    text = "Putn spoke. Boston said."
    links = link_mentions([cand(text, "Putn", "PERSON"), cand(text, "Boston", "PERSON")], text, GAZ)
    assert [(lk.entity_id, lk.link_method) for lk in links] == [
        ("person:putn", "corpus"),
        ("person:boston", "corpus"),
    ]


def test_span_cleaning_brackets_possessive_the_newline_title() -> None:
    text = "[Foreign Minister Sergei] Larvov and the Assad’s men.\nNav\n\nKeith Preston: President Obama's aide"
    links = link_mentions(
        [
            cand(text, "Sergei] Larvov", "PERSON"),
            cand(text, "the Assad’s", "PERSON"),
            cand(text, "Nav\n\nKeith Preston", "ORG"),
            cand(text, "President Obama's", "PERSON"),
        ],
        text,
        GAZ,
    )
    assert [lk.text for lk in links] == ["Larvov", "Assad", "Keith Preston", "Obama"]
    assert links[-1].entity_id == "person:barack_obama"
    assert all("\n" not in lk.text and "]" not in lk.text for lk in links)
    assert clean_span("@handle x", 0, 7) is None


def test_surname_links_to_full_name_in_document() -> None:
    text = "Analyst Jane Doerfler spoke. Doerfler said more; Mr. Doerfler left."
    links = link_mentions(
        [
            cand(text, "Jane Doerfler", "PERSON"),
            cand(text, "Doerfler", "ORG", 1),
            cand(text, "Doerfler", "PERSON", 2),
        ],
        text,
        GAZ,
    )
    assert {lk.entity_id for lk in links} == {"person:jane_doerfler"}
    assert [lk.link_method for lk in links] == ["corpus", "surname", "surname"]
    assert {lk.label for lk in links} == {"PERSON"}


def test_metonymy_capital_acting_vs_location() -> None:
    text = "Moscow warned Kiev. Putin spoke in Moscow. Washington would isolate Moscow and Damascus."
    cands = [
        cand(text, "Moscow", "GPE", 0, dep="nsubj", lemma="warn"),
        cand(text, "Moscow", "GPE", 1, dep="pobj", lemma="in"),
        cand(text, "Washington", "GPE", dep="nsubj", lemma="isolate"),
        cand(text, "Moscow", "GPE", 2, dep="dobj", lemma="isolate"),
        cand(text, "Damascus", "GPE", dep="conj", lemma="Moscow"),
    ]
    ids = [lk.entity_id for lk in link_mentions(cands, text, GAZ)]
    assert ids == ["gov:russia", "city:moscow", "gov:united_states", "gov:russia", "gov:syria"]


def test_kremlin_and_assad_regime_are_governments_not_persons() -> None:
    text = "The Kremlin said the Assad regime and Bashar al-Assad differ from the Syrian government."
    links = by_text(
        link_mentions(
            [
                cand(text, "Kremlin", "ORG", dep="nsubj", lemma="say"),
                cand(text, "Assad", "PERSON"),
                cand(text, "Bashar al-Assad", "PERSON"),
                cand(text, "Syrian", "NORP"),
            ],
            text,
            GAZ,
        )
    )
    assert links["Kremlin"].entity_id == "gov:russia" and links["Kremlin"].link_method == "metonymy"
    assert links["Assad regime"].entity_id == "gov:syria"
    assert links["Bashar al-Assad"].entity_id == "person:bashar_al_assad"
    assert links["Syrian government"].entity_id == "gov:syria"


def test_demonyms_link_to_country() -> None:
    text = "Russian jets and Syrians; the Kazakh capital."
    links = link_mentions(
        [cand(text, "Russian", "NORP"), cand(text, "Syrians", "NORP"), cand(text, "Kazakh", "ORG")], text, GAZ
    )
    assert [(lk.entity_id, lk.link_method) for lk in links] == [
        ("country:russia", "demonym"),
        ("country:syria", "demonym"),
        ("country:kazakhstan", "demonym"),
    ]
    assert links[2].label == "NORP"


def test_one_label_per_entity_by_vote_and_numeric_spans_dropped() -> None:
    text = "Hollande spoke. Hollande left. Hollande won on 6 December."
    cands = [
        cand(text, "Hollande", "ORG", 0),
        cand(text, "Hollande", "PERSON", 1),
        cand(text, "Hollande", "ORG", 2),
        cand(text, "6 December", "DATE"),
    ]
    links = link_mentions(cands, text, GAZ)
    assert len(links) == 3 and {lk.label for lk in links} == {"PERSON"}  # gazetteer names vote with its label
    text2 = "Zorblat Inc grew. Zorblat Inc said. Zorblat Inc fell."
    labels = {
        lk.label
        for lk in link_mentions(
            [cand(text2, "Zorblat Inc", lab, i) for i, lab in enumerate(["ORG", "PERSON", "ORG"])], text2, GAZ
        )
    }
    assert labels == {"ORG"}


def test_never_raises_on_bad_offsets() -> None:
    text = "Short."
    bad = Candidate("x", "PERSON", 3, 99, 0, "no:such", "", "", "", "")
    assert link_mentions([bad], text, GAZ) == []


def test_corpus_ids_and_merges() -> None:
    assert corpus_entity_id("Barack Obama", "person") == "person:barack_obama"
    assert corpus_entity_id("Mr. Keith Préston", "person") == "person:keith_preston"
    merged = merge_corpus_entities(
        [
            ("person:obama", "Obama", "person"),
            ("person:barack_obama", "Barack Obama", "person"),
            ("org:keith_preston", "Keith Preston", "org"),
            ("person:keith_preston", "Keith Preston", "person"),
            ("person:smith", "Smith", "person"),
            ("person:john_smith", "John Smith", "person"),
            ("person:anna_smith", "Anna Smith", "person"),
        ]
    )
    assert merged["person:obama"] == "person:barack_obama"
    assert merged["org:keith_preston"] == "person:keith_preston"
    assert "person:smith" not in merged  # two Smiths: ambiguous, unchanged


@pytest.mark.parametrize(("offsets", "expect_more_than"), [([5], [500]), ([5, 600, 900], [5])])
def test_salience_bounds_and_order(offsets: list[int], expect_more_than: list[int]) -> None:
    high, low = salience(offsets, 2000, 40), salience(expect_more_than, 2000, 40)
    assert 0.0 <= low < high <= 1.0
    assert salience([], 100, 10) == 0.0


def test_metonymy_after_to_and_next_to_an_actor() -> None:
    text = "In a snub to Washington, the US and Moscow met; a trip to Moscow followed."
    cands = [
        cand(text, "Washington", "GPE", dep="pobj", lemma="to"),
        cand(text, "US", "GPE", ruler="country:united_states", dep="nsubj", lemma="meet"),
        cand(text, "Moscow", "GPE", 0, dep="conj", lemma="US"),
        cand(text, "Moscow", "GPE", 1, dep="pobj", lemma="to"),
    ]
    ids = [lk.entity_id for lk in link_mentions(cands, text, GAZ)]
    assert ids == ["gov:united_states", "country:united_states", "gov:russia", "city:moscow"]


def test_datelines_modifiers_and_place_of_stay_places() -> None:
    text = "BERLIN -- Talks resumed. The London side won. The streets of Moscow and the isolation of Damascus."
    cands = [
        cand(text, "BERLIN", "GPE", dep="nsubj", lemma="resume"),
        cand(text, "London", "GPE", dep="compound", lemma="side"),
        cand(text, "Moscow", "GPE", dep="pobj", lemma="of"),
        cand(text, "Damascus", "GPE", dep="pobj", lemma="of"),
    ]
    ids = [lk.entity_id for lk in link_mentions(cands, text, GAZ)]
    assert ids == ["city:berlin", "city:london", "city:moscow", "gov:syria"]


def test_office_word_inside_a_title_is_not_an_entity() -> None:
    text = "Secretary of State John Kerry and the State of Israel."
    links = link_mentions([cand(text, "State", "ORG", 0), cand(text, "John Kerry", "PERSON")], text, GAZ)
    assert [lk.text for lk in links] == ["John Kerry"]


def test_candidates_from_a_hand_built_doc() -> None:
    import spacy
    from spacy.tokens import Span

    from tasks.extract.linking import candidates_from_doc

    nlp = spacy.blank("en")
    doc = nlp("Rhodes said Moscow erred. Then Putin left.")
    doc.ents = [
        Span(doc, 0, 1, label="PERSON"),
        Span(doc, 2, 3, label="GPE", span_id="city:moscow"),
        Span(doc, 6, 7, label="PERSON"),
    ]
    cands = candidates_from_doc(doc, offset=10)
    assert [(c.text, c.start_char, c.ruler_id) for c in cands] == [
        ("Rhodes", 10, None),
        ("Moscow", 22, "city:moscow"),
        ("Putin", 41, None),
    ]
    assert cands[1].prev_text == "Rhodes said " and cands[1].next_text.startswith(" erred")
    assert cands[0].head_dep == ""  # unparsed doc


def test_weak_alias_needs_a_compatible_label() -> None:
    text = "Jordan scored. Jordan said Chicago and Chicago won."
    cands = [
        cand(text, "Jordan", "PERSON", 0),
        cand(text, "Jordan", "GPE", 1),
        cand(text, "Chicago", "GPE", 0),
        cand(text, "Chicago", "ORG", 1),
    ]
    links = link_mentions(cands, text, GAZ)
    assert [lk.entity_id for lk in links][1:3] == ["country:jordan", "city:chicago"]
    assert links[0].entity_id != "country:jordan" and links[3].entity_id != "city:chicago"


@pytest.mark.parametrize(
    ("span", "label", "expected"),
    [
        ("Hartford 4 BOSTON 2", "ORG", ["Hartford", "BOSTON"]),
        ("Greg Blewett 57", "PERSON", ["Greg Blewett"]),
        ("Goalkeepers - Bogdan Stelea", "PERSON", ["Bogdan Stelea"]),
        ("Defender Hassan Abbas", "PERSON", ["Hassan Abbas"]),
        ("US-led", "GPE", ["US"]),
        ("pro-Assad", "NORP", ["Assad"]),
        ("Super Bowl 50", "EVENT", ["Super Bowl 50"]),
    ],
)
def test_span_pieces(span: str, label: str, expected: list[str]) -> None:
    text = f"Before {span} after."
    links = link_mentions([cand(text, span, label)], text, GAZ)
    assert [lk.text for lk in links] == expected


def test_seats_of_power_stand_for_their_institution() -> None:
    text = "Brussels demanded more. Capitol Hill balked. Protests in Brussels grew."
    cands = [
        cand(text, "Brussels", "GPE", 0, dep="nsubj", lemma="demand"),
        cand(text, "Capitol Hill", "FAC", dep="nsubj", lemma="balk"),
        cand(text, "Brussels", "GPE", 1, dep="pobj", lemma="in"),
    ]
    ids = [lk.entity_id for lk in link_mentions(cands, text, GAZ)]
    assert ids == ["io:european_union", "org:us_congress", "city:brussels"]


def test_a_pair_of_known_names_in_one_span_is_split() -> None:
    text = "Strikes on Nusra and Daesh; Johnson and Johnson sells."
    links = link_mentions([cand(text, "Nusra and Daesh", "ORG"), cand(text, "Johnson and Johnson", "ORG")], text, GAZ)
    assert [(lk.text, lk.entity_id) for lk in links][:2] == [
        ("Nusra", "org:jabhat_fateh_al_sham"),
        ("Daesh", "org:isis"),
    ]
    assert links[2].text == "Johnson and Johnson"


def test_ruler_names_are_not_split_at_numbers() -> None:
    text = "France 24 and the Group of 20 reported."
    links = link_mentions(
        [
            cand(text, "France 24", "ORG", ruler="outlet:france_24"),
            cand(text, "Group of 20", "ORG", ruler="io:g20"),
        ],
        text,
        GAZ,
    )
    assert [(lk.text, lk.entity_id) for lk in links] == [("France 24", "outlet:france_24"), ("Group of 20", "io:g20")]


def test_corpus_merge_uses_mention_counts_when_given() -> None:
    merged = merge_corpus_entities(
        [("org:instagram", "Instagram", "org", 9), ("person:instagram", "Instagram", "person", 1)]
    )
    assert merged == {"person:instagram": "org:instagram"}
    assert merge_corpus_entities([("org:acme", "Acme", "org"), ("person:acme", "Acme", "person")]) == {
        "org:acme": "person:acme"
    }


def test_a_bare_surname_shared_by_several_named_people_goes_to_the_first_named_unless_another_dominates() -> None:
    def last_id(text: str, names: list[str]) -> str | None:
        cands = [cand(text, n, "PERSON", i) for n, i in _occurrences(text, names)]
        return link_mentions(cands, text, GAZ)[-1].entity_id

    text = "Hillary Clinton spoke. Bill Clinton smiled. Bill Clinton left. Clinton thanked him."
    assert last_id(text, ["Hillary Clinton", "Bill Clinton", "Clinton"]) == "person:hillary_clinton"
    text = "Hillary Clinton spoke. Bill Clinton smiled. Bill Clinton left. Bill Clinton won. Clinton thanked him."
    assert last_id(text, ["Hillary Clinton", "Bill Clinton", "Clinton"]) == "person:bill_clinton"  # 3 > 2 x 1
    text = "Will Sanders win? Bernie Sanders spoke. Sanders left."  # a parser's name: no rival to a known one
    assert last_id(text, ["Will Sanders", "Bernie Sanders", "Sanders"]) == "person:bernie_sanders"


def _occurrences(text: str, names: list[str]) -> list[tuple[str, int]]:
    """(name, nth) of every whole-name occurrence of `names` in `text`, in text order (longest name first)."""
    found: list[tuple[int, str, int]] = []
    taken: list[tuple[int, int]] = []
    for name in sorted(names, key=len, reverse=True):
        start, nth = -1, 0
        while (start := text.find(name, start + 1)) >= 0:
            if not any(a <= start < b for a, b in taken):
                found.append((start, name, nth))
                taken.append((start, start + len(name)))
            nth += 1
    return [(name, nth) for _, name, nth in sorted(found)]


def test_a_nationality_word_standing_alone_is_the_surname_of_a_person_named_so() -> None:
    text = "Mark Cuban spoke. Cuban said Cuban officials agreed."
    cands = [
        cand(text, "Mark Cuban", "PERSON"),
        cand(text, "Cuban", "NORP", 1, dep="nsubj", lemma="say"),
        cand(text, "Cuban", "NORP", 2, dep="amod", lemma="official"),
    ]
    ids = [lk.entity_id for lk in link_mentions(cands, text, GAZ)]
    assert ids == ["person:mark_cuban", "person:mark_cuban", "country:cuba"]
    alone = "Cuban said Cuban officials agreed."  # no person of that name: a nationality word
    cands = [cand(alone, "Cuban", "NORP", 0, dep="nsubj", lemma="say")]
    assert [lk.entity_id for lk in link_mentions(cands, alone, GAZ)] == ["country:cuba"]


def test_a_bare_surname_is_not_merged_into_a_corpus_name_a_known_person_shares() -> None:
    names = [("person:clinton", "Clinton", "person"), ("person:chelsea_clinton", "Chelsea Clinton", "person")]
    assert merge_corpus_entities(names) == {"person:clinton": "person:chelsea_clinton"}
    assert merge_corpus_entities(names, ["person:hillary_clinton"]) == {}


def test_a_full_name_with_an_unknown_title_word_is_the_person_named_without_it() -> None:
    text = "Miss Universe Alicia Machado spoke. Alicia Machado said Machado would vote."
    cands = [
        cand(text, n, "PERSON", i)
        for n, i in _occurrences(text, ["Miss Universe Alicia Machado", "Alicia Machado", "Machado"])
    ]
    links = link_mentions(cands, text, GAZ)
    assert {lk.entity_id for lk in links} == {"person:alicia_machado"}
    assert {lk.canonical_name for lk in links} == {"Alicia Machado"}


def test_a_bare_surname_may_name_a_person_the_parser_called_an_organisation_or_a_weak_alias_named_else() -> None:
    text = "Carly Fiorina ran. Fiorina spoke. Fiorina left. Her husband Frank Fiorina smiled."
    cands = [
        cand(text, "Carly Fiorina", "ORG"),  # spaCy's label for a full name it did not know
        cand(text, "Fiorina", "ORG", 1),
        cand(text, "Fiorina", "PERSON", 2),
        cand(text, "Frank Fiorina", "PERSON"),
    ]
    links = link_mentions(cands, text, GAZ)  # the bare mentions, now a person's, outvote the parser's ORG
    assert [lk.entity_id for lk in links][:3] == ["person:carly_fiorina"] * 3
    text = "Mayor Don Guardian spoke. Clinton sided with Guardian."  # The Guardian's weak alias
    cands = [cand(text, "Don Guardian", "PERSON"), cand(text, "Guardian", "ORG", 1)]
    assert [lk.entity_id for lk in link_mentions(cands, text, GAZ)] == ["person:don_guardian"] * 2
    text = "The Guardian reported. Guardian editors spoke."  # no person of that name: the newspaper
    assert link_mentions([cand(text, "Guardian", "ORG", 1)], text, GAZ)[0].entity_id == "outlet:guardian"
