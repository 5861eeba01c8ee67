"""Near-duplicate documents of one refresh (the same story syndicated, updated or re-crawled) grouped as one story.

The boilerplate stripper reads a line that recurs across the documents of a refresh as furniture. Copies of one
story share their body paragraphs too, so counted per document their bodies would look like furniture and be
dropped (three copies of an article lost every body line). Counting a line once per *story* keeps the evidence
for furniture (the same line under different articles) and removes it for copies.

Two documents are the same story when most of the text of their long lines (paragraph-sized: furniture lines are
mostly short) is the same: shared long lines hold at least SAME_STORY_SHARE of the characters of the smaller
document's long lines, and there are at least MIN_SHARED_LINES of them. Characters, not line counts: pages of one site
with short articles share several long standing lines (cookie notices, company details) but not the bulk of their
text; copies of a story share their body paragraphs, the longest lines. Only long lines held by at most
MAX_STORY_COPIES documents link documents, which bounds the pairs counted.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

import pyarrow as pa

#: Words a line needs to count as paragraph-sized. Navigation, share bars, bylines and captions are shorter; long
#: standing text (disclaimers, author bios) is usually a small share of an article's long lines.
LONG_LINE_WORDS = 12
#: Share of the characters of the smaller document's long lines that two copies of one story share. Checked on the
#: boilerplate dev pages: the two same-site page pairs that share most long lines share 53% and 67% of their
#: characters (all furniture), while a copy on another site with its own three long furniture lines shares ~80%.
SAME_STORY_SHARE = 0.75
#: Fewest shared long lines for two documents to be one story (one shared paragraph is a quotation, not a copy).
MIN_SHARED_LINES = 2
#: Long lines held by more documents than this do not link documents (standing text; bounds the pair count).
MAX_STORY_COPIES = 50
_STORY_MAP = pa.schema([("doc_id", pa.string()), ("story_id", pa.string())])


def is_long_line(text: str) -> bool:
    """True when a line is paragraph-sized (LONG_LINE_WORDS words or more)."""
    return len(text.split()) >= LONG_LINE_WORDS


def long_chars(text: str) -> int:
    """Characters of a paragraph-sized line (the weight it links copies with), 0 for a shorter line."""
    return len(text) if is_long_line(text) else 0


def same_story_pairs(long_keys: Mapping[str, Mapping[str, int]]) -> list[tuple[str, str]]:
    """Pairs of documents (a < b) that are copies of one story, from each document's long-line keys -> characters."""
    holders: defaultdict[str, list[tuple[str, int]]] = defaultdict(list)
    for doc, keys in long_keys.items():
        for key, chars in keys.items():
            holders[key].append((doc, chars))
    lines: Counter[tuple[str, str]] = Counter()
    chars: Counter[tuple[str, str]] = Counter()
    for docs in holders.values():
        if 2 <= len(docs) <= MAX_STORY_COPIES:
            docs = sorted(docs)
            for i, (a, ca) in enumerate(docs):
                for b, cb in docs[i + 1 :]:
                    lines[a, b] += 1
                    chars[a, b] += min(ca, cb)
    total = {doc: sum(keys.values()) for doc, keys in long_keys.items()}
    return sorted(
        (a, b)
        for (a, b), n in lines.items()
        if n >= MIN_SHARED_LINES and chars[a, b] >= SAME_STORY_SHARE * min(total[a], total[b])
    )


def same_story_pairs_sql(long_lines: str) -> str:
    """DuckDB SQL of the same pairs as same_story_pairs, over (doc_id, line_hash, chars) rows of long lines."""
    return f"""
        WITH long AS (SELECT doc_id, line_hash, max(chars) AS chars FROM ({long_lines}) GROUP BY 1, 2),
        sizes AS (SELECT doc_id, sum(chars) AS total FROM long GROUP BY doc_id),
        linking AS (SELECT line_hash FROM long GROUP BY line_hash HAVING count(*) BETWEEN 2 AND {MAX_STORY_COPIES}),
        shared AS (
            SELECT a.doc_id AS a, b.doc_id AS b, count(*) AS n, sum(least(a.chars, b.chars)) AS chars
            FROM long a JOIN long b ON a.line_hash = b.line_hash AND a.doc_id < b.doc_id
            WHERE a.line_hash IN (SELECT line_hash FROM linking)
            GROUP BY 1, 2
        )
        SELECT s.a, s.b FROM shared s JOIN sizes sa ON sa.doc_id = s.a JOIN sizes sb ON sb.doc_id = s.b
        WHERE s.n >= {MIN_SHARED_LINES} AND s.chars >= {SAME_STORY_SHARE} * least(sa.total, sb.total)
        ORDER BY 1, 2
    """


def story_of(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """doc -> story id (the smallest doc id of its group) for every document in some pair; others are their own."""
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in pairs:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return {doc: root(doc) for doc in parent}


def story_line_counts(con: Any, keys_sql: str) -> tuple[dict[str, int], int]:
    """(line_hash -> stories holding it, for lines in two or more; number of stories) over (doc_id, line_hash,
    long_chars) rows, with DuckDB: what the boilerplate stripper reads as corpus line frequencies."""
    con.execute(f"CREATE OR REPLACE TEMP TABLE story_keys AS {keys_sql}")
    long_lines = "SELECT doc_id, line_hash, long_chars AS chars FROM story_keys WHERE long_chars > 0"
    story = story_of(tuple(pair) for pair in con.execute(same_story_pairs_sql(long_lines)).fetchall())
    con.register("story_map", pa.table({"doc_id": list(story), "story_id": list(story.values())}, schema=_STORY_MAP))
    counted = (
        "SELECT k.line_hash, coalesce(s.story_id, k.doc_id) AS story "
        "FROM story_keys k LEFT JOIN story_map s USING (doc_id)"
    )
    n_stories = con.execute(f"SELECT count(DISTINCT story) FROM ({counted})").fetchone()[0]
    rows = con.execute(
        f"SELECT line_hash, count(DISTINCT story) AS n FROM ({counted}) GROUP BY 1 HAVING n >= 2"
    ).fetchall()
    return dict(rows), int(n_stories)


def story_key_counts(docs: list[dict[str, int]]) -> tuple[dict[str, int], int]:
    """The same counts in memory, from each document's line keys -> long-line characters (0: not long)."""
    ids = [f"{i:09d}" for i in range(len(docs))]
    long_keys = {d: {k: c for k, c in keys.items() if c > 0} for d, keys in zip(ids, docs, strict=True)}
    story = story_of(same_story_pairs(long_keys))
    holders: defaultdict[str, set[str]] = defaultdict(set)
    for d, keys in zip(ids, docs, strict=True):
        for key in keys:
            holders[key].add(story.get(d, d))
    counts = {key: len(s) for key, s in holders.items() if len(s) >= 2}
    return counts, len({story.get(d, d) for d in ids})
