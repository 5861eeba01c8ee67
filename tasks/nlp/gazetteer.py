"""The shipped gazetteer of canonical entities: loading, validation, alias lookup and EntityRuler patterns.

Data lives in `gazetteer.jsonl` beside this module (one entity per line, see `GAZETTEER.md`). Ids are
stable slugs `type:snake_name`; never rename one, add an alias instead. Three kinds of names per entity:
- `aliases`: matched by the EntityRuler (exact tokens, plus upper-case and capitalised variants) and lookup;
- `weak_aliases`: ambiguous names ("Washington", "Jordan", "IS"), only to link spans `ner` already found;
- `demonyms`: nationality words ("Russian", "Syrians") that link NORP spans to their country.
`metonym_of` names the government a capital or seat of power stands for when it acts ("Moscow said").
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType

DEFAULT_PATH = Path(__file__).with_name("gazetteer.jsonl")
ID_RE = re.compile(r"^[a-z_]+:[a-z0-9_]+$")
SPACY_LABELS = frozenset({"PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW"})

_QUOTES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "–": "-", "—": "-", "‐": "-"})
_NON_WORD = re.compile(r"[^\w']+")
_PARTICLES = frozenset({"al", "el", "ad", "as", "ash", "an", "ar", "at", "az"})


@dataclass(frozen=True, slots=True)
class GazetteerEntity:
    """One canonical entity with its stable id, type, names and parent."""

    entity_id: str
    canonical_name: str
    type: str
    spacy_label: str
    aliases: tuple[str, ...]
    wikidata_id: str | None
    parent_id: str | None
    weak_aliases: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    metonym_of: str | None = None


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Case- and diacritic-folded key of a name: 'Erdoğan' -> 'erdogan', 'U.S.' -> 'us' (memoised: names repeat)."""
    text = unicodedata.normalize("NFKD", text.translate(_QUOTES))
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = text.replace(".", "").replace("'s ", " ")
    text = _NON_WORD.sub(" ", text).replace("'", "").strip()
    return text[4:] if text.startswith("the ") else text


def fold_particles(folded: str) -> str:
    """Folded key without Arabic article particles: 'bashar al assad' -> 'bashar assad'."""
    return " ".join(t for t in folded.split() if t not in _PARTICLES)


def _case_variants(alias: str) -> list[str]:
    """Surface variants the ruler should match: as written, ALL CAPS (headlines), capitalised."""
    variants = [alias]
    if alias[:1].islower():
        variants.append(alias[0].upper() + alias[1:])
    if any(c.islower() for c in alias):
        variants.append(alias.upper())
    return list(dict.fromkeys(variants))


