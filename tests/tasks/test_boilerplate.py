"""Unit tests of the boilerplate stripper on hand-built pages (no spaCy model, no evaluation data)."""

from __future__ import annotations

import json

import numpy as np
import pytest

from tasks.boilerplate import CorpusStats, corpus_stats_from_texts, kept_text, line_key, strip_document
from tasks.boilerplate.comments import comment_cues, markerless_switch
from tasks.boilerplate.features import title_glue
from tasks.boilerplate.keys import line_hash
from tasks.boilerplate.layout import split_page, stage1_matrix
from tasks.boilerplate.rules import load_lexicon, load_rules
from tasks.boilerplate.scorer import load_weights
from tasks.boilerplate.strip import EMPTY_PAGE_MIN_SCORE, _decide
from tasks.offline.boilerplate.evaluate import (
    format_boilerplate_report,
    gold_headline,
    run_boilerplate_eval,
    title_accuracy,
)
from tasks.offline.boilerplate.metric import aggregate, score_page, shingles

BODY = [
    "The city council voted on Tuesday to approve a new budget that raises spending on schools and roads.",
    "Officials said the plan would be paid for by a small increase in property taxes over the next two years.",
    "Critics of the measure argued that the council had not done enough to consult residents before the vote.",
    "The mayor said she expected the first projects to begin in the spring, once contracts had been signed.",
    "A final review of the budget is scheduled for next month, when members will also discuss the transit plan.",
]
OTHER_BODY = [
    "Der Stadtrat hat am Dienstag einen neuen Haushalt beschlossen, der mehr Geld für Schulen vorsieht.",
    "Die Opposition kritisierte, dass die Bürger vor der Abstimmung nicht ausreichend gehört worden seien.",
    "Die Bürgermeisterin erwartet, dass die ersten Projekte im Frühjahr beginnen, sobald die Verträge stehen.",
]
NAV = ["Home", "News", "Sports", "Weather", "Sign In", "Subscribe"]


def page(*blocks: list[str]) -> str:
    """Join blocks of lines: lines inside a block by one newline, blocks by a blank line."""
    return "\n\n".join("\n".join(b) for b in blocks)


def test_contract_offsets_and_clean_text_are_consistent() -> None:
    raw = page(NAV, ["Council Approves New Budget"], ["   " + BODY[0] + "  "], BODY[1:], ["Share", "Leave a Reply"])
    result = strip_document(raw)
    assert [d.line_no for d in result.lines] == list(range(len(raw.split("\n"))))
    for d in result.lines:
        assert raw[d.start_char : d.end_char] == d.text
        if d.kept:
            assert d.clean_start is not None
            assert result.clean_text[d.clean_start : d.clean_start + len(d.text)] == d.text
            assert d.label == "body"
        else:
            assert d.clean_start is None
    kept = [d.text for d in result.lines if d.kept]
    assert result.clean_text == "\n\n".join(kept)
    assert kept_text(raw) == result.clean_text


def test_body_kept_and_furniture_dropped() -> None:
    raw = page(
        NAV,
        ["Council Approves New Budget"],
        ["By Jane Smith", "Published: March 3, 2020 10:15 AM"],
        BODY,
        ["Share this article", "Facebook", "Twitter", "© 2020 Example News LLC. All rights reserved."],
    )
    result = strip_document(raw)
    kept = {d.text for d in result.lines if d.kept}
    assert set(BODY) <= kept
    labels = {d.text: d.label for d in result.lines}
    assert labels["© 2020 Example News LLC. All rights reserved."] == "footer"
    assert labels["Share this article"] == "share"
    assert not kept & set(NAV)
    assert result.byline == "Jane Smith"
    assert result.title == "Council Approves New Budget"


@pytest.mark.parametrize(
    "raw",
    ["", "\n", "\n\n\n", "   ", "x", "\x00\ufeff", "🙂" * 50, "a\rb\r\nc", "\n".join(["?"] * 300), "…" * 5000],
)
def test_never_raises_and_audits_every_line(raw: str) -> None:
    result = strip_document(raw)
    assert len(result.lines) == len(raw.split("\n"))
    for d in result.lines:
        assert raw[d.start_char : d.end_char] == d.text


