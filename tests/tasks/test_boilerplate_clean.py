"""Issue 16: clean articles come through whole; link lists and stray teaser blocks on dumps are dropped.

Hand-made articles and pages only (no evaluation data).
"""

from __future__ import annotations

import numpy as np

from tasks.boilerplate import corpus_stats_from_texts, strip_document
from tasks.boilerplate.clean import (
    HEADLINE_RUN_MIN,
    far_islands,
    headline_runs,
    is_clean_article,
    kept_blocks,
    recurring_kept,
)
from tasks.boilerplate.layout import split_page, stage1_matrix
from tasks.boilerplate.rules import load_lexicon, load_rules
from tasks.offline.boilerplate.site_cv import survival

HEADLINE = "Tulsa Officials Promise Inquiry After Police Shooting"
ARTICLE = [
    "Officials in Tulsa said on Monday that the shooting of an unarmed man by a police officer would be investigated.",
    "The man's family called for calm and asked the city to release all of the video recorded that evening.",
    "Community leaders met the police chief for two hours and said afterwards that they expected answers soon.",
    "The U.S. Department of Justice is investigating the shooting.",
    "“I will just make this promise to you: We will achieve justice in this case,” Tulsa police Chief Chuck Jordan "
    "said Monday. “I want to assure our community that we will be transparent.”",
]
LETTER = [  # an opinion piece: first person, a question, a short closing line
    "Hold the candidates to the same standard.",
    "I have voted in every election since 1972, and I have never seen a campaign like this one.",
    "Why should one candidate's health records be public while the other's tax returns stay secret?",
    "Both of them owe voters the same openness, and the debates are the place to ask for it.",
    "John Gorra.",
    "Staunton, Va.",
]
BRIEF = [  # PerSenT-like: a headline, one-sentence paragraphs, a subhead, a list line
    "Regional Bank Reports Record Profit as Lending Grows",
    "The bank said profit rose 12 percent in the third quarter, helped by strong demand for mortgages.",
    "Its chief executive said the results showed that the bank's strategy was working.",
    "What analysts expect next",
    "Analysts said they expected lending to slow next year as interest rates rise across the region.",
    "Shares of the bank rose 3 percent in morning trading.",
]
NAV = ["Home", "News", "Sports", "Weather", "Sign In", "Subscribe"]
RELATED = [
    "Mayor announces plan to rebuild the old harbour bridge",
    "Local school wins national robotics competition for second year",
    "Storm leaves thousands without power across the county",
    "New bakery opens its doors on Main Street this weekend",
    "City council delays vote on controversial parking fees",
    "High school football team clinches playoff spot with late goal",
    "Residents rally to save historic theatre from demolition",
]


def paragraphs(lines: list[str]) -> str:
    """Join lines as paragraphs (blank line between), as a clean article from an API reads."""
    return "\n\n".join(lines)


def kept_share(text: str) -> float:
    """Share of a text's non-blank characters the stripper keeps."""
    result = strip_document(text)
    lines = [d for d in result.lines if d.label != "blank"]
    return sum(len(d.text) for d in lines if d.kept) / sum(len(d.text) for d in lines)


def page_features(text: str) -> tuple[np.ndarray, list]:
    """Stage-1 features and rule hits of a page (no corpus counts)."""
    return stage1_matrix(split_page(text), None, load_rules(), load_lexicon())


def test_clean_articles_keep_at_least_99_percent_and_the_headline() -> None:
    for lines in ([HEADLINE, *ARTICLE], LETTER, BRIEF):
        text = paragraphs(lines)
        assert kept_share(text) >= 0.99, lines[0]
        result = strip_document(text)
        assert lines[0] in result.clean_text  # the headline stays in the text
        assert result.title == lines[0]


def test_closing_quote_line_is_not_a_footer() -> None:
    result = strip_document(paragraphs([HEADLINE, *ARTICLE]))
    last = next(d for d in result.lines if d.text == ARTICLE[-1])
    assert last.kept and last.label == "body"


def test_clean_article_check_rejects_dumps() -> None:
    dump = "\n".join([*NAV, "", HEADLINE, "", *ARTICLE, "", "Share", "Facebook", "© 2020 Example News"])
    assert not is_clean_article(*page_features(dump))
    assert is_clean_article(*page_features(paragraphs([HEADLINE, *ARTICLE])))
    kept = {d.text for d in strip_document(dump).lines if d.kept}
    assert not kept & {*NAV, "Share", "Facebook", "© 2020 Example News"}


def test_clean_article_still_drops_rule_furniture_and_tail_bio() -> None:
    bio = "Jane Smith is a senior reporter for Example News covering city hall."
    result = strip_document(paragraphs([HEADLINE, *ARTICLE, bio]))
    labels = {d.text: (d.kept, d.label) for d in result.lines}
    assert labels[bio] == (False, "bio")
    assert all(labels[line][0] for line in ARTICLE)


