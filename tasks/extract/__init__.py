"""Extraction, one way per parsed document: entities -> quotes -> speakers -> one context -> candidate pairs -> rows.

`entities` links spaCy's spans to canonical entities (`linking/`: gazetteer, document, corpus); `quotes/` finds direct
quotes, indirect speech and stated positions; `speakers` resolves who said them (one resolver per document, shared
with the stance steps); `context.build_context` makes the `DocContext` every later step reads (the Doc's view, linked
mentions, actors, quotes, the author's holder id and genre); `candidates` turns it into directed pairs and portrayal
targets; `scoring` asks the encoder that scores them (`encoder/`, ONNX; `polarity/`, the linear fallback); `decide`
maps probabilities to calibrated rows; `actions` and `reported` supply reported-action frames as evidence (`holders`:
who acts in them; `frame_words`: their word lists), `frames` puts them to the encoder; `ties` reads the stances a
group's own name states ('US-backed forces'); `members` credits a group's acts to the actor a sentence places in it
('Russia is the biggest of these nations'); `pipeline.extract_doc` wires them; `doc_stances` aggregates the
author's tone per document.
"""
