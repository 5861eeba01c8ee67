"""Schemas of intermediate (staging) files that pass between stages of one run; never published."""

from __future__ import annotations

import pyarrow as pa

from schemas.tables import col, table_schema

INGESTED = table_schema(
    "Decoded new documents waiting to be stripped.",
    col("doc_id", pa.string(), "Document id."),
    col("content_hash", pa.string(), "sha256 of the normalised text."),
    col("source_paths", pa.list_(pa.string()), "Input paths holding this text."),
    col("byte_count", pa.int64(), "Size of the first source file."),
    col("encoding", pa.string(), "Encoding decoded from."),
    col("repairs", pa.list_(pa.string()), "Repairs applied."),
    col("language", pa.string(), "Detected language."),
    col("raw_text", pa.large_string(), "Normalised raw text."),
    col(
        "line_hashes",
        pa.list_(pa.string()),
        "Hash of the normalised key of every line of raw_text split on newlines, blank lines included (the lines "
        "rows' line_hash); empty for an HTML page, whose lines are made at strip time.",
        nullable=True,
    ),
)

LINE_KEYS = table_schema(
    "Normalised line hashes of every document of the refresh, for corpus-level furniture counts.",
    col("doc_id", pa.string(), "Document id."),
    col("line_hash", pa.string(), "Hash of the normalised line."),
    col(
        "long_chars",
        pa.int32(),
        "Characters of a paragraph-sized line, 0 for a shorter one (tasks/boilerplate/story_clusters.py: links "
        "copies of a story).",
    ),
)

LINE_STATS = table_schema(
    "Line hashes that recur across documents of the refresh.",
    col("line_hash", pa.string(), "Hash of the normalised line."),
    col("doc_freq", pa.int64(), "Distinct documents containing the line."),
)
