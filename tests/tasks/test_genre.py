"""The opinion flag of a document: a title labels its genre at its start or end; a genre word inside it is a topic."""

from __future__ import annotations

import pytest

from tasks.extract.genre import is_opinion
from tasks.nlp.docview import DocView
from tests.tasks.extract_docs import make_doc


@pytest.mark.parametrize(
    ("title", "byline", "opinion"),
    [
        ("Opinion: Russia and the US", None, True),
        ("Op-Ed: Why the talks will fail", None, True),
        ("Why the talks will fail | Commentary", None, True),
        ("Why the talks will fail (Opinion)", None, True),
        ("Why the talks will fail", "By Jane Doe, Columnist", True),
        ("WSJ editorial: 'Deport Nikki Haley.'", None, False),  # news about an editorial
        ("Schlafly's Final Column Explains Why She Sees Reagan-like Qualities In Trump.", None, False),
        ("Clinton camp plans to roll out Washington Post's anti-Sanders editorial.", None, False),
        (None, None, False),
    ],
)
def test_a_title_labels_its_genre_at_its_start_or_end(title: str | None, byline: str | None, opinion: bool) -> None:
    doc = make_doc(
        [("Russia", 1, "nsubj", "PROPN", "NNP"), ("spoke", 0, "ROOT", "VERB", "VBD"), (".", -1, "punct", "PUNCT", ".")]
    )
    assert is_opinion(DocView(doc), [], title=title, byline=byline) is opinion
