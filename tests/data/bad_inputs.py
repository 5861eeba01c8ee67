"""Generator of a small corpus of bad inputs (and a few good ones) for ingest and end-to-end tests.

Every file is written here from text in this module, so tests never depend on external data. `make_bad_corpus`
returns, for every input entry, what it must become: "document" or the reject reason code ("a|b": either).
"""

from __future__ import annotations

import os
from pathlib import Path

#: name -> (headline, speaker, their country, the place, the topic, the other side)
STORIES = {
    "geneva": ("Talks on Syria resume in Geneva", "Sergey Lavrov", "Russia", "Geneva", "a ceasefire", "John Kerry"),
    "brussels": (
        "NATO ministers meet in Brussels",
        "Angela Merkel",
        "Germany",
        "Brussels",
        "defence spending",
        "Poland",
    ),
    "ankara": ("Turkey and Iran discuss trade", "Recep Tayyip Erdogan", "Turkey", "Ankara", "trade", "Hassan Rouhani"),
    "cairo": ("Egypt hosts Gaza talks", "Abdel Fattah el-Sisi", "Egypt", "Cairo", "a truce in Gaza", "Hamas"),
    "london": ("Britain sanctions oligarchs", "Theresa May", "Britain", "London", "new sanctions", "the Kremlin"),
    "tokyo": ("Japan and China hold security talks", "Shinzo Abe", "Japan", "Tokyo", "maritime security", "China"),
    "delhi": ("India signs energy deal", "Narendra Modi", "India", "New Delhi", "an energy agreement", "Qatar"),
    "nairobi": ("Kenya hosts regional summit", "Uhuru Kenyatta", "Kenya", "Nairobi", "security in Somalia", "Ethiopia"),
    "ottawa": ("Canada reviews arms exports", "Justin Trudeau", "Canada", "Ottawa", "arms exports", "Saudi Arabia"),
    "kabul": ("Afghan talks stall in Kabul", "Ashraf Ghani", "Afghanistan", "Kabul", "a peace plan", "the Taliban"),
    "riyadh": ("Saudi Arabia hosts oil meeting", "Mohammed bin Salman", "Saudi Arabia", "Riyadh", "oil output", "OPEC"),
    "seoul": ("Korean leaders plan a summit", "Moon Jae-in", "South Korea", "Seoul", "denuclearisation", "North Korea"),
}

_PARAGRAPHS = (
    "{place} - {speaker} met officials from {other} on Friday to discuss {topic}, according to a statement "
    "released after the meeting, which lasted more than four hours and ended without a joint declaration.",
    '"We have agreed to keep working on {topic}, and we expect real progress next week," {speaker} told '
    "reporters in {place}, adding that {country} wanted the negotiations with {other} to continue.",
    "Diplomats familiar with the talks said {other} had rejected an earlier draft on {topic}, arguing that it "
    "ignored its concerns, while officials in {country} described the discussions as frank but useful.",
    "Analysts in {place} said the outcome would depend on whether {speaker} could persuade critics at home "
    "that the deal on {topic} served the interests of {country} better than the alternatives on the table.",
)
ARTICLES = {
    name: [headline] + [p.format(speaker=s, country=c, place=pl, topic=t, other=o) for p in _PARAGRAPHS]
    for name, (headline, s, c, pl, t, o) in STORIES.items()
}

FURNITURE_ONLY = [
    "Home | World | Politics | Business | Sport",
    "Share on Facebook",
    "Share on Twitter",
    "Subscribe to our newsletter",
    "Leave a Reply",
    "Your email address will not be published.",
    "Related Articles",
    "Privacy Policy | Terms of Use | Contact Us",
    "© 2019 Example News. All rights reserved.",
]

FRENCH = [
    "Les ministres des affaires étrangères se sont réunis vendredi à Genève pour discuter d'un cessez-le-feu.",
    "Le ministre russe a déclaré que les négociations reprendraient la semaine prochaine avec les Américains.",
    "Les organisations humanitaires demandent un accès sans condition aux villes assiégées du pays.",
]