def test_line_key_normalises_case_digits_and_spaces() -> None:
    assert line_key("  Posted  ON 12 March   2019 ") == line_key("posted on 3 march 2020")
    assert line_key("Share") != line_key("Shares")
    assert line_key("") == ""


def test_corpus_counts_recurring_lines_and_use_them() -> None:
    footer = "Example Daily is an independent newspaper serving readers across the region since 1901."
    # four different stories (copies of one story would count once): the body lines name each story's town
    towns = ("Northfield", "Southport", "Eastwick", "Westbury")
    bodies = [[f"In {town}, {line[0].lower()}{line[1:]}" for line in BODY] for town in towns]
    docs = [page([f"Story number {i} about the region."], body, [footer]) for i, body in enumerate(bodies)]
    stats = corpus_stats_from_texts(docs)
    assert stats.n_docs == 4
    assert stats.doc_freq(footer) == 4 and stats.line_doc_freq[line_hash(footer)] == 4
    assert all(c >= 2 for c in stats.line_doc_freq.values())
    with_stats = strip_document(docs[0], stats)
    assert footer not in {d.text for d in with_stats.lines if d.kept}
    single = strip_document(docs[0], CorpusStats(line_doc_freq={}, n_docs=1))
    assert set(bodies[0]) <= {d.text for d in single.lines if d.kept}


def test_comment_marker_drops_everything_after_it() -> None:
    comments = [
        "I completely disagree with this article and the council is wasting our money again.",
        "Great reporting, thanks for covering the meeting so quickly and so thoroughly today.",
    ]
    raw = page(BODY, ["3 Comments"], ["John D.", "2 hours ago"], [comments[0]], ["Reply"], [comments[1]])
    result = strip_document(raw)
    kept = [d.text for d in result.lines if d.kept]
    assert kept == BODY
    assert {d.label for d in result.lines if d.text in comments} == {"comment"}


def test_markerless_switch_finds_comment_register() -> None:
    lex = load_lexicon()
    comments = [
        "What a joke? You people never learn anything, do you?",
        "Not totally true. The council did hold two hearings.",
        "No, I don't buy it. More spin.",
        "Exactly my point, lol.",
    ]
    assert markerless_switch(BODY + comments, lex) == len(BODY)
    assert markerless_switch(BODY, lex) is None
    assert comment_cues("I think you are wrong?", lex) >= {"person", "question"}
    assert comment_cues('"I am thrilled," the mayor said in a statement on Tuesday.', lex) == frozenset()


def test_first_person_journalism_is_not_a_comment_section() -> None:
    lex = load_lexicon()
    first_person = [
        "I changed my own profile several weeks ago and watched the numbers for a month afterwards.",
        "I learned that over a dozen people had looked at it even though I had not posted anything.",
        "My colleagues found the same pattern when they tried the feature on their own accounts.",
    ]
    assert markerless_switch(BODY + first_person, lex) is None


def test_title_glue_spots_teasers_but_not_brand_names() -> None:
    lex = load_lexicon()
    assert title_glue("Tape Gaffe Ends Hamlin's Title RunDenny Hamlin's run was foiled by the tape.", lex)
    assert not title_glue("The Nintendo Switch Lite and PlayStation 4 Pro are on sale now at many stores.", lex)
    assert not title_glue("Apple said the new iPhone will ship in March with YouTube support.", lex)


def test_title_glue_spares_camel_case_names_the_page_uses_elsewhere() -> None:
    lex = load_lexicon()
    line = "(Wire) — The State Attorney General is investigating ZapTrack, according to two people on Monday."
    alone = "The company said ZapTrack had not been contacted by the attorney general before the inquiry."
    assert title_glue(line, lex)
    assert title_glue(line, lex, line)
    assert not title_glue(line, lex, "\n".join([line, alone]))
    assert title_glue(line, lex, "\n".join([line, line]))  # the same teaser twice is still a teaser


