"""Build a benchmark corpus of N distinct crawler-style documents from seed texts (seeded, reproducible)."""

from __future__ import annotations

import random
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

#: A line with at least this many words is treated as an article paragraph (shuffled, recombined); shorter
#: lines (nav, share widgets, bylines, captions, footers) stay where they are, as a site's furniture does.
PARAGRAPH_MIN_WORDS = 12
#: Chance that a sentence of a rebuilt paragraph comes from another source text than the template's.
FOREIGN_SENTENCE_RATE = 0.2
#: Sentences per rebuilt paragraph: as many as the template's paragraph had, within these bounds. A rebuilt line
#: already used by an earlier document is drawn again (with one more sentence after a few tries): article lines
#: that recur across many documents are what the stripper rightly reads as a site's furniture.
PARAGRAPH_MIN_SENTENCES = 2
PARAGRAPH_MAX_SENTENCES = 5
DRAWS_PER_LENGTH = 8
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"\u201d']?\s+(?=[\"\u201c]?[A-Z])")

_PLACES = ("Geneva", "Brussels", "Ankara", "Vienna", "Cairo", "Doha", "Oslo", "Nairobi", "Lima", "Hanoi")
_BODIES = ("the foreign ministry", "the defence ministry", "a parliamentary committee", "the central bank", "observers")
_VERBS = ("said", "told reporters", "confirmed", "announced", "noted")
_LEADS = ("In", "Speaking in", "Reporting from", "Later in", "Back in")
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True, slots=True)
class SourceText:
    """One template text split into lines, with the indexes of its paragraph lines."""

    name: str
    lines: tuple[str, ...]
    paragraphs: tuple[int, ...]
    sentences: tuple[str, ...]


def load_sources(dirs: Iterable[Path]) -> list[SourceText]:
    """Read every *.txt under the given directories (recursively) as a template."""
    out: list[SourceText] = []
    for root in dirs:
        for path in sorted(Path(root).rglob("*.txt")):
            text = path.read_text(encoding="utf-8", errors="replace")
            lines = tuple(text.split("\n"))
            paras = tuple(i for i, line in enumerate(lines) if len(line.split()) >= PARAGRAPH_MIN_WORDS)
            sentences = tuple(x.strip() for i in paras for x in split_sentences(lines[i]) if x.strip())
            if paras:
                out.append(SourceText(path.name, lines, paras, sentences))
    if not out:
        raise FileNotFoundError(f"no *.txt with article paragraphs under {[str(d) for d in dirs]}; pass seeds/")
    return out


def split_sentences(paragraph: str) -> list[str]:
    """Rough sentence split of a paragraph (enough to recombine text, not for analysis)."""
    return _SENTENCE_END.split(paragraph.strip())


def unique_sentence(i: int, rng: random.Random) -> str:
    """A plausible news sentence that makes document i distinct from every other."""
    return (
        f"In {rng.choice(_PLACES)} on {rng.choice(_DAYS)}, {rng.choice(_BODIES)} {rng.choice(_VERBS)} that "
        f"round {i} of the talks would resume within {rng.randint(2, 60)} days."
    )


def _lead_in(rng: random.Random) -> str:
    """A short opening clause ("In Oslo on Friday,") that varies how a rebuilt paragraph starts."""
    return f"{rng.choice(_LEADS)} {rng.choice(_PLACES)} on {rng.choice(_DAYS)},"


def _paragraph(src: SourceText, sources: list[SourceText], k: int, rng: random.Random, used: set[str]) -> str:
    """A combination of k or more sentences (mostly the template's own) whose line key no earlier document used.

    The stripper counts lines by their key (the first 200 normalised characters), so a long opening sentence is
    what must not repeat: after a few draws, a paragraph starts with a lead-in clause instead.
    """
    from tasks.boilerplate import line_key

    text = ""
    for attempt in range(4 * DRAWS_PER_LENGTH):
        picked = []
        for _ in range(k + attempt // DRAWS_PER_LENGTH):
            pool = rng.choice(sources).sentences if rng.random() < FOREIGN_SENTENCE_RATE else src.sentences
            picked.append(rng.choice(pool or src.sentences))
        if attempt >= 2 * DRAWS_PER_LENGTH:
            picked[0] = f"{_lead_in(rng)} {picked[0][:1].lower()}{picked[0][1:]}"
        text = " ".join(picked)
        if line_key(text) not in used:
            break
    used.add(line_key(text))
    return text


def make_document(i: int, sources: list[SourceText], seed: int = 7, used: set[str] | None = None) -> str:
    """Document i: a source's furniture in place and its paragraphs rebuilt from shuffled sentences, one unique.

    Every paragraph line is a combination of sentences no earlier document (sharing `used`) has, so article lines do
    not recur across documents the way a site's furniture does (the stripper counts recurring lines over the corpus).
    """
    rng = random.Random(seed * 1_000_003 + i)
    used = set() if used is None else used
    src = sources[i % len(sources)]
    lines = list(src.lines)
    for j in src.paragraphs:
        k = max(PARAGRAPH_MIN_SENTENCES, min(PARAGRAPH_MAX_SENTENCES, len(split_sentences(src.lines[j]))))
        indent = src.lines[j][: len(src.lines[j]) - len(src.lines[j].lstrip())]
        lines[j] = indent + _paragraph(src, sources, k, rng, used)
    k = rng.choice(src.paragraphs)
    lines[k] = lines[k] + " " + unique_sentence(i, rng)
    return "\n".join(lines)


def iter_documents(n: int, sources: list[SourceText], seed: int = 7) -> Iterator[tuple[str, str]]:
    """(file name, text) of n distinct documents."""
    used: set[str] = set()
    for i in range(n):
        yield f"bench_{i:06d}.txt", make_document(i, sources, seed, used)


def write_corpus(out: Path, n: int, dirs: Iterable[Path], seed: int = 7) -> int:
    """Write n distinct documents into out/ (one .txt each); return the bytes written."""
    out.mkdir(parents=True, exist_ok=True)
    sources = load_sources(dirs)
    total = 0
    for name, text in iter_documents(n, sources, seed):
        data = text.encode("utf-8")
        (out / name).write_bytes(data)
        total += len(data)
    return total