def test_recurring_line_across_documents_is_a_furniture_signal() -> None:
    footer = "Example Daily is an independent newspaper serving readers across the region since 1901."
    towns = ("Northfield", "Southport", "Eastwick")
    docs = [
        paragraphs([f"Story from {town} makes the news", *(f"In {town}, {x[0].lower()}{x[1:]}" for x in ARTICLE[:3])])
        for town in towns
    ]
    with_footer = [doc + "\n\n" + footer for doc in docs]
    stats = corpus_stats_from_texts(with_footer)
    rules, lex = load_rules(), load_lexicon()
    assert is_clean_article(*stage1_matrix(split_page(with_footer[0]), stats, rules, lex))  # one signal is allowed
    nav = with_footer[0] + "\n\nMenu"  # the recurring footer plus a nav line: two signals, not a clean article
    assert not is_clean_article(*stage1_matrix(split_page(nav), stats, rules, lex))
    assert is_clean_article(*stage1_matrix(split_page(nav), None, rules, lex))  # without counts: one signal


def test_survival_report_counts_characters_and_documents() -> None:
    texts = [paragraphs([HEADLINE, *ARTICLE]), paragraphs(LETTER), "\n".join([*NAV, *ARTICLE[:1]])]
    s = survival(texts, strip_document)
    assert s["n_docs"] == 3
    assert s["docs_below_99"] >= 1  # the dump loses its nav lines
    assert 0.8 < s["chars_kept"] < 1.0


def test_headline_list_run_is_dropped_but_short_lists_stay() -> None:
    dump = "\n".join([*NAV, "", HEADLINE, "", *ARTICLE[:3], "", "More stories", *RELATED, "", "© 2020 Example"])
    result = strip_document(dump)
    kept = {d.text for d in result.lines if d.kept}
    assert set(ARTICLE[:3]) <= kept
    assert not kept & set(RELATED)
    texts = split_page(dump).stripped
    x1, _ = page_features(dump)
    run = headline_runs(texts, x1)
    assert [texts[i] for i in run] == RELATED
    short = "\n".join(RELATED[: HEADLINE_RUN_MIN - 1])
    assert headline_runs(split_page(short).stripped, page_features(short)[0]) == []


def test_far_islands_drop_small_low_score_blocks_only() -> None:
    keep = [True] * 6 + [False] * 4 + [True] + [False] * 4 + [True] * 2
    sizes = np.array([300.0] * 6 + [0.0] * 4 + [80.0] + [0.0] * 4 + [400.0, 400.0])
    low = np.full(len(keep), 0.6)
    idx, starts = kept_blocks(np.array(keep))
    assert starts.tolist() == [0, 6, 7] and idx.tolist() == [0, 1, 2, 3, 4, 5, 10, 15, 16]
    assert far_islands(keep, sizes, low) == [10]  # the one-line block; the 800-char block is not small
    assert far_islands(keep, sizes, np.full(len(keep), 0.9)) == []  # confidently scored: kept
    assert far_islands([True, False, True], np.array([1.0, 1.0, 1.0]), low) == []  # a gap of one is one block


def test_site_blurb_recurring_in_the_corpus_is_dropped_but_a_syndicated_story_is_kept() -> None:
    blurb = "Example Corp is a global provider of hospital software and employs around 1,300 people worldwide."
    towns = ("Northfield", "Southport", "Eastwick")
    bodies = [[f"In {town}, {x[0].lower()}{x[1:]}" for x in ARTICLE] for town in towns]
    dumps = [paragraphs([*b, blurb]) for b in bodies]
    rules, lex = load_rules(), load_lexicon()
    x1, _ = stage1_matrix(split_page(dumps[0]), corpus_stats_from_texts(dumps), rules, lex)
    everything = [True] * len(x1)
    assert recurring_kept(everything, x1) == [len(ARTICLE)]  # the blurb, the last line
    x1_alone, _ = stage1_matrix(split_page(dumps[0]), None, rules, lex)
    assert recurring_kept(everything, x1_alone) == []  # without corpus counts nothing says it recurs
    # the same wire story on two sites: its body recurs as a whole and is kept, by this check and end to end
    wire = ["\n".join([*NAV[:k], "", HEADLINE, "", *ARTICLE, "", f"© 2020 Site {k}"]) for k in (3, 5)]
    stats = corpus_stats_from_texts(wire)
    x1_wire, _ = stage1_matrix(split_page(wire[0]), stats, rules, lex)
    assert recurring_kept([True] * len(x1_wire), x1_wire) == []
    kept_wire = {d.text for d in strip_document(wire[0], stats).lines if d.kept}
    assert set(ARTICLE[:3]) <= kept_wire


def test_a_numbered_reference_after_a_clean_article_is_dropped() -> None:
    text = paragraphs([HEADLINE, *ARTICLE, "Document reference 180."])
    result = strip_document(text)
    assert "Document reference" not in result.clean_text and ARTICLE[-1] in result.clean_text