def article(name: str, extra: str = "") -> str:
    """The text of one synthetic English article (lines joined by newlines)."""
    lines = ARTICLES[name] + ([extra] if extra else [])
    return "\n".join(lines) + "\n"


def make_bad_corpus(root: Path, *, max_file_bytes: int = 20_000) -> dict[str, str]:
    """Write the bad-input corpus under root; return {relative path: "document" or expected reject code}."""
    root.mkdir(parents=True, exist_ok=True)
    expected: dict[str, str] = {}

    def put(rel: str, data: bytes, outcome: str) -> None:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        expected[rel] = outcome

    put("good_geneva.txt", article("geneva").encode(), "document")
    put("copy_of_geneva.txt", article("geneva").encode(), "document")  # same text: one document, two sources
    put("crlf_geneva.txt", article("geneva").replace("\n", "\r\n").encode(), "document")  # same after normalising
    put("empty.txt", b"", "empty")
    put("whitespace.txt", b"   \n\t\n  \r\n", "empty")
    put("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "binary")
    put(
        "cp1252.txt",
        article("brussels", "Spending is \u201cnot negotiable\u201d \u2014 officials.").encode("cp1252"),
        "document",
    )
    put("latin1.txt", article("ankara", "The caf\u00e9 talks were na\u00efve.").encode("latin-1"), "document")
    put("utf16_bom.txt", article("cairo").encode("utf-16"), "document")
    mojibake = (
        article("london", "May\u2019s caf\u00e9 statement was \u2018clear\u2019.").encode("utf-8").decode("cp1252")
    )
    put("mojibake.txt", mojibake.encode("utf-8"), "document")
    good = article("tokyo", "The caf\u00e9 in Tokyo was closed.").encode("utf-8")
    put("invalid_bytes.txt", good[:120] + b"\xff\xfe\xc3(" + good[120:], "document")
    put("too_large.txt", (article("delhi") * (max_file_bytes // 200 + 10)).encode(), "too_large")
    # one long line: the stripper may keep it or find no body in it; either way it is accounted for
    put("one_line.txt", " ".join(ARTICLES["nairobi"]).encode(), "document|no_body")
    put("furniture_only.txt", "\n".join(FURNITURE_ONLY).encode(), "no_body")
    put("french.txt", "\n".join(FRENCH).encode(), "not_english")
    put("nested/deeper/ottawa.txt", article("ottawa").encode(), "document")
    put("notes.md", b"not an input: only *.txt files are read", "ignored")
    del expected["notes.md"]

    (root / "folder.txt").mkdir()
    expected["folder.txt"] = "not_a_file"
    put("folder.txt/inside.txt", article("kabul", "Inside a folder named like a file.").encode(), "document")

    os.symlink("loop.txt", root / "loop.txt")
    expected["loop.txt"] = "symlink_loop"
    os.symlink("does_not_exist.txt", root / "dangling.txt")
    expected["dangling.txt"] = "unreadable"
    os.mkfifo(root / "fifo.txt")
    expected["fifo.txt"] = "not_a_file"

    locked = root / "locked.txt"
    locked.write_bytes(article("riyadh", "A locked file.").encode())
    locked.chmod(0)
    # root reads any file whatever its mode: then it is simply a document
    expected["locked.txt"] = "document" if os.access(locked, os.R_OK) else "unreadable"

    odd = os.fsencode(str(root)) + b"/caf\xe9_name.txt"
    with open(odd, "wb") as fh:
        fh.write(article("seoul", "A file whose name is not UTF-8.").encode())
    expected["caf\\xe9_name.txt"] = "document"
    return expected


def documents_expected(expected: dict[str, str]) -> set[str]:
    """Paths that must become (a source of) a document."""
    return {p for p, outcome in expected.items() if outcome == "document"}
