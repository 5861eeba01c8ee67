"""The author named in an op-ed's closing bio line, when no byline names one."""

from __future__ import annotations

import pytest

from tasks.extract.bio import bio_byline


@pytest.mark.parametrize(
    ("last", "name"),
    [
        ("Cindy Godwin is a retired marketing executive in Tucson and a Public Voices Fellow.", "Cindy Godwin"),
        ("Rudy Giuliani is the former mayor of New York City.", "Rudy Giuliani"),
        ("Aaron Kall is director of debate at the University of Michigan.", "Aaron Kall"),
        ("Hillary Clinton is expected to speak on Monday.", None),  # a news story's last line: a verb, no role
        ("Trump is a candidate.", None),  # one word is no full name
        ("John Gorra.  Staunton Va.", None),
    ],
)
def test_the_closing_bio_line_names_the_author(last: str, name: str | None) -> None:
    assert bio_byline(f"The body of the piece.\n\n{last}") == name
    assert bio_byline(f"{last}\n\nA last paragraph that is no bio line.") is None


def test_an_unsigned_opinion_piece_takes_its_author_from_the_bio_line() -> None:
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    from tasks.extract.context import build_context

    words = ["I", "should", "say", "Russia", "lies", ".", "\n\n", "Jane", "Doe", "is", "a", "writer", "."]
    spaces = [True, True, True, True, False, False, False, True, True, True, True, False, False]
    heads = [2, 2, 2, 4, 2, 2, 5, 8, 9, 9, 11, 9, 9]
    deps = [
        "nsubj",
        "aux",
        "ROOT",
        "nsubj",
        "ccomp",
        "punct",
        "dep",
        "compound",
        "nsubj",
        "ROOT",
        "det",
        "attr",
        "punct",
    ]
    pos = ["PRON", "AUX", "VERB", "PROPN", "VERB", "PUNCT", "SPACE", "PROPN", "PROPN", "AUX", "DET", "NOUN", "PUNCT"]
    doc = Doc(
        Vocab(),
        words=words,
        spaces=spaces,
        heads=heads,
        deps=deps,
        pos=pos,
        sent_starts=[i in (0, 7) for i in range(13)],
    )
    for title, author in (("Opinion: Russia", "author:jane_doe"), ("Russia", "outlet:wire")):
        ctx = build_context("d1", doc, [], [], title=title, byline=None, outlet="Wire")
        assert ctx.author_id == author  # news (no opinion flag) keeps its outlet: a last line about someone is no bio
