"""Stance extraction in one direction: document context -> actors -> candidate pairs -> encoder -> rows.

`context.build_context` makes one `DocContext` per parsed document (its view, linked mentions, one speaker resolver,
the author's holder id and genre); `candidates` turns it and the document's quotes into directed pairs and portrayal
targets; `decide` maps the encoder's probabilities to calibrated rows; `pipeline.extract_doc` wires them.
"""