@pytest.mark.parametrize(
    ("line", "label"),
    [
        ("Leave a Reply", "comment"),
        ("show comments", "comment"),
        ("Get short URL", "share"),
        ("Comment via FacebookComment via Sputnik", "share"),
        ("Read Mode", "nav"),
        ("100% Font Size", "nav"),
        ("4 min read", "nav"),
        ("Disclaimer: Views expressed by writers in this section are their own.", "disclaimer"),
        ("China has warned it will act (Image: GETTY )", "caption"),
        ("READ MORE: Plague outbreak confirmed in Beijing", "related"),
    ],
)
def test_furniture_rules_fire(line: str, label: str) -> None:
    rule = load_rules().first_match(line, len(line.split()))
    assert rule is not None and rule.label == label


@pytest.mark.parametrize("line", [BODY[0], "Share prices rose sharply on Monday after the central bank cut rates."])
def test_furniture_rules_spare_prose(line: str) -> None:
    assert load_rules().first_match(line, len(line.split())) is None


def test_prose_next_to_body_is_rescued() -> None:
    first = (
        "Since the attacks on Friday evening, officials have repeatedly said they want a broad coalition of nations."
    )
    raw = "\n".join([first, *BODY])
    kept = {d.text for d in strip_document(raw).lines if d.kept}
    assert first in kept


def test_metric_matches_definition() -> None:
    assert sum(shingles("a b c d e").values()) == 2
    perfect = score_page("one two three four five", "one two three four five")
    assert (perfect.tp, perfect.fp, perfect.fn) == (2, 0, 0)
    half = score_page("one two three four", "one two three four five six seven")
    assert (half.tp, half.fp, half.fn) == (1, 0, 3)
    agg = aggregate([perfect, half])
    assert agg["precision"] == 1.0 and agg["recall"] == pytest.approx((1.0 + 0.25) / 2)


def test_run_boilerplate_eval_writes_predictions(tmp_path) -> None:
    cases = tmp_path / "cases.jsonl"
    rows = [
        {
            "id": "a",
            "lang": "en",
            "raw_text": page(NAV, *([x] for x in BODY), ["Leave a Reply"]),
            "gold_text": "\n\n".join(BODY),
        },
        {
            "id": "b",
            "lang": "de",
            "raw_text": page(NAV, *([x] for x in OTHER_BODY)),
            "gold_text": "\n\n".join(OTHER_BODY),
        },
    ]
    cases.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    out = tmp_path / "out" / "pred.jsonl"
    metrics = run_boilerplate_eval(cases, out)
    preds = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [p["id"] for p in preds] == ["a", "b"]
    assert metrics["en"]["n_pages"] == 1 and metrics["overall"]["n_pages"] == 2
    assert metrics["en"]["recall"] > 0.9
    report = format_boilerplate_report(metrics)
    assert 'lang == "en"' in report and "comment" in report


def test_author_bio_is_dropped_at_the_tail_but_not_inside_the_article() -> None:
    bio = "Jane Smith is a senior reporter for Example News covering city hall."
    tail = strip_document(page(*([x] for x in BODY), [bio]))
    assert {d.text: d.label for d in tail.lines}[bio] == "bio"
    assert bio not in {d.text for d in tail.lines if d.kept}
    inside = strip_document(page(*([x] for x in BODY[:2]), [bio], *([x] for x in BODY[2:])))
    assert not any(d.reason == "pattern:author_bio" for d in inside.lines)


def test_all_caps_teaser_shape() -> None:
    import numpy as np

    from tasks.boilerplate.features import SHAPE_FEATURES, page_shape

    texts = ["TAYLOR SWIFT CLEARED TO PERFORM HITS AT AMAS AMID FEUD", "US FALLS", BODY[0]]
    x = page_shape(texts, np.array([len(t.split()) for t in texts], dtype=float), [None] * 3, load_lexicon())
    col = x[:, SHAPE_FEATURES.index("all_caps_long")]
    assert col.tolist() == [1.0, 0.0, 0.0]


def test_page_line_keys_match_line_key() -> None:
    from tasks.boilerplate.keys import page_line_keys

    lines = ["Posted  ON 12 March", "ÉCOLE  Straße 3", "a\tb  c", "x" * 300, "Straße"]
    assert page_line_keys(lines) == [line_key(x) for x in lines]


