"""Quotes: direct quotes, indirect speech and stated positions in a parsed document, one row per utterance.

`utterances.extract_quotes` wires the passes: `marks` pairs quote marks, `direct` finds each quoted span's cue and
its subject, `headlines` reads claims in headline form, `nouns` claims voiced through a noun, `lexicon` holds the cue
verbs (with the mined ones in `cues.json`). Speakers are resolved by `tasks/extract/speakers.py`.
"""
