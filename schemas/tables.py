"""Arrow schemas of every warehouse table: the single source of truth for Parquet, GX suites and DuckDB views."""

from __future__ import annotations

import pyarrow as pa

_TS = pa.timestamp("us", tz="UTC")


def col(name: str, type_: pa.DataType, description: str, *, nullable: bool = False) -> pa.Field:
    """Build a field whose metadata carries its one-line description."""
    return pa.field(name, type_, nullable=nullable, metadata={"description": description})


def table_schema(description: str, *fields: pa.Field, notes: str = "") -> pa.Schema:
    """Build a table schema whose metadata carries the table's description (and optional notes for readers)."""
    meta = {"description": description} | ({"notes": notes} if notes else {})
    return pa.schema(list(fields), metadata=meta)


DOCUMENTS = table_schema(
    "One row per distinct document (same normalised text = same doc_id), with its kept body.",
    col("doc_id", pa.string(), "Stable id: first 20 hex digits of sha256 of the normalised text."),
    col("source_path", pa.string(), "First input path this text was read from (sorted)."),
    col("source_paths", pa.list_(pa.string()), "Every input path holding this same text."),
    col("content_hash", pa.string(), "Full sha256 hex digest of the normalised text."),
    col("byte_count", pa.int64(), "Size of the source file in bytes."),
    col("char_count", pa.int64(), "Characters in the normalised raw text."),
    col("encoding", pa.string(), "Encoding the bytes were decoded from (utf-8, cp1252, utf-16, ...)."),
    col("repairs", pa.list_(pa.string()), "Repairs applied while decoding (mojibake, invalid bytes, ...)."),
    col("title", pa.string(), "Headline found by the stripper.", nullable=True),
    col("outlet", pa.string(), "Publishing outlet when recognised.", nullable=True),
    col("byline", pa.string(), "Author line found by the stripper.", nullable=True),
    col("published", pa.string(), "Date or time text of the dateline, as written.", nullable=True),
    col(
        "published_at",
        _TS,
        "When the article was published, parsed from `published` (tasks/boilerplate/dates.py): only a date the page "
        "states in "
        "full (day, month, year) beside the headline or byline, the first one of 'Published ... Updated ...'; "
        "a date alone is midnight UTC, a time without a known zone is read as UTC. NULL when the page gives none, "
        "only a relative or partial date, or an ambiguous one (11/12/19); never in the future.",
        nullable=True,
    ),
    col("language", pa.string(), "ISO 639-1 language code detected on the text."),
    col("line_count", pa.int32(), "Lines in the raw text."),
    col("kept_line_count", pa.int32(), "Lines kept as body."),
    col("boilerplate_share", pa.float64(), "Share of non-blank raw characters dropped as furniture, 0..1."),
    col("raw_text", pa.large_string(), "Normalised raw text (NFC, LF line ends)."),
    col("clean_text", pa.large_string(), "Kept body lines joined by blank lines; NLP offsets point here."),
    col("ingested_at", _TS, "When this document was first processed."),
    col("run_id", pa.string(), "Run that processed this document."),
    col("pipeline_version", pa.string(), "Fingerprint of the code, rules and model that produced its rows."),
)

SOURCES = table_schema(
    "One row per input file that became (part of) a document.",
    col("source_path", pa.string(), "Input file path, relative to the input directory."),
    col("doc_id", pa.string(), "Document this file's text became."),
    col("size_bytes", pa.int64(), "File size in bytes."),
    col("mtime", _TS, "File modification time.", nullable=True),
    col("content_hash", pa.string(), "sha256 of the normalised text."),
    col("run_id", pa.string(), "Run that last read this file."),
)

LINES = table_schema(
    "Audit of boilerplate stripping: every raw line, kept or dropped, with a label and a reason.",
    col("doc_id", pa.string(), "Document of the line."),
    col("line_no", pa.int32(), "0-based line number in the raw text."),
    col("start_char", pa.int32(), "Offset of the line in documents.raw_text."),
    col("end_char", pa.int32(), "End offset (exclusive) of the line in documents.raw_text."),
    col("text", pa.string(), "The line's text."),
    col(
        "line_hash",
        pa.string(),
        "Hash of the normalised line; equal hashes across documents reveal furniture.",
    ),
    col("kept", pa.bool_(), "True when the line is part of clean_text."),
    col("label", pa.string(), "body, headline, byline, nav, share, related, caption, comment, footer, ..."),
    col("reason", pa.string(), "Rule id or model score that decided the label."),
    col("clean_start", pa.int32(), "Offset of the line in documents.clean_text when kept.", nullable=True),
)