def test_byline_with_date_is_split_into_byline_and_published() -> None:
    raw = page(["Council Approves New Budget"], ["By Tess Bonn - 11/19/19 06:56 AM"], *([x] for x in BODY))
    result = strip_document(raw)
    assert result.byline == "Tess Bonn"
    assert result.published == "11/19/19 06:56 AM"


def test_sandwiched_short_line_dropped_on_score_is_kept() -> None:
    import numpy as np

    from tasks.boilerplate.layout import STAGE1_FEATURES
    from tasks.boilerplate.strip import _rescue_sandwiched

    x1 = np.zeros((5, len(STAGE1_FEATURES)))
    x1[:, STAGE1_FEATURES.index("log_words")] = np.log1p([20, 3, 20, 1, 20])
    keep = [True, False, True, False, True]
    reasons = ["score=0.9", "score=0.3", "score=0.9", "score=0.2", "score=0.9"]
    _rescue_sandwiched(x1, keep, reasons)
    assert keep == [True, True, True, False, True]
    assert reasons[1].endswith("rescued:between_body")
    keep2 = [True, False, True]
    _rescue_sandwiched(x1[:3], keep2, ["score=0.9", "pattern:site_nav", "score=0.9"])
    assert keep2 == [True, False, True]


def test_page_with_nothing_kept_keeps_its_prose_lines() -> None:
    raw = page(["Share this article on Facebook"], BODY[:2], ["Sports", "Weather"])
    lines = split_page(raw)
    x1, hits = stage1_matrix(lines, None, load_rules(), load_lexicon())
    weights = load_weights()
    unsure = np.full(len(lines.stripped), (EMPTY_PAGE_MIN_SCORE + weights.threshold) / 2)
    keep, reasons, _ = _decide(lines, x1, hits, unsure, weights)
    assert [t for t, k in zip(lines.stripped, keep, strict=True) if k] == BODY[:2]
    assert all(r.endswith("rescued:prose_on_empty_page") for r, k in zip(reasons, keep, strict=True) if k)
    keep, _, _ = _decide(lines, x1, hits, np.full(len(lines.stripped), EMPTY_PAGE_MIN_SCORE / 2), weights)
    assert True not in keep


HEADLINE = "Why the council budget fight will drag into spring"
STANDFIRST = "Residents want more say over school spending – but not at the price of higher property taxes for everyone"


def test_title_is_the_headline_not_the_standfirst_below_it() -> None:
    raw = page(NAV, [HEADLINE], [STANDFIRST], ["Jane Smith", "Published: Updated:"], *([x] for x in BODY))
    result = strip_document(raw)
    assert {d.text: d.kept for d in result.lines}[STANDFIRST] is False  # the standfirst is a header line here
    assert result.title == HEADLINE


def test_title_is_not_a_section_name_above_the_headline() -> None:
    raw = page(NAV, ["City News: Budget"], [HEADLINE], ["Jane Smith"], *([x] for x in BODY))
    assert strip_document(raw).title == HEADLINE


def test_title_accuracy_counts_pages_whose_h1_is_a_raw_line() -> None:
    rows = [
        {"id": "a", "lang": "en", "raw_text": page(NAV, [HEADLINE], BODY), "gold_text": BODY[0]},
        {"id": "b", "lang": "en", "raw_text": page(NAV, ["Other  headline here"], BODY), "gold_text": BODY[0]},
        {"id": "c", "lang": "en", "raw_text": page(NAV, BODY), "gold_text": BODY[0]},
        {"id": "d", "lang": "de", "raw_text": page([HEADLINE], BODY), "gold_text": BODY[0]},
    ]
    pages_html = [
        f"<h1 class='t'>{HEADLINE}</h1>",
        "<h1>Other <em>headline</em>\n here</h1>",
        "<h1>Not on the page</h1>",
        f"<h1>{HEADLINE}</h1>",
    ]
    assert gold_headline(rows[1], pages_html[1]) == "Other headline here"
    acc = title_accuracy(rows, [HEADLINE, "Something else", None, HEADLINE], pages_html)
    assert acc == {"n_pages": 2, "correct": 1, "accuracy": 0.5}
