"""Small synthetic English articles, each with lines no other one shares (a corpus with no copies)."""

from __future__ import annotations

from pathlib import Path

_ONSETS = ("b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z")
_VOWELS = ("a", "e", "i", "o", "u")
_TOPICS = ("water prices", "school funding", "a new bridge", "bus fares", "hospital beds", "park repairs")


def made_up_name(i: int) -> str:
    """A pronounceable made-up name, different for every i (no digits: line keys fold digits together)."""
    parts = []
    for _ in range(3):
        i, r = divmod(i, len(_ONSETS) * len(_VOWELS))
        parts.append(_ONSETS[r // len(_VOWELS)] + _VOWELS[r % len(_VOWELS)])
    return "".join(parts).capitalize()


def synthetic_article(i: int) -> str:
    """The text of article i: a headline and three paragraphs, every line naming the article's own town."""
    town = made_up_name(i)
    mayor = made_up_name(i + 5000)
    topic = _TOPICS[i % len(_TOPICS)]
    lines = [
        f"Council of {town} debates {topic}",
        f"The council of {town} met on Tuesday to debate {topic}, and the mayor, {mayor} of {town}, said the vote "
        "would come before the end of the month after a long and sometimes angry public hearing.",
        f'"The people of {town} deserve a clear answer on {topic}," {mayor} told reporters outside the town hall, '
        "adding that the council had listened to every resident who wanted to speak at the meeting.",
        f"Opponents in {town} said the plan on {topic} would cost too much, while supporters of {mayor} argued "
        "that waiting another year would only make the problem worse for the families who live there.",
    ]
    return "\n".join(lines) + "\n"


def write_synthetic_corpus(root: Path, n: int, start: int = 0) -> list[Path]:
    """Write n synthetic articles as root/article_NNNN.txt; return their paths."""
    root.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(start, start + n):
        path = root / f"article_{i:04d}.txt"
        path.write_text(synthetic_article(i), encoding="utf-8")
        out.append(path)
    return out