ENTITIES = table_schema(
    "Canonical entities: gazetteer entries and corpus-level names, one id per actor.",
    col("entity_id", pa.string(), "Stable slug, e.g. person:sergey_lavrov, gov:russia."),
    col("canonical_name", pa.string(), "Preferred name."),
    col("type", pa.string(), "person, country, gov, org, armed_group, io, outlet, city, ..."),
    col("aliases", pa.list_(pa.string()), "Surface forms seen or known for this entity."),
    col("wikidata_id", pa.string(), "Wikidata QID when known.", nullable=True),
    col("parent_id", pa.string(), "Parent entity (a government's country).", nullable=True),
    col("source", pa.string(), "gazetteer or corpus."),
    col("mention_count", pa.int64(), "Mentions across the published corpus."),
    col("doc_count", pa.int64(), "Documents mentioning it."),
)

MENTIONS = table_schema(
    "Entity mentions in documents.clean_text, linked to canonical entities.",
    col("mention_id", pa.string(), "doc_id:start_char."),
    col("doc_id", pa.string(), "Document of the mention."),
    col("entity_id", pa.string(), "Linked entity; null when unlinked.", nullable=True),
    col("text", pa.string(), "Surface text, equal to clean_text[start_char:end_char]."),
    col("label", pa.string(), "spaCy entity label after the per-document vote (GROUP for a group_noun mention)."),
    col("start_char", pa.int32(), "Offset into documents.clean_text."),
    col("end_char", pa.int32(), "End offset (exclusive) into documents.clean_text."),
    col("sent_idx", pa.int32(), "Sentence index in the document."),
    col(
        "link_method",
        pa.string(),
        "ruler, alias, folded, fuzzy, surname, metonymy, demonym, corpus, group_noun (a collective actor named by a "
        "common noun: 'the Syrian opposition', 'US-backed forces'), none.",
    ),
)

DOC_ENTITIES = table_schema(
    "Entities per document with counts and salience: the main actors of each article.",
    col("doc_id", pa.string(), "Document."),
    col("entity_id", pa.string(), "Entity."),
    col("mention_count", pa.int32(), "Mentions of the entity in the document."),
    col("first_offset", pa.int32(), "Offset of the first mention in clean_text."),
    col("salience", pa.float64(), "0..1, higher when mentioned often and early (headline, lead)."),
)

QUOTES = table_schema(
    "Attributed speech and stated positions: one row per utterance (direct quote, indirect speech or a position "
    "after a cue such as demand, urge, call for), with its pieces.",
    col("quote_id", pa.string(), "doc_id:q:start_char."),
    col("doc_id", pa.string(), "Document."),
    col("speaker_id", pa.string(), "Entity id of the speaker when resolved.", nullable=True),
    col("speaker_text", pa.string(), "Speaker as written (may be a pronoun or role).", nullable=True),
    col("cue_verb", pa.string(), "Lemma of the cue (say, warn, demand, make clear, according to, ...).", nullable=True),
    col(
        "quote_text",
        pa.string(),
        "The whole utterance, clean_text[start_char:end_char]; for a quote in pieces this includes the cue clause "
        "between them (read the pieces for the words attributed).",
    ),
    col("start_char", pa.int32(), "Offset of the utterance (its first piece) in clean_text."),
    col("end_char", pa.int32(), "End offset (exclusive) of the utterance (its last piece) in clean_text."),
    col("kind", pa.string(), "direct (quote marks only) or indirect (reported, possibly with quoted words inside)."),
    col(
        "piece_starts",
        pa.list_(pa.int32()),
        "Start offsets in clean_text of the utterance's pieces, in text order (one piece: [start_char]).",
    ),
    col("piece_ends", pa.list_(pa.int32()), "End offsets (exclusive) of the pieces, aligned with piece_starts."),
    notes=(
        'One utterance is one row. A quote broken by its cue is one row with several pieces: in \'"We will talk," '
        "Putin said. \"We will win.\"' the row has quote_text from 'We will talk' to 'win.' (cue clause "
        "included), kind direct, speaker Putin, cue_verb say, and two pieces; the words Putin said are "
        "clean_text[piece_starts[i]:piece_ends[i]] for each i. In DuckDB (lists and substr count from 1): `SELECT "
        "q.quote_id, i, substr(d.clean_text, q.piece_starts[i] + 1, q.piece_ends[i] - q.piece_starts[i]) AS piece "
        "FROM quotes q JOIN documents d USING (doc_id), range(1, len(q.piece_starts) + 1) AS r(i)`. "
        "Quoted words inside reported speech ('X demanded \"a cessation of "
        "hostilities\"') are part of that indirect row, never a second row."
    ),
)

