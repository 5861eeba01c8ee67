"""Link one document's entity spans to canonical entities (gazetteer, then document and corpus rules)."""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from tasks.extract.linking.corpus import corpus_entity_id, name_key
from tasks.extract.linking.fuzzy import fuzzy_lookup
from tasks.extract.linking.metonymy import ACTOR_DEPS, GOV_NOUNS, follows_conjunction, is_metonymic
from tasks.extract.linking.spans import clean_span, is_office_word, split_on_numbers, strip_title
from tasks.extract.linking.types import LABEL_TO_TYPE, NUMERIC_LABELS, Candidate, Link
from tasks.nlp.gazetteer import Gazetteer, GazetteerEntity

log = logging.getLogger(__name__)

_AND = re.compile(r"\s+(?:and|&)\s+")
LABEL_FAMILY = {"GPE": "place", "LOC": "place", "FAC": "place"}
SURNAME_LABELS = frozenset({"PERSON", "ORG", "GPE"})  # spaCy often mislabels a bare surname ("Rhodes" ORG)
# Seats of power ('the Kremlin said') stand for a government unless used as a place;
# capitals only when they act.
METONYM_DEFAULT = {"landmark": True}
ACTOR_TYPES = frozenset({"country", "gov", "person", "io", "org", "armed_group", "agency", "party", "outlet"})


@dataclass(slots=True)
class _Draft:
    """A mention being linked (mutable working copy)."""

    cand: Candidate
    start: int
    end: int
    label: str
    entity: GazetteerEntity | None = None
    method: str = "none"
    key: str = ""  # corpus grouping key when no gazetteer entity


def _resolve(text: str, cand: Candidate, start: int, end: int, gaz: Gazetteer) -> _Draft:
    """Gazetteer link of one cleaned span: ruler id, demonym, exact/folded alias, then without a title."""
    d = _Draft(cand, start, end, cand.label)
    ruler = gaz.get(cand.ruler_id)
    if ruler is not None:
        d.entity, d.method = ruler, "ruler"
        return d
    surface = text[start:end]
    if cand.label == "NORP":
        dem = gaz.lookup_demonym(surface)
        if dem is not None:
            d.entity, d.method = dem, "demonym"
            return d
    ent, method = gaz.lookup_method(surface)
    if ent is None and cand.label not in ("NORP", "LANGUAGE") and gaz.lookup_demonym(surface) is not None:
        d.entity, d.method, d.label = gaz.lookup_demonym(surface), "demonym", "NORP"
        return d
    if ent is None and cand.label == "PERSON":
        s2, e2 = strip_title(text, start, end)
        if (s2, e2) != (start, end):
            d.start, d.end = s2, e2
            ent, method = gaz.lookup_method(text[s2:e2])
    if ent is not None and not gaz.is_strong_name(text[d.start : d.end]) and not _compatible(ent, cand.label):
        ent = None  # a weak alias links only a span spaCy typed alike: 'Jordan' PERSON is not the country
    if ent is not None:
        d.entity, d.method = ent, method
    return d


def _compatible(ent: GazetteerEntity, label: str) -> bool:
    """True when spaCy's label fits the entity's kind (places with places, people with people, ...)."""
    return LABEL_FAMILY.get(label, label) == LABEL_FAMILY.get(ent.spacy_label, ent.spacy_label)


def _surname_index(drafts: list[_Draft], text: str) -> dict[str, list[tuple[int, str, bool]]]:
    """Last name -> (offset, full-name entity, is a person) of each multi-word person mention (gazetteer id or corpus
    key), and of two capitalised words the parser called an organisation and no gazetteer name settled ('Carly
    Fiorina' ORG), which only a bare surname the parser calls a person or organisation may refer to."""
    index: dict[str, list[tuple[int, str, bool]]] = {}
    for d in drafts:
        is_person = d.entity.type == "person" if d.entity else d.label == "PERSON"
        words = name_key(text[d.start : d.end]).split()
        shaped = d.entity is None and d.label == "ORG" and len(words) == 2 and text[d.start : d.end].istitle()
        if (is_person or shaped) and len(words) > 1:
            target = d.entity.entity_id if d.entity else (d.key or " ".join(words))
            index.setdefault(words[-1], []).append((d.start, target, is_person))
    return index


#: Roles in which a nationality word stands as a noun phrase of its own, as a surname does ('Cuban said').
NOMINAL_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "poss", "appos", "conj", "dative"})


#: A person named in full more than this many times as often as the first-named one is the surname's referent.
DOMINANT_RATIO = 2


def _surname_target(full: list[tuple[int, str]], gaz: Gazetteer) -> str:
    """The person a bare surname refers to among the document's full names that carry it: the only one; else the
    one named first, the article's protagonist ('Hillary Clinton' in the lead, 'Bill Clinton' later), unless another
    is named in full more than DOMINANT_RATIO times as often. Read on the PolNeAR train articles naming both Clintons
    (a count alone took 'Clinton' for Bill in a debate story naming him 3 times and Hillary twice). A name the
    gazetteer knows wins over names only the parser found that are named no more often ('Will Sanders' from 'Will
    Sanders endorse her?' is no rival to Bernie Sanders)."""
    counts = Counter(target for _, target in full)
    known = [counts[t] for t in counts if gaz.get(t) is not None]
    if known:
        full = [(off, t) for off, t in full if gaz.get(t) is not None or counts[t] > max(known)]
        counts = Counter(target for _, target in full)
    first = min(full)[1]
    top, n = counts.most_common(1)[0]
    return top if n > DOMINANT_RATIO * counts[first] else first


