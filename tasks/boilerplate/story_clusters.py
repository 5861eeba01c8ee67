"""Near-duplicate documents of one refresh (the same story syndicated, updated or re-crawled) grouped as one story.

The boilerplate stripper reads a line that recurs across the documents of a refresh as furniture. Copies of one
story share their body paragraphs too, so counted per document their bodies would look like furniture and be
dropped (three copies of an article lost every body line; 60 copies lost every body line of every copy). Counting
a line once per *story* keeps the evidence for furniture (the same line under different articles) and removes it for
copies, however many there are.

Two documents are the same story when most of the text of their long lines (paragraph-sized: furniture lines are
mostly short) is the same: shared long lines hold at least SAME_STORY_SHARE of the characters of the smaller
document's long lines, and there are at least MIN_SHARED_LINES of them. Characters, not line counts: pages of one site
with short articles share several long standing lines (cookie notices, company details) but not the bulk of their
text; copies of a story share their body paragraphs, the longest lines.

Which pairs are checked comes from MinHash locality-sensitive hashing over each document's set of long lines, in
DuckDB: SIGNATURE_HASHES min-hashes per document, cut into bands of BAND_ROWS; documents that agree on a whole band
land in one bucket, and each bucket's members are checked against one pseudo-random member (a star, a different
centre in each band) and against the member before them (a chain), never all pairs. Every step is a scan, a
group-by, a sort within buckets or a join on those pairs: time and memory grow about linearly with the corpus (at
most 2 * SIGNATURE_HASHES / BAND_ROWS candidate pairs per document), with no cap on how many copies a story has.
Two documents whose long lines have Jaccard similarity J are checked directly with probability
1 - (1 - J^BAND_ROWS)^(SIGNATURE_HASHES / BAND_ROWS): 0.99 at J = 0.5; a copy linked to any other copy joins the
story (transitively), and later rounds join stories through their cores (group_stories).
"""

from __future__ import annotations

from collections import defaultdict
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
#: Min-hashes per document and rows per LSH band (SIGNATURE_HASHES / BAND_ROWS bands).
SIGNATURE_HASHES = 32
BAND_ROWS = 2
#: Rounds of grouping: documents first, then stories by their cores (see group_stories).
MERGE_ROUNDS = 3
_STORY_MAP = pa.schema([("doc_id", pa.string()), ("story_id", pa.string())])
_KEYS = pa.schema([("doc_id", pa.string()), ("line_hash", pa.string()), ("long_chars", pa.int64())])


def is_long_line(text: str) -> bool:
    """True when a line is paragraph-sized (LONG_LINE_WORDS words or more)."""
    return len(text.split()) >= LONG_LINE_WORDS


def long_chars(text: str) -> int:
    """Characters of a paragraph-sized line (the weight it links copies with), 0 for a shorter line."""
    return len(text) if is_long_line(text) else 0


def same_story_pairs_sql(long_lines: str) -> str:
    """DuckDB SQL of the checked same-story pairs (a < b) over (doc_id, line_hash, chars) rows of long lines."""
    return f"""
        WITH long AS (SELECT doc_id, line_hash, max(chars) AS chars FROM ({long_lines}) GROUP BY 1, 2),
        sizes AS (
            SELECT doc_id, sum(chars) AS total FROM long GROUP BY doc_id HAVING count(*) >= {MIN_SHARED_LINES}
        ),
        minhash AS (
            SELECT l.doc_id, r.s, min(hash(l.line_hash, r.s)) AS mh
            FROM (SELECT * FROM long SEMI JOIN sizes USING (doc_id)) l CROSS JOIN range({SIGNATURE_HASHES}) r(s)
            GROUP BY l.doc_id, r.s
        ),
        signature AS (
            SELECT doc_id, s // {BAND_ROWS} AS band, hash(list(mh ORDER BY s)) AS key
            FROM minhash GROUP BY doc_id, s // {BAND_ROWS}
        ),
        members AS (
            SELECT doc_id, band, key,
                first_value(doc_id) OVER (PARTITION BY band, key ORDER BY hash(doc_id, band), doc_id) AS centre,
                lag(doc_id) OVER (PARTITION BY band, key ORDER BY doc_id) AS previous
            FROM signature
        ),
        candidates AS (
            SELECT DISTINCT least(doc_id, other) AS a, greatest(doc_id, other) AS b
            FROM (
                SELECT doc_id, centre AS other FROM members
                UNION ALL SELECT doc_id, previous FROM members
            )
            WHERE other IS NOT NULL AND other <> doc_id
        ),
        shared AS (
            SELECT c.a, c.b, count(*) AS n, sum(least(la.chars, lb.chars)) AS chars
            FROM candidates c
            JOIN long la ON la.doc_id = c.a
            JOIN long lb ON lb.doc_id = c.b AND lb.line_hash = la.line_hash
            GROUP BY 1, 2
        )
        SELECT s.a, s.b FROM shared s JOIN sizes sa ON sa.doc_id = s.a JOIN sizes sb ON sb.doc_id = s.b
        WHERE s.n >= {MIN_SHARED_LINES} AND s.chars >= {SAME_STORY_SHARE} * least(sa.total, sb.total)
        ORDER BY 1, 2
    """