STANCES = table_schema(
    "Who holds a favourable or unfavourable stance towards whom, with the evidence span in clean_text. "
    "Only what a careful reader would record: no neutral co-mentions, no places (see portrayals for tone).",
    col("stance_id", pa.string(), "Stable id: hash of doc, holder, target and evidence offsets."),
    col("doc_id", pa.string(), "Document."),
    col(
        "holder_id",
        pa.string(),
        "Entity id of the holder (an actor), or the author:/outlet: id of an opinion piece's author.",
    ),
    col("holder_type", pa.string(), "author, outlet, or the holder entity's type."),
    col("target_id", pa.string(), "Entity id of the target actor (never a place)."),
    col("polarity", pa.string(), "favor or against."),
    col("score", pa.float64(), "Signed strength in [-1, 1]: P(favor) - P(against) in the holder's direction."),
    col(
        "confidence",
        pa.float64(),
        "Calibrated on the dev set: rows at confidence >= c were right at least a share c of the time there.",
    ),
    col("evidence_text", pa.string(), "Text that shows the stance; equals clean_text at its offsets."),
    col("evidence_start", pa.int32(), "Offset of evidence_text in clean_text."),
    col("evidence_end", pa.int32(), "End offset (exclusive) of evidence_text in clean_text."),
    col("sent_idx", pa.int32(), "Sentence index of the evidence."),
    col("attribution", pa.string(), "author_voice, direct_quote, indirect_speech or reported_action."),
    col("quote_id", pa.string(), "Quote the evidence comes from or lies in, if any.", nullable=True),
    col(
        "method",
        pa.string(),
        "encoder-directed, encoder-speaker, encoder-portrayal-author, frames-v1, or rules-v2+... (no encoder).",
    ),
    col("model_version", pa.string(), "Version of the model (and calibration) that decided the row."),
    notes=(
        "`stances` answers *who is for or against whom*: a holder actor's own position towards a target actor. "
        "Example: in 'Rhodes warned that Washington would seek to isolate Moscow', Ben Rhodes (holder) is against "
        "gov:russia (target), attribution indirect_speech. A sentence that merely names both ('Kerry and Lavrov met "
        "in Geneva') gives no row, and neither does a reporter's description in hard news. For counting, roll a "
        "government up to its state with the `stance_edges` view (gov:russia and country:russia count as one)."
    ),
)