def _merge_title_words(drafts: list[_Draft], text: str) -> None:
    """A full name the parser took with a title word the title list lacks is the person named without it: 'Miss
    Universe Alicia Machado' -> Alicia Machado, when the document names her so (a proper suffix of two words or more
    that is a person's full name)."""
    people: dict[tuple[str, ...], _Draft] = {}
    for d in drafts:
        is_person = d.entity.type == "person" if d.entity else d.label == "PERSON"
        words = tuple(name_key(text[d.start : d.end]).split())
        if is_person and len(words) > 1:
            people.setdefault(words, d)
    for words, d in people.items():
        if d.entity is not None:
            continue
        same = next((people[words[i:]] for i in range(1, len(words) - 1) if words[i:] in people), None)
        if same is None:
            continue
        for other in drafts:
            if other.entity is None and tuple(name_key(text[other.start : other.end]).split()) == words:
                other.entity = same.entity
                other.key = "" if same.entity else " ".join(name_key(text[same.start : same.end]).split())
                other.method = "surname" if same.entity else "corpus"


def _apply_document_rules(drafts: list[_Draft], text: str, gaz: Gazetteer) -> None:
    """Surname-to-full-name, fuzzy alias and corpus-key linking for what the gazetteer did not settle."""
    _merge_title_words(drafts, text)
    surnames = _surname_index(drafts, text)
    for d in drafts:
        words = name_key(text[d.start : d.end]).split()
        # a nationality word standing alone where a person of that surname is named: 'Mark Cuban ... Cuban said'
        nominal = d.method == "demonym" and d.cand.head_dep in NOMINAL_DEPS and text[d.start : d.end].istitle()
        single = len(words) == 1 and (d.label in SURNAME_LABELS or nominal) and (d.method != "demonym" or nominal)
        loose = d.label in ("PERSON", "ORG")  # may refer to an organisation-shaped full name as well
        full = [(o, t) for o, t, person in surnames.get(words[0], []) if person or loose] if single else []
        target = _surname_target(full, gaz) if full else None
        # a weak alias of something else yields to a person the document names: 'Mayor Don Guardian ... Guardian'
        weak = d.entity is not None and text[d.start : d.end] not in (d.entity.canonical_name, *d.entity.aliases)
        if target is not None and (d.entity is None or d.entity.type == "person" or nominal or weak):
            if d.entity is not None and d.entity.entity_id == target:
                continue
            d.entity, d.key, d.method = gaz.get(target), ("" if gaz.get(target) else target), "surname"
            d.label = "PERSON"
            continue
        if d.entity is None and d.label != "NORP":
            ent = fuzzy_lookup(text[d.start : d.end], gaz)
            if ent is not None:
                d.entity, d.method = ent, "fuzzy"
        if d.entity is None and not d.key:  # a key set above (`_merge_title_words`) stays
            d.key, d.method = " ".join(words), "corpus"


def _apply_metonymy(drafts: list[_Draft], text: str, gaz: Gazetteer) -> None:
    """Capitals, seats of power, '<Syrian> government' and '<Assad> regime' standing for a government."""
    prev: _Draft | None = None
    prev_decision: bool | None = None
    for d in drafts:
        ent, decision = d.entity, None
        if ent is not None and ent.metonym_of and gaz.get(ent.metonym_of):
            coordinated = prev is not None and follows_conjunction(prev.cand, d.cand)
            if coordinated and prev_decision is not None:
                decision = prev_decision  # 'isolation of both Moscow and Damascus'
            elif (
                coordinated
                and prev.entity is not None
                and prev.entity.type in ACTOR_TYPES
                and prev.cand.head_dep in ACTOR_DEPS
            ):
                decision = True  # 'the US and Moscow would come ...': paired with an actor, it acts
            else:
                decision = is_metonymic(d.cand, METONYM_DEFAULT.get(ent.type, False))
            if decision:
                d.entity, d.method = gaz.get(ent.metonym_of), "metonymy"
        elif ent is not None and ent.type in ("country", "person") and d.end == d.cand.end_char:
            m = GOV_NOUNS.match(text, d.end)
            gov = _government_of(ent, gaz) if m else None
            if m and gov is not None:  # 'the Syrian government', 'the Assad regime': one mention of the government
                d.entity, d.method, d.end, d.label = gov, "metonymy", m.end(), "ORG"
        prev, prev_decision = d, decision


def _government_of(ent: GazetteerEntity, gaz: Gazetteer) -> GazetteerEntity | None:
    """The government a country or a head of government stands for, if the gazetteer has one."""
    if ent.type == "country":
        return gaz.get("gov:" + ent.entity_id.split(":", 1)[1])
    parent = gaz.get(ent.parent_id)
    return parent if parent is not None and parent.type == "gov" else None