def same_story_pairs(long_keys: Mapping[str, Mapping[str, int]]) -> list[tuple[str, str]]:
    """The checked same-story pairs from each document's long-line keys -> characters (in memory, via DuckDB)."""
    import duckdb

    rows = [(doc, key, chars) for doc, keys in long_keys.items() for key, chars in keys.items() if chars > 0]
    con = duckdb.connect()
    try:
        con.register("long_rows", _keys_table(rows))
        sql = same_story_pairs_sql("SELECT doc_id, line_hash, long_chars AS chars FROM long_rows")
        return [tuple(r) for r in con.execute(sql).fetchall()]
    finally:
        con.close()


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


def group_stories(con: Any, keys_sql: str) -> dict[str, str]:
    """doc -> story id for the documents grouped with another, over (doc_id, line_hash, long_chars) rows.

    Round one links documents; each later round compares the stories found so far by their core (the long lines
    held by at least half of their copies, and by two: the story's own text, without any one site's furniture or
    edits) and single
    documents by their long lines, with the same test, so copies that each carry a different small edit, too far
    apart for the test one to one, still join through the text they share. At most MERGE_ROUNDS rounds; a round that
    links nothing ends it.
    """
    con.execute(
        "CREATE OR REPLACE TEMP TABLE story_long AS SELECT doc_id, line_hash, max(long_chars) AS chars "
        f"FROM ({keys_sql}) WHERE long_chars > 0 GROUP BY 1, 2"
    )
    story: dict[str, str] = {}
    units = "SELECT doc_id, line_hash, chars FROM story_long"
    for _ in range(MERGE_ROUNDS):
        merged = story_of(tuple(pair) for pair in con.execute(same_story_pairs_sql(units)).fetchall())
        if not merged:
            break
        for doc, unit in list(story.items()):
            story[doc] = merged.get(unit, unit)
        for unit, root in merged.items():  # a unit is a single document or a story, named by its smallest document
            story.setdefault(unit, root)
        con.register(
            "story_map", pa.table({"doc_id": list(story), "story_id": list(story.values())}, schema=_STORY_MAP)
        )
        units = """
            WITH m AS (
                SELECT l.doc_id, coalesce(s.story_id, l.doc_id) AS story, l.line_hash, l.chars
                FROM story_long l LEFT JOIN story_map s USING (doc_id)
            ),
            copies AS (SELECT story, count(DISTINCT doc_id) AS n FROM m GROUP BY story)
            SELECT m.story AS doc_id, m.line_hash, max(m.chars) AS chars
            FROM m JOIN copies c USING (story)
            GROUP BY m.story, m.line_hash, c.n
            HAVING c.n = 1 OR count(DISTINCT m.doc_id) >= greatest(2, c.n / 2)
        """
    return story


def story_line_counts(con: Any, keys_sql: str) -> tuple[dict[str, int], int]:
    """(line_hash -> stories holding it, for lines in two or more; number of stories) over (doc_id, line_hash,
    long_chars) rows, with DuckDB: what the boilerplate stripper reads as corpus line frequencies."""
    con.execute(f"CREATE OR REPLACE TEMP TABLE story_keys AS {keys_sql}")
    story = group_stories(con, "SELECT doc_id, line_hash, long_chars FROM story_keys")
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


def _keys_table(rows: list[tuple[str, str, int]]) -> pa.Table:
    """(doc_id, line_hash, long_chars) rows as an Arrow table."""
    return pa.table(
        {
            "doc_id": [r[0] for r in rows],
            "line_hash": [r[1] for r in rows],
            "long_chars": [r[2] for r in rows],
        },
        schema=_KEYS,
    )


def story_key_counts(docs: list[dict[str, int]]) -> tuple[dict[str, int], int]:
    """The same counts in memory, from each document's line keys -> long-line characters (0: not long)."""
    import duckdb

    ids = [f"{i:09d}" for i in range(len(docs))]
    rows = [(d, key, chars) for d, keys in zip(ids, docs, strict=True) for key, chars in keys.items()]
    con = duckdb.connect()
    try:
        con.register("doc_keys", _keys_table(rows))
        story = group_stories(con, "SELECT * FROM doc_keys")
    finally:
        con.close()
    holders: defaultdict[str, set[str]] = defaultdict(set)
    for d, keys in zip(ids, docs, strict=True):
        for key in keys:
            holders[key].add(story.get(d, d))
    counts = {key: len(s) for key, s in holders.items() if len(s) >= 2}
    return counts, len({story.get(d, d) for d in ids})
