"""Stances a collective actor's own name states ('US-backed forces', 'American proxies', 'pro-US rebels'), on
hand-built Docs: the ties `linking.groups.name_ties` records and the rows `tasks.extract.ties` makes of them."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import spacy

from tasks.extract.actors import actor_rules
from tasks.extract.context import build_context
from tasks.extract.decide import DIRECTED_LABELS, identity_policy
from tasks.extract.linking import Link
from tasks.extract.linking.groups import group_links
from tasks.extract.pipeline import extract_doc
from tasks.extract.scoring import PerItemScorer
from tests.tasks.test_extract_rows import RuleEncoder
from tests.tasks.test_group_actors import BACKED, BACKED_TOKS
from tests.tasks.test_quotes import Tok, link, parse


def _ties(vocab: spacy.vocab.Vocab, text: str, toks: list[Tok], links: list[Link]) -> list[tuple]:
    groups, _ = group_links(parse(vocab, text, toks), links, actor_rules())
    return [(g.text, [(kind, named.entity_id) for kind, named in g.ties]) for g in groups]


def _demonym(text: str, surface: str, entity_id: str) -> Link:
    return replace(link(text, surface, entity_id, "country"), label="NORP", link_method="demonym")


def test_a_groups_name_records_who_backs_it_whose_proxy_it_is_and_whom_it_favours(vocab: spacy.vocab.Vocab) -> None:
    backed, toks = BACKED, BACKED_TOKS
    russia, us = link(backed, "Russia", "country:russia", "country"), link(backed, "US", "country:united_states")
    assert _ties(vocab, backed, toks, [russia, replace(us, entity_type="country")]) == [
        ("US-backed forces", [("backs", "country:united_states")])
    ]
    led = backed.replace("backed", "led")  # forces the US leads are not ones it backs from outside
    led_toks = [(("led", *t[1:4], "lead", t[5]) if t[0] == "backed" else t) for t in toks]
    us_led = replace(link(led, "US", "country:united_states"), entity_type="country")
    assert _ties(vocab, led, led_toks, [russia, us_led]) == [("US-led forces", [])]
    pro = "Russia targeted pro-US rebels."
    pro_toks: list[Tok] = [
        ("Russia", 1, "nsubj", "PROPN", "Russia", "NNP"),
        ("targeted", 1, "ROOT", "VERB", "target", "VBD"),
        ("pro", 5, "amod", "ADJ", "pro", "JJ"),
        ("-", 5, "punct", "PUNCT", "-", "HYPH"),
        ("US", 5, "amod", "PROPN", "US", "NNP"),
        ("rebels", 1, "dobj", "NOUN", "rebel", "NNS"),
        (".", 1, "punct", "PUNCT", ".", "."),
    ]
    us = replace(link(pro, "US", "country:united_states"), entity_type="country")
    assert _ties(vocab, pro, pro_toks, [link(pro, "Russia", "country:russia", "country"), us]) == [
        ("pro-US rebels", [("pro", "country:united_states")])
    ]
    proxies = "American proxies attacked Assad."
    proxy_toks: list[Tok] = [
        ("American", 1, "amod", "ADJ", "american", "JJ"),
        ("proxies", 2, "nsubj", "NOUN", "proxy", "NNS"),
        ("attacked", 2, "ROOT", "VERB", "attack", "VBD"),
        ("Assad", 2, "dobj", "PROPN", "Assad", "NNP"),
        (".", 2, "punct", "PUNCT", ".", "."),
    ]
    american = _demonym(proxies, "American", "country:united_states")
    assert _ties(vocab, proxies, proxy_toks, [american]) == [("American proxies", [("proxy", "country:united_states")])]
    rebels = proxies.replace("proxies", "rebels")  # a demonym names the rebels' country, not their backer
    american = _demonym(rebels, "American", "country:united_states")
    rebel_toks = [(("rebels", *t[1:4], "rebel", t[5]) if t[0] == "proxies" else t) for t in proxy_toks]
    assert _ties(vocab, rebels, rebel_toks, [american]) == [("American rebels", [])]


PROXY_TEXT = "The US spoke. American proxies attacked Assad."
PROXY_TOKS: list[Tok] = [
    ("The", 1, "det", "DET", "the", "DT"),
    ("US", 2, "nsubj", "PROPN", "US", "NNP"),
    ("spoke", 2, "ROOT", "VERB", "speak", "VBD"),
    (".", 2, "punct", "PUNCT", ".", "."),
    ("American", 5, "amod", "ADJ", "american", "JJ"),
    ("proxies", 6, "nsubj", "NOUN", "proxy", "NNS"),
    ("attacked", 6, "ROOT", "VERB", "attack", "VBD"),
    ("Assad", 6, "dobj", "PROPN", "Assad", "NNP"),
    (".", 6, "punct", "PUNCT", ".", "."),
]


class Against(RuleEncoder):
    """Reads every pair as e1 against e2 (the proxies, first, against Assad)."""

    def directed(self, items):
        out = np.full((len(items), 5), 0.05, dtype=np.float32)
        out[:, DIRECTED_LABELS.index("e1_neg_e2")] = 0.5
        return out


def _stances(vocab: spacy.vocab.Vocab, text: str, with_us: bool) -> list[tuple[str, str, str, str]]:
    doc = parse(vocab, text, PROXY_TOKS, sent_starts=(0, 4))
    names = [_demonym(text, "American", "country:united_states"), link(text, "Assad", "person:bashar_al_assad")]
    if with_us:
        names.append(replace(link(text, "US", "country:united_states"), entity_type="country"))
    groups, absorbed = group_links(doc, names, actor_rules())
    links = sorted([lk for lk in names if lk.start_char not in absorbed] + groups, key=lambda lk: lk.start_char)
    ctx = build_context("d1", doc, links, [], title=None, byline=None, outlet="Wire")
    rows = extract_doc(ctx, PerItemScorer(Against()), replace(identity_policy(), min_directed=0.95)).stances
    return sorted((r["holder_id"], r["target_id"], r["polarity"], r["method"]) for r in rows)


def test_a_proxys_acts_are_its_backers_and_its_backer_favours_it(vocab: spacy.vocab.Vocab) -> None:
    assert _stances(vocab, PROXY_TEXT, with_us=True) == [
        ("armed_group:american_proxies", "person:bashar_al_assad", "against", "frames-v1"),
        ("country:united_states", "armed_group:american_proxies", "favor", "frames-v1"),
        ("country:united_states", "person:bashar_al_assad", "against", "frames-v1"),
    ]
    # a backer the document never names on its own has no mention, so no entity row: it holds no stance here
    assert _stances(vocab, PROXY_TEXT, with_us=False) == [
        ("armed_group:american_proxies", "person:bashar_al_assad", "against", "frames-v1")
    ]


def test_an_armed_side_for_someone_is_their_side_a_political_group_is_not(vocab: spacy.vocab.Vocab) -> None:
    from tasks.extract.candidates import sentences
    from tasks.extract.ties import tie_stances

    text = "The US spoke. Russia targeted pro-US rebels."
    toks: list[Tok] = [
        ("The", 1, "det", "DET", "the", "DT"),
        ("US", 2, "nsubj", "PROPN", "US", "NNP"),
        ("spoke", 2, "ROOT", "VERB", "speak", "VBD"),
        (".", 2, "punct", "PUNCT", ".", "."),
        ("Russia", 5, "nsubj", "PROPN", "Russia", "NNP"),
        ("targeted", 5, "ROOT", "VERB", "target", "VBD"),
        ("pro", 9, "amod", "ADJ", "pro", "JJ"),
        ("-", 9, "punct", "PUNCT", "-", "HYPH"),
        ("US", 9, "amod", "PROPN", "US", "NNP"),
        ("rebels", 5, "dobj", "NOUN", "rebel", "NNS"),
        (".", 5, "punct", "PUNCT", ".", "."),
    ]
    doc = parse(vocab, text, toks, sent_starts=(0, 4))
    us = replace(link(text, "US", "country:united_states"), entity_type="country")
    inside = replace(link(text, "US", "country:united_states", nth=1), entity_type="country")
    got = {}
    for kind in ("armed_group", "group"):
        start = text.index("pro-US")
        group = Link(start, start + 13, "pro-US rebels", "GROUP", f"{kind}:pro_us_rebels", "pro-US rebels", kind,
                     "group_noun", None, (("pro", inside),))  # fmt: skip
        russia = link(text, "Russia", "country:russia", "country")
        ctx = build_context("d1", doc, [us, russia, group], [], title=None, byline=None, outlet="Wire")
        got[kind] = sorted(
            (t.holder.entity_id, t.target.entity_id, t.polarity) for t in tie_stances(ctx, sentences(ctx))
        )
    assert got == {
        "armed_group": [
            ("armed_group:pro_us_rebels", "country:united_states", "favor"),
            ("country:united_states", "armed_group:pro_us_rebels", "favor"),
        ],
        "group": [("group:pro_us_rebels", "country:united_states", "favor")],
    }