def _vote(drafts: list[_Draft]) -> dict[str, str]:
    """One label per entity (gazetteer id or corpus key) by majority vote of its mentions.

    Demonym mentions ('Russian' for Russia) vote apart and stay NORP: the label says what the span is (a
    nationality word), the entity_id what it denotes; merging them with 'Russia' would call 'Russian' a GPE.
    """
    groups: dict[str, list[_Draft]] = {}
    for d in drafts:
        groups.setdefault(_vote_key(d), []).append(d)
    labels: dict[str, str] = {}
    for key, ds in groups.items():
        named = ds
        counts = Counter(_label_of(d) for d in named)
        best = max(counts.values())
        tied = [lab for lab in dict.fromkeys(_label_of(d) for d in named) if counts[lab] == best]
        gaz_label = ds[0].entity.spacy_label if ds[0].entity else None
        labels[key] = gaz_label if gaz_label in tied else tied[0]
    return labels


def _vote_key(d: _Draft) -> str:
    """Group of a mention in the label vote: its entity, with demonym mentions apart."""
    key = d.entity.entity_id if d.entity else d.key
    return key + "#demonym" if d.method == "demonym" else key


def _label_of(d: _Draft) -> str:
    """The label a mention votes for: the gazetteer's when matched by name, else spaCy's."""
    if d.entity is not None and d.method in ("ruler", "alias", "folded", "fuzzy", "surname"):
        return d.entity.spacy_label
    return d.label


def _to_links(drafts: list[_Draft], text: str) -> list[Link]:
    """Final Link records after the label vote."""
    labels = _vote(drafts)
    # corpus key -> canonical name: its longest surface form in the document, among the surfaces that spell the
    # key itself when there are any (not 'Miss Universe Alicia Machado', merged into Alicia Machado)
    names: dict[str, str] = {}
    own: set[str] = set()
    for d in drafts:
        if d.entity is None:
            surface = " ".join(text[d.start : d.end].split())
            spelled = " ".join(name_key(surface).split()) == d.key
            first_own = spelled and d.key not in own
            longer = spelled == (d.key in own) and len(surface) > len(names.get(d.key, ""))
            if first_own or longer:
                names[d.key] = surface
            if spelled:
                own.add(d.key)
    links = []
    for d in drafts:
        label = labels[_vote_key(d)]
        if d.entity is not None:
            ent = d.entity
            entity_id, canonical, etype, parent = ent.entity_id, ent.canonical_name, ent.type, ent.parent_id
        else:
            etype = LABEL_TO_TYPE.get(label, "misc")
            canonical = names[d.key]
            entity_id, parent = corpus_entity_id(canonical, etype), None
        links.append(Link(d.start, d.end, text[d.start : d.end], label, entity_id, canonical, etype, d.method, parent))
    return links


def _split_known_pair(text: str, span: tuple[int, int], gaz: Gazetteer) -> list[tuple[int, int]]:
    """'Nusra and Daesh' as one span -> two mentions, when both sides are gazetteer names and the whole is not."""
    start, end = span
    m = _AND.search(text, start, end)
    if m is None or gaz.lookup(text[start:end]) is not None:
        return [span]
    left, right = clean_span(text, start, m.start()), clean_span(text, m.end(), end)
    if left and right and gaz.lookup(text[left[0] : left[1]]) and gaz.lookup(text[right[0] : right[1]]):
        return [left, right]
    return [span]


def link_mentions(candidates: Sequence[Candidate], text: str, gazetteer: Gazetteer) -> list[Link]:
    """Link every non-numeric entity span of one document; pure and never raises (bad spans are skipped)."""
    drafts: list[_Draft] = []
    for cand in sorted(candidates, key=lambda c: (c.start_char, c.end_char)):
        if cand.label in NUMERIC_LABELS or not 0 <= cand.start_char < cand.end_char <= len(text):
            continue
        try:
            ruled = gazetteer.get(cand.ruler_id) is not None  # a gazetteer name: trim it, never split it
            pieces = [(cand.start_char, cand.end_char)]
            if not ruled:
                pieces = split_on_numbers(text, cand.start_char, cand.end_char, cand.label)
            for piece in pieces:
                span = clean_span(text, *piece)
                if span is None or is_office_word(text, *span):
                    continue
                for start, end in [span] if ruled else _split_known_pair(text, span, gazetteer):
                    drafts.append(_resolve(text, cand, start, end, gazetteer))
        except Exception:  # one odd span must not lose the document's other mentions
            log.exception("linking: skipped span %r at %d", cand.text, cand.start_char)
    try:
        _apply_document_rules(drafts, text, gazetteer)
        _apply_metonymy(drafts, text, gazetteer)
        return _to_links(drafts, text)
    except Exception:
        log.exception("linking: document rules failed; returning unlinked mentions")
        return [
            Link(
                d.start,
                d.end,
                text[d.start : d.end],
                d.label,
                None,
                text[d.start : d.end],
                "misc",
                "none",
                None,
            )
            for d in drafts
        ]
