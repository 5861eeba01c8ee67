"""Quote-mark pairing: straight, curly, single and multi-paragraph quotes; apostrophes and stray marks."""

from __future__ import annotations

import pytest

from tasks.extract.quotes.marks import find_marked_spans, normalise_marks


def _texts(text: str) -> list[tuple[str, bool]]:
    return [(text[m.start : m.end], m.single) for m in find_marked_spans(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('He said "we will win" and left.', [("we will win", False)]),
        ("He said “we will win” and left.", [("we will win", False)]),
        ("He said «we will win» and left.", [("we will win", False)]),
        ("“One. Two sentences,” he said.", [("One. Two sentences,", False)]),
        ("Rhodes' aides, one another's views, the 90's.", []),
        ("the old 'Assad must go' stance", [("Assad must go", True)]),
        ("“Outer ‘inner words’ here,” he said.", [("Outer ‘inner words’ here,", False)]),
        ("An unbalanced “ mark and a stray ” one", []),
        ('"', []),
        ("", []),
    ],
)
def test_pairs(text: str, expected: list[tuple[str, bool]]) -> None:
    assert _texts(text) == expected


def test_quote_over_two_paragraphs_continues() -> None:
    text = "“The first paragraph goes on\n\n“and the second one ends here,” he said."
    spans = find_marked_spans(text)
    assert [text[m.start : m.end] for m in spans] == ["The first paragraph goes on", "and the second one ends here,"]
    assert spans[0].continued and not spans[0].continues
    assert spans[1].continues


def test_open_mark_at_paragraph_end_without_continuation_is_dropped() -> None:
    text = "He said “this never closes\n\nA new paragraph without marks."
    assert find_marked_spans(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("''We may win,'' he said.", ["We may win,"]),  # NYT: doubled apostrophes for both marks
        ("He said ''this is the 'wrong track.'.''", ["this is the 'wrong track.'."]),
        ("He said ``we may win'' and left.", ["we may win"]),
        ('“Immunity deals are wrong," he said.', ["Immunity deals are wrong,"]),  # mixed curly and straight
        ('"Oz has a pulpit,” said Gorski.', ["Oz has a pulpit,"]),
        ("”Fortunately, he is candid.” ― Beck Pimentel", ["Fortunately, he is candid."]),  # paragraph opened with ”
        ('"They sue," he said.\xa0"Everybody sues."', ["They sue,", "Everybody sues."]),  # after a no-break space
    ],
)
def test_double_mark_variants(text: str, expected: list[str]) -> None:
    assert [text[m.start : m.end] for m in find_marked_spans(text) if not m.single] == expected


def test_doubled_apostrophes_over_two_paragraphs_continue() -> None:
    text = "''The first paragraph goes on\n\n''and the second one ends here,'' he said."
    spans = find_marked_spans(text)
    assert [text[m.start : m.end] for m in spans] == ["The first paragraph goes on", "and the second one ends here,"]
    assert spans[0].continued and spans[1].continues


def test_normalised_copy_keeps_offsets() -> None:
    text = "a ''b'' “c” d's"
    norm = normalise_marks(text)
    assert len(norm) == len(text)
    assert norm == 'a  "b"  "c" d\'s'


def test_a_documents_quote_marks_are_found_once_for_the_resolver_and_the_extractor(monkeypatch) -> None:
    import spacy

    from tasks.extract.quotes import marks, utterances

    calls: list[str] = []
    real = marks.find_marked_spans
    monkeypatch.setattr(marks, "find_marked_spans", lambda text: calls.append(text) or real(text))
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    doc = nlp('Lavrov said: "We will not back down." Kerry disagreed.')
    resolver = utterances.speaker_resolver(doc, [])
    utterances.extract_quotes(doc, [], resolver)
    assert len(calls) == 1
