"""The quotes metric on hand-made articles: token Jaccard, one-to-one best-first matching, speaker overlap."""

from __future__ import annotations

from tasks.offline.quotes.evaluate import content_span, is_direct, match, score, shares_token

TEXT = '"We will win," Putin said, "and soon." Lavrov said that talks failed. He warned of war.'


def _span(sub: str, nth: int = 0) -> list[int]:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(sub, start + 1)
    return [start, start + len(sub)]


GOLD = [
    {"source": _span("Putin"), "cue": _span("said"), "content": [_span('"We will win,"'), _span('"and soon."')]},
    {"source": _span("Lavrov"), "cue": _span("said", 1), "content": [_span("that talks failed")]},
    {"source": _span("He"), "cue": _span("warned"), "content": [_span("of war")]},
]


def test_pieces_match_one_outer_span_and_speaker_needs_the_same_place() -> None:
    outer = [_span('"We will win,"')[0], _span('"and soon."')[1]]
    predicted = [
        {"content": outer, "speaker": _span("Putin")},  # 'Putin said' adds two tokens: 5/7 >= 0.5
        {"content": _span("talks failed"), "speaker": _span("He")},  # 2/3: matches, wrong speaker place
        {"content": _span("talks failed"), "speaker": None},  # a duplicate: one-to-one, so unmatched
    ]
    assert match(TEXT, predicted, GOLD) == [(0, 0), (1, 1)]
    r = score([{"id": "a", "text": TEXT, "attributions": GOLD}], [predicted])
    assert (r.predicted, r.gold, r.matched, r.speaker_pairs, r.speaker_right) == (3, 3, 2, 2, 1)
    assert (r.gold_direct, r.matched_direct) == (1, 1)
    assert round(r.precision, 3) == round(r.recall, 3) == 0.667


def test_best_pairs_first_and_helpers() -> None:
    # 'that talks failed' fits gold 1 exactly; the longer span would also pass 0.5 but loses the pair
    predicted = [{"content": [_span("Lavrov")[0], _span("failed")[1]], "speaker": None}]
    predicted.append({"content": _span("that talks failed"), "speaker": _span("Lavrov")})
    assert match(TEXT, predicted, GOLD) == [(1, 1)]
    assert shares_token(TEXT, tuple(_span("Lavrov said")), tuple(_span("Lavrov")))
    assert not shares_token(TEXT, None, tuple(_span("Lavrov")))
    assert is_direct(TEXT, [tuple(_span('"We will win,"'))]) and not is_direct(TEXT, [tuple(_span("of war"))])


def test_content_span_is_the_longest_piece_when_the_cue_clause_outweighs_the_rest() -> None:
    text = '"We win," Clinton told the reporters waiting outside the hall. "We take back the House and the Senate."'
    a, b = (1, text.index(",") + 1), (text.index('"We take') + 1, len(text) - 1)
    assert content_span(text, (a[0], b[1]), [a, b]) == b  # 'We win' (2) < cue clause (9 words)
    short = '"We will win this election," she said. "And the House."'
    a, b = (1, short.index(",") + 1), (short.index('"And') + 1, len(short) - 1)
    assert content_span(short, (a[0], b[1]), [a, b]) == (a[0], b[1])  # 'she said' is small: the outer span
    assert content_span(short, (a[0], a[1]), [a]) == a