class Gazetteer:
    """Canonical entities indexed by id, alias (exact and folded) and demonym."""

    def __init__(self, entities: Iterable[GazetteerEntity]):
        by_id: dict[str, GazetteerEntity] = {}
        for ent in entities:
            if ent.entity_id in by_id:
                raise ValueError(f"gazetteer: duplicate entity_id {ent.entity_id!r}; ids must be unique")
            by_id[ent.entity_id] = ent
        self.entities: Mapping[str, GazetteerEntity] = MappingProxyType(by_id)
        self._exact: dict[str, GazetteerEntity] = {}
        self._folded: dict[str, GazetteerEntity] = {}
        self._demonyms: dict[str, GazetteerEntity] = {}
        self._strong: set[str] = set()  # folded keys of canonical names and strong aliases
        for ent in by_id.values():  # strong names first so they win over another entity's weak alias
            canonical = () if ent.canonical_name in ent.weak_aliases else (ent.canonical_name,)
            for name in (*canonical, *ent.aliases):
                self._index(name, ent)
                self._strong.add(fold(name))
        for ent in by_id.values():
            for name in ent.weak_aliases:
                self._index(name, ent)
            for dem in ent.demonyms:
                self._demonyms.setdefault(fold(dem), ent)

    def _index(self, name: str, ent: GazetteerEntity) -> None:
        """Register one name under its exact and folded keys (first entity wins)."""
        self._exact.setdefault(name, ent)
        key = fold(name)
        if key:
            self._folded.setdefault(key, ent)
            self._folded.setdefault(fold_particles(key), ent)

    def __len__(self) -> int:
        return len(self.entities)

    def get(self, entity_id: str | None) -> GazetteerEntity | None:
        """Entity by id, or None."""
        return self.entities.get(entity_id) if entity_id else None

    def lookup(self, text: str) -> GazetteerEntity | None:
        """Entity whose alias equals `text` exactly, else after case/diacritic/particle folding, else None."""
        return self.lookup_method(text)[0]

    def lookup_method(self, text: str) -> tuple[GazetteerEntity | None, str]:
        """Like `lookup`, also saying how it matched: 'alias', 'folded' or 'none'."""
        ent = self._exact.get(text)
        if ent is not None:
            return ent, "alias"
        key = fold(text)
        ent = self._folded.get(key) or self._folded.get(fold_particles(key))
        return (ent, "folded") if ent is not None else (None, "none")

    def is_strong_name(self, text: str) -> bool:
        """True when `text` is a canonical name or strong alias (not only a weak, ambiguous one)."""
        key = fold(text)
        return key in self._strong

    def lookup_demonym(self, text: str) -> GazetteerEntity | None:
        """Country whose demonym is `text` ('Russian', 'Syrians'), or None."""
        return self._demonyms.get(fold(text))

    def folded_names(self) -> dict[str, GazetteerEntity]:
        """Every folded alias key with its entity (for fuzzy matching)."""
        return dict(self._folded)

    def ruler_patterns(self) -> list[dict]:
        """EntityRuler phrase patterns (ORTH) for every strong alias and its case variants; id = entity_id."""
        patterns: list[dict] = []
        seen: set[str] = set()
        for ent in self.entities.values():
            for alias in ent.aliases:
                for variant in _case_variants(alias):
                    if variant in seen:
                        continue
                    seen.add(variant)
                    patterns.append({"label": ent.spacy_label, "pattern": variant, "id": ent.entity_id})
        return patterns

    def validate(self) -> list[str]:
        """Problems in the data (bad id, unknown parent, alias of two entities, ...); empty when clean."""
        problems: list[str] = []
        owner: dict[str, str] = {}
        for ent in self.entities.values():
            eid = ent.entity_id
            if not ID_RE.match(eid) or not eid.startswith(f"{eid.split(':')[0]}:"):
                problems.append(f"{eid}: id must be a slug 'type:snake_name'")
            if ent.spacy_label not in SPACY_LABELS:
                problems.append(f"{eid}: spacy_label {ent.spacy_label!r} is not an entity label")
            for ref in (ent.parent_id, ent.metonym_of):
                if ref is not None and ref not in self.entities:
                    problems.append(f"{eid}: refers to unknown entity {ref!r}")
            if ent.wikidata_id is not None and not re.fullmatch(r"Q[0-9]+", ent.wikidata_id):
                problems.append(f"{eid}: wikidata_id {ent.wikidata_id!r} is not a Q-id")
            for dem in ent.demonyms:
                key = "demonym " + fold(dem)
                if owner.setdefault(key, eid) != eid:
                    problems.append(f"{eid}: demonym {dem!r} also belongs to {owner[key]}")
            for name in (*ent.aliases, *ent.weak_aliases):
                if not name.strip() or name != name.strip():
                    problems.append(f"{eid}: alias {name!r} is empty or padded")
                key = fold(name)
                if owner.setdefault(key, eid) != eid:
                    problems.append(f"{eid}: alias {name!r} also belongs to {owner[key]}")
        return problems


def entity_from_record(rec: Mapping) -> GazetteerEntity:
    """One JSONL record -> GazetteerEntity (raises ValueError naming the missing field)."""
    try:
        return GazetteerEntity(
            entity_id=rec["entity_id"],
            canonical_name=rec["canonical_name"],
            type=rec["type"],
            spacy_label=rec["spacy_label"],
            aliases=tuple(rec.get("aliases", ())),
            wikidata_id=rec.get("wikidata_id"),
            parent_id=rec.get("parent_id"),
            weak_aliases=tuple(rec.get("weak_aliases", ())),
            demonyms=tuple(rec.get("demonyms", ())),
            metonym_of=rec.get("metonym_of"),
        )
    except KeyError as exc:
        raise ValueError(f"gazetteer record {rec.get('entity_id', rec)!r} lacks field {exc}") from exc


@lru_cache(maxsize=8)
def _load(path: Path) -> Gazetteer:
    """Read and index one gazetteer file."""
    entities = []
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                entities.append(entity_from_record(json.loads(line)))
            except (json.JSONDecodeError, ValueError) as exc:
                raise ValueError(f"{path}:{lineno}: bad gazetteer line ({exc}); fix or remove it") from exc
    return Gazetteer(entities)


def load_gazetteer(path: Path | None = None) -> Gazetteer:
    """Load the gazetteer (default: the packaged gazetteer.jsonl); cached per path."""
    path = Path(path) if path is not None else DEFAULT_PATH
    if not path.is_file():
        raise FileNotFoundError(f"gazetteer file {path} not found; pass an existing JSONL path")
    return _load(path.resolve())