PORTRAYALS = table_schema(
    "How one sentence portrays one actor (positive, negative or neutral; the NewsMTSC question), in whose voice.",
    col("portrayal_id", pa.string(), "Stable id: hash of doc, entity and mention offset."),
    col("doc_id", pa.string(), "Document."),
    col("entity_id", pa.string(), "The actor portrayed."),
    col("mention_start", pa.int32(), "Offset of the actor's mention in clean_text."),
    col("mention_end", pa.int32(), "End offset (exclusive) of the mention."),
    col("sent_idx", pa.int32(), "Sentence index."),
    col("evidence_text", pa.string(), "The sentence; equals clean_text at its offsets."),
    col("evidence_start", pa.int32(), "Offset of the sentence in clean_text."),
    col("evidence_end", pa.int32(), "End offset (exclusive) of the sentence."),
    col("voice_id", pa.string(), "Whose words: the quote's speaker id (speaker:unknown) or the author/outlet id."),
    col("voice_type", pa.string(), "author, outlet, the speaker entity's type, or unknown."),
    col("attribution", pa.string(), "author_voice, direct_quote or indirect_speech."),
    col("quote_id", pa.string(), "Quote the mention lies in, if any.", nullable=True),
    col("polarity", pa.string(), "positive, negative or neutral."),
    col("score", pa.float64(), "P(positive) - P(negative), in [-1, 1]."),
    col("confidence", pa.float64(), "Calibrated confidence of the polarity on the NewsMTSC dev set, 0..1."),
    col("method", pa.string(), "encoder-portrayal, or fallback-<linear model> without the encoder."),
    col("model_version", pa.string(), "Version of the model (and calibration)."),
    notes=(
        "`portrayals` answers *how does this sentence present this actor*, whoever holds a view: in 'The Assad "
        "regime's barrel bombs killed dozens of civilians', gov:syria is portrayed negatively in the author's voice, "
        "although no holder states a stance towards it. Every actor mention of every sentence gets a row (neutral "
        "included). `doc_stances` aggregates the author-voice rows of a document's most salient actors."
    ),
)

DOC_STANCES = table_schema(
    "Document-level tone of the author (or outlet) towards the document's most salient actors, from portrayals.",
    col("doc_id", pa.string(), "Document."),
    col("holder_id", pa.string(), "author:<slug> of the byline, else the outlet's id, else author:unknown."),
    col("holder_type", pa.string(), "author or outlet."),
    col("target_id", pa.string(), "Entity id of one of the document's most salient entities."),
    col("polarity", pa.string(), "favor, against or neutral: the sign of the weighted mean score."),
    col("score", pa.float64(), "Confidence-weighted mean of the author-voice portrayal scores, in [-1, 1]."),
    col("confidence", pa.float64(), "0..1, modest by design: agreement of the evidence, damped for little evidence."),
    col("evidence_count", pa.int32(), "Author-voice portrayals aggregated."),
    col("favor_count", pa.int32(), "Of which favor."),
    col("against_count", pa.int32(), "Of which against."),
    col("neutral_count", pa.int32(), "Of which neutral."),
    col("salience", pa.float64(), "The target's salience in the document (doc_entities.salience)."),
    col("method", pa.string(), "Aggregation method and version."),
)

REJECTS = table_schema(
    "Every input that did not become a document, with the reason.",
    col("source_path", pa.string(), "Input path (relative to the input directory)."),
    col("reason_code", pa.string(), "empty, binary, too_large, unreadable, undecodable, not_a_file, ..."),
    col("message", pa.string(), "What failed and what to do about it."),
    col("size_bytes", pa.int64(), "File size when known.", nullable=True),
    col("run_id", pa.string(), "Run that saw the reject."),
    col("rejected_at", _TS, "When it was rejected."),
)

RUNS = table_schema(
    "One row per refresh: versions, counts, timings and validation outcome.",
    col("run_id", pa.string(), "Run id (UTC timestamp and random suffix)."),
    col("started_at", _TS, "Start time."),
    col("ended_at", _TS, "End time."),
    col("status", pa.string(), "published, quarantined (published with quarantine) or failed."),
    col("input_dir", pa.string(), "Corpus directory."),
    col("code_version", pa.string(), "stancewire package version."),
    col("model_name", pa.string(), "spaCy model package."),
    col("model_version", pa.string(), "spaCy model version."),
    col("pipeline_version", pa.string(), "Fingerprint of code, rules and models."),
    col("docs_total", pa.int64(), "Documents published."),
    col("docs_new", pa.int64(), "Documents processed in this run."),
    col("docs_carried", pa.int64(), "Documents carried over unchanged."),
    col("rejects", pa.int64(), "Rejected inputs."),
    col("quarantined_rows", pa.int64(), "Rows quarantined by validation."),
    col("row_counts", pa.string(), "JSON object: published rows per table."),
    col("stage_seconds", pa.string(), "JSON object: seconds per stage."),
    col("validation", pa.string(), "JSON object: per-table validation outcome."),
)
